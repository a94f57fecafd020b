#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Fourth pass" (issue 11), one after the other, nothing else running on the machine.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p $out
# L1, L2 (James 3.8.1) and L3 (James 3.9.0): CPU-bound, accepted mix; (c) through the benchmark's DNS proxy and
# (c) asking nsd directly (dns=nsd), with the CPU of the benchmark's own processes and nsd beside James's
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none,strict,strict:dns=nsd" --conditions "dns=0,mix=accepted" --out $out/l38 > $out/l38.log 2>&1
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 300 --rounds 3 --pool-prefix 16 --port-base 33000 \
  --configs "none:line=3.9,strict:line=3.9,strict:line=3.9:dns=nsd" --conditions "dns=0,mix=accepted" --out $out/l39 > $out/l39.log 2>&1
