#!/usr/bin/env bash
# issue 11 measurements, in order of importance; each step logs to /work/perf-out/final/
set -uo pipefail
cd /work/wt-perf
out=/work/perf-out/final
mkdir -p $out
log() { echo "[$(date +%T)] $*" | tee -a $out/steps.log; }
log "JMH after"
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 4 -w 1s -r 1s "EvidenceCacheBenchmark|ClassificationBenchmark.dynamicRdnsMix|ParsingBenchmark.domainName" > $out/jmh-after.txt 2>&1
log "JMH before"
java -jar /work/perf-out/jar-before/benchmarks-before.jar -f 1 -wi 2 -i 4 -w 1s -r 1s "EvidenceCacheBenchmark|ClassificationBenchmark.dynamicRdnsMix|ParsingBenchmark.domainName" > $out/jmh-before.txt 2>&1
log "A1 (a, c, c-before): R 30 DNS 20; accepted and refused mixes at DNS 0"
bin/bench --no-build --no-jmh -- --seconds 10 --warmup 15 --rounds 3 --pool-prefix 16 \
  --configs "none,strict,strict:jar=/work/perf-out/jar-before/access-denied-james38-0.1.0-SNAPSHOT.jar" \
  --conditions "dns=20,rtt=30;dns=0,mix=accepted;dns=0,mix=refused" --jfr true --out $out/a1 > $out/a1.log 2>&1
log "A2 (b, c): DNS 20, 100, 20 with 5 % loss"
bin/bench --no-build --no-jmh -- --seconds 10 --warmup 15 --rounds 3 --pool-prefix 16 --port-base 41000 \
  --configs "builtin,strict" --conditions "dns=20;dns=100;dns=20,loss=0.05" --out $out/a2 > $out/a2.log 2>&1
if [ -f james39/server/target/james/lib/james-server-memory-app-3.9.0.jar ] && ls james39/dist/target/access-denied-james39-*.jar >/dev/null 2>&1; then
  log "B (3.9.0): R 30 DNS 20; accepted mix DNS 0"
  bin/bench --no-build --no-jmh -- --seconds 10 --warmup 15 --rounds 3 --pool-prefix 16 --port-base 31000 \
    --configs "none:line=3.9,strict:line=3.9" --conditions "dns=20,rtt=30;dns=0,mix=accepted" --out $out/b39 > $out/b39.log 2>&1
else
  log "B skipped: the 3.9 line is not built"
fi
log "C threads: 50 and 500 clients, R 30, DNS 20"
bin/bench --no-build --no-jmh -- --seconds 10 --warmup 15 --rounds 2 --pool-prefix 16 --port-base 41000 \
  --configs "strict:io=4:spf=4,strict,strict:io=128:spf=128" --conditions "dns=20,rtt=30;dns=20,rtt=30,clients=500" --out $out/c > $out/c.log 2>&1
log "memory"
java -Xmx512m -cp benchmarks/target/benchmarks.jar org.accessdenied.bench.MemoryFootprint 2000 2>/dev/null | grep -v -E "^\[|^org.apache|^\s+at " > $out/memory.txt
log "done"
