-- Readers for wrk: every connection cycles through the public pages and feeds listed in
-- the file given after "--" (one path per line), starting at a different place.
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d errors=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
