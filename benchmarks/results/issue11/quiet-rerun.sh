#!/usr/bin/env bash
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=/work/perf-out/quiet-main; mkdir -p $out
log() { echo "[$(date +%T)] $*" | tee -a $out/steps.log; }
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -ntp -q -Djames39.skip -pl dist,launcher,benchmarks -am package -DskipTests > $out/build.log 2>&1
log "built; JMH after"
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s "EvidenceCacheBenchmark|ClassificationBenchmark.dynamicRdnsMix" > $out/jmh-after.txt 2>&1
log "JMH before"
java -jar /work/perf-out/jar-before/benchmarks-before.jar -f 1 -wi 3 -i 5 -w 1s -r 1s "EvidenceCacheBenchmark|ClassificationBenchmark.dynamicRdnsMix" > $out/jmh-before.txt 2>&1
log "A1 quiet (a, c, c-before)"
bin/bench --no-build --no-jmh -- --seconds 10 --warmup 15 --rounds 3 --pool-prefix 16 \
  --configs "none,strict,strict:jar=/work/perf-out/jar-before/access-denied-james38-0.1.0-SNAPSHOT.jar" \
  --conditions "dns=20,rtt=30;dns=0,mix=accepted" --out $out/a1 > $out/a1.log 2>&1
log "load: $(cut -d' ' -f1-3 /proc/loadavg)"
log "done"
