-- POST /q: lookup by a unique attribute, against the current database, EDN in and out. Usage:
--   wrk -t2 -c32 -d10s -s bench/wrk/q.lua http://127.0.0.1:P -- <seeded-count>
-- Looks up "person-<random 0..seeded-count-1>", names that bench/run-wire.sh seeded beforehand.
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
setup = common.setup

local seeded = 10000

function init(args)
  seeded = tonumber(args[1] or seeded)
  math.randomseed(42 + (tid or 0))
  wrk.method = "POST"
  wrk.path = "/q"
  wrk.headers["Content-Type"] = "application/edn"
  wrk.headers["Accept"] = "application/edn"
end

function request()
  local body = string.format('{:query [:find ?e . :in $ ?n :where [?e :person/name ?n]] :args ["person-%d"]}',
    math.random(0, seeded - 1))
  return wrk.format(nil, nil, nil, body)
end

done = common.done("q")
