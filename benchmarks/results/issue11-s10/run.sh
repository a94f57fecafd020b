#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Tenth pass" (issue 11), nothing else running on the machine; the pack at this pass's
# main (dist/target and james39/dist/target, built by bin/bench --james39 or by Maven beforehand), and the pack of the
# ninth pass (main at 8939d17, before SPF results were kept across connections; its jars copied to $S9_38 and
# $S9_39) in the same rounds.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
s9_38=${S9_38:-/work/jars/jar-s9-38/access-denied-james38-0.1.0-SNAPSHOT.jar}
s9_39=${S9_39:-/work/jars/jar-s9-39/access-denied-james39-0.1.0-SNAPSHOT.jar}
# S10: the repeat-client target on both lines, each against (a) on its own line: pipelining senders 30 ms away at DNS
# 20 ms with a new sender domain a message (the repeat client keeps its own, whose SPF result is now kept across its
# connections), and the same without pipelining (the issue's R 30 ms condition); 3 rounds of 20 s after 120 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 120 --rounds 3 --pool-prefix 16 \
  --configs "none,none:line=3.9,strict,strict:jar=$s9_38,strict:line=3.9,strict:line=3.9:jar=$s9_39" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new;dns=20,rtt=30" --out "$out/s10" > "$out/s10.log" 2>&1
# M11: the CPU targets, CPU-bound on the accepted mix (new clean clients and the repeat client), the pack asking nsd
# directly; 3 rounds of 20 s after 150 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict:dns=nsd,strict:dns=nsd:jar=$s9_38" --conditions "dns=0,mix=accepted" --out "$out/m11" > "$out/m11.log" 2>&1
# S11: James 3.9.0 after a longer warm-up: S10 showed (c) on 3.9.0 still getting faster from round to round (its JIT
# compiler threads 0.5 ms of CPU a message after 120 s), so the repeat-client figure on 3.9.0 is measured again after
# 300 s; 3 rounds of 20 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9,strict:line=3.9:jar=$s9_39" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new" --out "$out/s11" > "$out/s11.log" 2>&1
# S12: S11's James 3.9.0 pair with both paced at the same rate (350 msg/s, below what (a) serves), to tell the
# pack's own time at RCPT TO from the load of the more sessions (c) serves a second (it ends refused ones early)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new,rate=350" --out "$out/s12" > "$out/s12.log" 2>&1
