#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Eighth pass" (issue 11), nothing else running on the machine; the pack at this pass's
# main (dist/target and james39/dist/target, built by bin/bench --james39 or by Maven beforehand).
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
# N9: a real MX's senders: every message of a new client from a sender domain no cache holds (senders=new), so its
# SPF is looked up after MAIL FROM; pipelining (MAIL FROM and RCPT TO in one write, as MTAs send them) and not;
# senders 30 ms away at DNS 20 ms (the RCPT targets) and on the LAN at DNS 100 ms, beside the shared sender domains;
# the threads a pipelined RCPT TO holds while it waits for SPF: 32 IO threads (the samples) against 4, James 3.9.0's
# 16 executors (its default) against 4
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 60 --rounds 2 --pool-prefix 16 \
  --configs "none,builtin,strict,strict:io=4,strict:line=3.9,strict:line=3.9:exec=4" \
  --conditions "dns=20,rtt=30,pipe=1,senders=new;dns=20,rtt=30,senders=new;dns=100,pipe=1,senders=new;dns=100,pipe=1" \
  --out "$out/n9" > "$out/n9.log" 2>&1
# T9: the issue's own command line, as a new user runs it (conditions DNS 20 ms, DNS 100 ms, DNS 20 ms with 5 % loss;
# senders on the LAN), 3 rounds after 150 s of warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --configs none,builtin,strict \
  --conditions 20,100,20/0.05 --out "$out/t9" > "$out/t9.log" 2>&1
# X9: James 3.9.0's executors for the SPF wait N9 found (a pipelined RCPT TO from a new sender domain holds one while
# SPF is looked up): 16 (James's default) against 32 (as the samples' 32 IO threads on 3.8.1), 3.8.1 beside them;
# 50 clients at DNS 100 ms on the LAN and 30 ms away at DNS 20 ms, and 500 clients 30 ms away (where the second pass
# saw more executors lengthen the tail on full cores)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 60 --rounds 2 --pool-prefix 16 \
  --configs "strict,strict:line=3.9,strict:line=3.9:exec=32" \
  --conditions "dns=100,pipe=1,senders=new;dns=20,rtt=30,pipe=1,senders=new;dns=20,rtt=30,pipe=1,senders=new,clients=500" \
  --out "$out/x9" > "$out/x9.log" 2>&1
# M9: the CPU targets on this machine, CPU-bound on the accepted mix, the pack asking nsd directly
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 4 --pool-prefix 16 \
  --configs "none,strict:dns=nsd" --conditions "dns=0,mix=accepted" --out "$out/m9" > "$out/m9.log" 2>&1
# X9b: (c)/(b) at DNS 100 ms with new sender domains on James 3.9.0 with the samples' new 32 executors, (b) in the
# same rounds (X9 had no (b))
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 60 --rounds 2 --pool-prefix 16 \
  --configs "builtin,strict,strict:line=3.9" --conditions "dns=100,pipe=1,senders=new" --out "$out/x9b" > "$out/x9b.log" 2>&1
# JMH (about 3 minutes)
bin/bench --no-build --jmh-only > "$out/jmh.log" 2>&1
