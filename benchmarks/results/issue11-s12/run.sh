#!/usr/bin/env bash
# The runs of BENCHMARKS.md "Twelfth pass" (issue 11), nothing else running on the machine; the pack at this pass's
# main (dist/target and james39/dist/target, built by bin/bench --james39 or by Maven beforehand), the eleventh pass's
# pack (main at e0ed068; its jars copied to $S11_38 and $S11_39) in the same rounds, and `strict:checks=none`: the
# pack's hook in James's chain with a policy of one rule of James's own (RemoteAddrInNetwork, allow) and none of the
# pack's checks, the floor under any policy enforced during the SMTP dialogue.
set -uo pipefail
cd "$(dirname "$0")/../../.."
out=${OUT:-/work/perf-out}; mkdir -p "$out"
s11_38=${S11_38:-/work/jars/jar-s11-38/access-denied-james38-0.1.0-SNAPSHOT.jar}
s11_39=${S11_39:-/work/jars/jar-s11-39/access-denied-james39-0.1.0-SNAPSHOT.jar}
# M15: James 3.8.1, CPU-bound on the accepted mix: (a), the hook without checks, (c), (c) of the eleventh pass
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 3 --pool-prefix 16 \
  --configs "none,strict:checks=none,strict:dns=nsd,strict:dns=nsd:jar=$s11_38" --conditions "dns=0,mix=accepted" \
  --out "$out/m15" > "$out/m15.log" 2>&1
# M16: the same on James 3.9.0, after 300 s of warm-up
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 300 --rounds 3 --pool-prefix 16 \
  --configs "none:line=3.9,strict:line=3.9:checks=none,strict:line=3.9:dns=nsd,strict:line=3.9:dns=nsd:jar=$s11_39" \
  --conditions "dns=0,mix=accepted" --out "$out/m16" > "$out/m16.log" 2>&1
# M17: M15 again without the eleventh pass's pack, 5 rounds (M15's rounds of (a) and of the hook alone spread widely)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --rounds 5 --pool-prefix 16 \
  --configs "none,strict:checks=none,strict:dns=nsd" --conditions "dns=0,mix=accepted" --out "$out/m17" > "$out/m17.log" 2>&1
# N12: the issue's own command line with the fixed driver (DNS 20 and 100 ms, 5 % loss; (a), (b), (c); 150 s warm-up)
bin/bench --no-build --no-jmh -- --seconds 20 --warmup 150 --configs none,builtin,strict --conditions 20,100,20/0.05 \
  --out "$out/n12" > "$out/n12.log" 2>&1
