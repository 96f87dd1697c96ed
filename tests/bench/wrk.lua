-- tests/bench/wrk.lua -- wrk script of make bench (tests/bench/bench.py).
-- Request: method BENCH_METHOD (default GET), extra headers from BENCH_HEADERS
-- ("Name: value" pairs separated by "\n"). At the end, one line on stdout:
--   BENCH-RESULT {"requests":..,"duration_us":..,"p50_us":..,..}
-- which bench.py parses (wrk's own text report is ignored).
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local hs = os.getenv("BENCH_HEADERS") or ""
for line in string.gmatch(hs, "[^\n]+") do
	local name, value = string.match(line, "^([^:]+):%s*(.*)$")
	if name then wrk.headers[name] = value end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'BENCH-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
		'"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
		'"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
		summary.requests, summary.duration, summary.bytes,
		latency:percentile(50), latency:percentile(90), latency:percentile(99),
		latency.max, latency.mean,
		e.connect, e.read, e.write, e.status, e.timeout))
end
