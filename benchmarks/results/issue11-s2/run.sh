#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Second pass" (issue 11), one after the other on a machine with nothing else running.
# jar-start: the pack at 5272d54 (main when this pass began), built in a worktree: before/after in the same rounds.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out/s2}; mkdir -p $out
start=${START_JAR:-/work/perf-out/jar-start/access-denied-james38-0.1.0-SNAPSHOT.jar}
log() { echo "[$(date +%T)] $*" | tee -a $out/steps.log; }
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "A: sender 30 ms away, CPU-bound, paced; (a), (c), (c) at the start of this pass"
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 90 --rounds 3 --pool-prefix 16 \
  --configs "none,strict,strict:jar=$start" \
  --conditions "dns=20,rtt=30;dns=0,mix=accepted;dns=0,mix=accepted,rate=200" --out $out/a > $out/a.log 2>&1
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "B: DNS latency and loss against James's own handlers"
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 60 --rounds 3 --pool-prefix 16 \
  --configs "builtin,strict" --conditions "dns=20;dns=100;dns=20,loss=0.05" --out $out/b > $out/b.log 2>&1
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "C: James 3.9.0"
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 90 --rounds 3 --pool-prefix 16 --port-base 33000 \
  --configs "none:line=3.9,strict:line=3.9" --conditions "dns=20,rtt=30;dns=0,mix=accepted" --out $out/c > $out/c.log 2>&1
log "D: James 3.9.0, 500 connections, maxExecutorCount 16 (default) and 64"
bin/bench --no-build --no-jmh -- --seconds 15 --warmup 60 --rounds 2 --pool-prefix 16 --port-base 34000 \
  --configs "strict:line=3.9,strict:line=3.9:exec=64" --conditions "dns=20,rtt=30,clients=500" --out $out/d > $out/d.log 2>&1
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "done"
