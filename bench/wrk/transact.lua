-- POST /transact of small transactions: 1 new entity, 5 attributes (one of them a ref to an
-- existing entity), EDN in and out. Usage:
--   wrk -t2 -c32 -d10s -s bench/wrk/transact.lua http://127.0.0.1:P -- <friend-entity-id> <run-tag>
-- Every request names a new person "<run-tag>-<thread>-<n>" (:person/name is unique identity,
-- so a repeated name would upsert instead of creating an entity).
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
setup = common.setup

local friend, tag, n = "0", "run", 0

function init(args)
  friend = args[1] or friend
  tag = (args[2] or tag) .. "-" .. tostring(tid or 0)
  wrk.method = "POST"
  wrk.path = "/transact"
  wrk.headers["Content-Type"] = "application/edn"
  wrk.headers["Accept"] = "application/edn"
end

function request()
  n = n + 1
  local name = tag .. "-" .. n
  local body = string.format(
    '{:tx-data [{:db/id "p" :person/name "%s" :person/email "%s@example.com" :person/age %d :person/city "city-%d" :person/friend %s}]}',
    name, name, n % 90, n % 50, friend)
  return wrk.format(nil, nil, nil, body)
end

done = common.done("transact")
