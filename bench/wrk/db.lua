-- GET /db: the current database descriptor (the framework's floor). Usage:
--   wrk -t2 -c32 -d10s -s bench/wrk/db.lua http://127.0.0.1:P
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")
wrk.method = "GET"
wrk.path = "/db"
wrk.headers["Accept"] = "application/edn"
done = common.done("db")
