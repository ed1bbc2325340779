#!/usr/bin/env python3
"""Keyset paging cost: follows @odata.nextLink from the first page to the last and compares the
latency of the first pages with the deepest ones.
  bench/deep-walk.py URL [BEARER_TOKEN]   (loopback only; e.g. URL = .../beta/deviceManagement/auditEvents)
Prints: deepwalk pages=N first10_ms=... last10_ms=... ratio=..."""
import json, sys, time, urllib.request

url = sys.argv[1]
if not url.startswith("http://127.0.0.1:"):
    sys.exit("loopback only")
headers = {"Accept": "application/json"}
if len(sys.argv) > 2:
    headers["Authorization"] = "Bearer " + sys.argv[2]
times, rows = [], 0
while url and len(times) < 100000:
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        page = json.load(response)
    times.append((time.perf_counter() - start) * 1000)
    rows += len(page["value"])
    url = page.get("@odata.nextLink")
first, last = times[1:11], times[-10:]  # page 1 is warm-up
avg = lambda xs: sum(xs) / len(xs)
print(f"deepwalk pages={len(times)} rows={rows} first10_ms={avg(first):.2f} last10_ms={avg(last):.2f} "
      f"ratio={avg(last) / avg(first):.2f}")
