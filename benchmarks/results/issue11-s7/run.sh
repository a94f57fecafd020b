#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Seventh pass" (issue 11), nothing else running on the machine: the pack before this pass
# (jar-s6/: main at dcc09fa) against the pack with the read pause (dist/target), in the same interleaved rounds.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
# T7: the RCPT and throughput targets (senders 30 ms away), (c)/(b) at DNS 100 and 20 ms with senders on the LAN;
# the pause's effect on the threads the hook needs: the sample's 32 IO threads against 4 (James 3.8.1's default on 2 cores)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,builtin,strict:jar=$out/jar-s6/pack.jar,strict,strict:io=4" --conditions "dns=20,rtt=30;dns=100;dns=20" \
  --out "$out/t7" > "$out/t7.log" 2>&1
# M7: the CPU targets, CPU-bound on the accepted mix, the pack asking nsd directly
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 4 --pool-prefix 16 \
  --configs "none,strict:dns=nsd:jar=$out/jar-s6/pack.jar,strict:dns=nsd" --conditions "dns=0,mix=accepted" \
  --out "$out/m7" > "$out/m7.log" 2>&1
# P7: senders that pipeline MAIL FROM and RCPT TO (RFC 2920), whose RCPT TO is read with MAIL FROM, beside the same
# condition without pipelining; James 3.9.0 too (jar-s6-39/: main at dcc09fa, James 3.9 line); 2 rounds, 90 s warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 90 --rounds 2 --pool-prefix 16 \
  --configs "builtin,strict:jar=$out/jar-s6/pack.jar,strict,strict:io=4,strict:line=3.9:jar=$out/jar-s6-39/pack.jar,strict:line=3.9" \
  --conditions "dns=100;dns=100,pipe=1" --out "$out/p7" > "$out/p7.log" 2>&1
# The second step (the pause after HELO/EHLO too), against the first (jar-7a/: main at b7e7829, the pause after MAIL
# FROM only; jar-7a-39/ its James 3.9 jar) in the same rounds.
# P8: pipelining and non-pipelining senders on the LAN at DNS 100 ms and 30 ms away at DNS 20 ms; 2 rounds, 120 s warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 120 --rounds 2 --pool-prefix 16 \
  --configs "none,builtin,strict:jar=$out/jar-7a/pack.jar,strict,strict:io=4,strict:line=3.9:jar=$out/jar-7a-39/pack.jar,strict:line=3.9" \
  --conditions "dns=100;dns=100,pipe=1;dns=20,rtt=30,pipe=1;dns=20,rtt=30" --out "$out/p8" > "$out/p8.log" 2>&1
# M8: the CPU targets again, with both pauses
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 4 --pool-prefix 16 \
  --configs "none,strict:dns=nsd:jar=$out/jar-7a/pack.jar,strict:dns=nsd" --conditions "dns=0,mix=accepted" \
  --out "$out/m8" > "$out/m8.log" 2>&1
