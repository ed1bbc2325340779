-- POST one JSON $batch of N GETs by key (N = 20 by default). Usage:
--   wrk ... -s batch_get_by_id.lua http://127.0.0.1:PORT/beta/$batch -- <ids.txt> [N]
-- Every batch asks for N random events of the ids file (key as a path segment); wrk's requests/s
-- times N is events read per second.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local L = dofile(dir .. "lib.lua")
setup = L.setup
done = L.done

local ids = {}
local size = 20

function init(args)
  L.seed()
  for id in L.read_file(assert(args[1], "ids file required")):gmatch("[^\r\n]+") do ids[#ids + 1] = id end
  assert(#ids > 0, "no ids")
  size = tonumber(args[2] or "20")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  local items = {}
  for i = 1, size do
    items[i] = string.format('{"id":"%d","method":"GET","url":"deviceManagement/auditEvents/%s"}', i,
      ids[math.random(1, #ids)])
  end
  return wrk.format(nil, nil, nil, '{"requests":[' .. table.concat(items, ",") .. ']}')
end
