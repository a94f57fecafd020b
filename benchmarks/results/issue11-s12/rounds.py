#!/usr/bin/env python3
"""Every round of an admission benchmark report (admission-*.json): messages a second and the CPU a message of James,
the load driver and nsd, and of all of them (the machine's whole cost of a message, which the throughput ratio of a
CPU-bound run follows).

  rounds.py admission-STAMP.json
"""
import json
import sys


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    report = json.load(open(argv[1]))
    print('| round | config | msg/s | James ms | load driver ms | nsd ms | all ms |\n|---:|---|---:|---:|---:|---:|---:|')
    for run in report['runs']:
        messages = run['load']['messages']
        per = lambda seconds: 1000 * seconds / messages
        everything = run['cpuSeconds'] + run['loadDriverCpuSeconds'] + run['nsdCpuSeconds'] + run['dnsProxiesCpuSeconds']
        config = run['config'].split(':jar=')[0] + (':jar=' + run['config'].split('/')[-2] if ':jar=' in run['config'] else '')
        print(f"| {run['round']} | {config} | {run['load']['messagesPerSecond']:.0f} | {run['cpuMsPerMessage']:.3f} "
              f"| {per(run['loadDriverCpuSeconds']):.3f} | {per(run['nsdCpuSeconds']):.3f} | {per(everything):.3f} |")


if __name__ == '__main__':
    main(sys.argv)
