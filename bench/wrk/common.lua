-- Shared by the wrk scripts of bench/run-wire.sh (issue #5): a done() that prints one
-- machine-readable line with throughput, latency percentiles and error counts.
local M = {}

function M.done(label)
  return function(summary, latency, requests)
    local secs = summary.duration / 1e6
    local e = summary.errors
    local bad = e.connect + e.read + e.write + e.timeout
    io.write(string.format(
      "RESULT %s requests=%d secs=%.2f rate=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      label, summary.requests, secs, summary.requests / secs,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, e.status, bad))
  end
end

-- Gives each wrk thread its own number, so generated names never collide across threads.
local counter = 0
function M.setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

return M
