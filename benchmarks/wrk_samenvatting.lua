-- Loaded by benchmarks/wrk.py with wrk --script: after the run, one line with the
-- summary in numbers (microseconds), read back by wrk.lees_uitvoer.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'wrk-json {"duur_us": %.0f, "verzoeken": %.0f, "bytes": %.0f, ' ..
    '"connect": %.0f, "read": %.0f, "write": %.0f, "timeout": %.0f, "status": %.0f, ' ..
    '"p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, "max_us": %.0f, "gem_us": %.1f}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
