#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Third pass" (issue 11), one after the other, nothing else running on the machine.
# jar-pre-direct: the pack of the second pass without "answers complete on the receive thread" (as in run E).
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out/s3}; mkdir -p $out
pre=${PRE_DIRECT_JAR:-/work/perf-out/jar-pre-direct/access-denied-james38-0.1.0-SNAPSHOT.jar}
# G: senders 30 ms away, 5 rounds after 240 s of warm-up; the decision lines (waited=) of the James homes are kept
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 240 --rounds 5 --pool-prefix 16 \
  --configs "none,strict,strict:jar=$pre" --conditions "dns=20,rtt=30" --out $out/r30 > $out/r30.log 2>&1
# H: the same condition free-running and paced at the same rate for (a) and (c)
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict" --conditions "dns=20,rtt=30;dns=20,rtt=30,rate=300" --out $out/paced > $out/paced.log 2>&1
# I: (c) against James's own handlers at DNS 20 and 100 ms, senders on the LAN, after 300 s of warm-up
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none,builtin,strict" --conditions "dns=20;dns=100" --out $out/bc > $out/bc.log 2>&1
# J: the same at DNS 100 ms with 32 (the samples) and 64 SMTP IO threads for (b) and (c) alike
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 180 --rounds 3 --pool-prefix 16 \
  --configs "builtin,strict,builtin:io=64,strict:io=64" --conditions "dns=100" --out $out/io > $out/io.log 2>&1
# K: James 3.9.0, senders 30 ms away and CPU-bound, after 300 s of warm-up (run C had 90 s)
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 300 --rounds 3 --pool-prefix 16 --port-base 33000 \
  --configs "none:line=3.9,strict:line=3.9" --conditions "dns=20,rtt=30;dns=0,mix=accepted" --out $out/k39 > $out/k39.log 2>&1
