-- wrk script for the report submission bench (devtools/bench/measure.py).
--
--   wrk -t1 -cN -dSs -s submit.lua http://127.0.0.1:PORT -- candidates.txt
--
-- candidates.txt has one "obligation_id token" per line. Each wrk thread takes every
-- n-th line. A thread's connections share one queue: a created report (201) queues its
-- submit, and the next free connection sends the queued submit before starting another
-- report, so every create is followed by the submit of that same report with the same
-- unit's token. done() prints one line "BENCH-WRK {json}" for the Python side.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local queue_obligations = {}
local position = 1
local token_of = {}
local submits = {}
local created, submitted, failed, exhausted = 0, 0, 0, 0
local samples = ""

local function headers(token)
  return {["Authorization"] = "Token " .. token,
          ["Content-Type"] = "application/json",
          ["Accept"] = "application/json"}
end

function init(args)
  local path = args[1]
  local step = tonumber(args[2]) or 1
  local me = tonumber(wrk.thread:get("index")) or 0
  local n = 0
  for line in io.lines(path) do
    local obligation, token = line:match("^(%d+)%s+(%S+)")
    if obligation then
      if n % step == me then
        table.insert(queue_obligations, obligation)
        token_of[obligation] = token
      end
      n = n + 1
    end
  end
end

function request()
  local pending = table.remove(submits, 1)
  if pending then
    return wrk.format("POST", "/api/v1/reports/" .. pending[1] .. "/submit/",
                      headers(pending[2]), "{}")
  end
  local obligation = queue_obligations[position]
  if obligation == nil then
    -- Out of pending obligations: stop this thread. wrk needs a request all the same; if
    -- it goes out before the loop stops, its answer is not counted (see response()).
    exhausted = 1
    wrk.thread:set("exhausted", exhausted)
    wrk.thread:stop()
    return wrk.format("GET", "/api/v1/")
  end
  position = position + 1
  local body = '{"obligation": ' .. obligation ..
               ', "text": "Báo cáo tiến độ (bench).", "results_text": "Đã triển khai thực hiện."}'
  return wrk.format("POST", "/api/v1/reports/", headers(token_of[obligation]), body)
end

function response(status, hdrs, body)
  if exhausted == 1 and status == 401 then
    return
  end
  if status == 201 then
    -- The report's own "id" is the first key of the body; its obligation names the token.
    local id = body:match('"id"%s*:%s*(%d+)')
    local obligation = body:match('"obligation"%s*:%s*(%d+)')
    if id and obligation and token_of[obligation] then
      created = created + 1
      table.insert(submits, {id, token_of[obligation]})
    else
      failed = failed + 1
    end
  elseif status == 200 and body:find('"status"%s*:%s*"submitted"') then
    submitted = submitted + 1
  else
    failed = failed + 1
    if #samples < 600 then
      samples = samples .. status .. " " .. body:sub(1, 120):gsub('[%c"\\]', " ") .. " | "
    end
  end
  wrk.thread:set("created", created)
  wrk.thread:set("submitted", submitted)
  wrk.thread:set("failed", failed)
  wrk.thread:set("exhausted", exhausted)
  wrk.thread:set("samples", samples)
end

function done(summary, latency, requests)
  local c, s, f, x, text = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    c = c + (tonumber(thread:get("created")) or 0)
    s = s + (tonumber(thread:get("submitted")) or 0)
    f = f + (tonumber(thread:get("failed")) or 0)
    x = x + (tonumber(thread:get("exhausted")) or 0)
    text = text .. (thread:get("samples") or "")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-WRK {"duration_us": %d, "requests": %d, "created": %d, "submitted": %d, ' ..
    '"failed": %d, "exhausted_threads": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "max_us": %d, "samples": "%s"}\n',
    summary.duration, summary.requests, c, s, f, x, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, text))
end
