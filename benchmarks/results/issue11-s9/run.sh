#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Ninth pass" (issue 11), nothing else running on the machine; the pack at this pass's
# main (dist/target and james39/dist/target, built by bin/bench --james39 or by Maven beforehand), and the pack
# before the end-of-DATA decision (main at b8b52fb, its 3.8.1 jar copied to $BEFORE) in the same rounds.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
before=${BEFORE:-/work/jars/jar-before/access-denied-james38-0.1.0-SNAPSHOT.jar}
# N10: the eighth pass's misses, with a RCPT TO pipelined with MAIL FROM now decided at the end of DATA when its
# sender domain's SPF is not in: every message of a new client from a sender domain no cache holds (senders=new),
# MAIL FROM and RCPT TO in one write; senders 30 ms away at DNS 20 ms (the RCPT targets) and on the LAN at DNS
# 100 ms ((c)/(b)); the shared sender domains at R 30 ms as a check that nothing else moved. James 3.9.0 with the
# samples' 32 executors beside 3.8.1.
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 60 --rounds 2 --pool-prefix 16 \
  --configs "none,builtin,strict,strict:jar=$before,strict:line=3.9" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new;dns=100,pipe=1,senders=new;dns=20,rtt=30,pipe=1" \
  --out "$out/n10" > "$out/n10.log" 2>&1
# M10: the CPU targets, CPU-bound on the accepted mix, the pack asking nsd directly (the change adds work to every
# RCPT TO: a look at which verdicts are in before deciding)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict:dns=nsd,strict:dns=nsd:jar=$before" --conditions "dns=0,mix=accepted" --out "$out/m10" > "$out/m10.log" 2>&1
# N11: N10 again with the final code, in which a pipelined RCPT TO waits up to 3 ms for its verdict before leaving it
# for the end of DATA (N10 found that without it, a new connection's SPF evaluation on cached answers, CPU on the
# pack's SPF threads, was never in when the pipelined RCPT TO came, so senders whose SPF fails from a cached record
# were refused at the end of DATA instead of at RCPT TO); 3 rounds after 120 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 120 --rounds 3 --pool-prefix 16 \
  --configs "none,builtin,strict,strict:jar=$before,strict:line=3.9" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new;dns=100,pipe=1,senders=new;dns=20,rtt=30,pipe=1" \
  --out "$out/n11" > "$out/n11.log" 2>&1
# X10: the threads with the end-of-DATA decision: 4 IO threads (3.8.1) and 4 executors (3.9.0) against the samples'
# 32, pipelining senders with new sender domains; and (a) on James 3.9.0, to tell James 3.9.0's own cost per
# command from the pack's on that line; 2 rounds of 20 s after 60 s
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 60 --rounds 2 --pool-prefix 16 \
  --configs "none,none:line=3.9,strict,strict:io=4,strict:line=3.9,strict:line=3.9:exec=4" \
  --conditions "dns=100,pipe=1,senders=new;dns=20,rtt=30,pipe=1,senders=new" --out "$out/x10" > "$out/x10.log" 2>&1
