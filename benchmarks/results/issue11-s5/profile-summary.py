#!/usr/bin/env python3
"""Summaries of async-profiler CPU profiles (collapsed stacks, `asprof -e cpu -i 1ms -o collapsed`) of James processes
of the admission benchmark, per message: a profile's samples are scaled to the CPU per message the benchmark measured
for that James over the same rounds (its "CPU ms/msg").

  profile-summary.py activities A.collapsed CPU_A C.collapsed CPU_C   James's CPU by activity, (a) against (c)
  profile-summary.py pack C.collapsed CPU_C [N]                       the pack's methods, exclusive of other pack methods
  profile-summary.py methods B.collapsed CPU_B C.collapsed CPU_C NAME... inclusive cost of pack methods, B against C
"""
import collections
import sys


def stacks(path):
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(' ')
        yield stack.split(';'), int(count)


def activity(frames):
    text = ';'.join(frames)
    for needle, name in (('JamesMailSpooler', 'spooler (mailet pipeline, the HighSpamScore matchers)'),
                         ('receiveLoop', "the pack's DNS receive thread (answers and what follows them)"),
                         ('SpfEvaluator', 'SPF (jSPF on the pack\'s SPF threads)'),
                         ('io/netty', "SMTP IO threads (James's SMTP and the hook, the DNS sends included)"),
                         ('MemoryMailQueue', 'mail queue'), ('reactor', 'mail queue'),
                         ('G1', 'GC'), ('GC', 'GC'), ('Compile', 'JIT'), ('C2', 'JIT'),
                         ('ScheduledThreadPool', 'timers')):
        if needle in text:
            return name
    return 'other'


def per_message(path, cpu_ms, key):
    total, counts = 0, collections.Counter()
    for frames, n in stacks(path):
        total += n
        for k in key(frames):
            counts[k] += n
    return {k: v * cpu_ms / total for k, v in counts.items()}


def pack_frames(frames):
    return [f for f in frames if 'accessdenied' in f and 'Lambda' not in f]


def main(argv):
    mode = argv[1]
    if mode == 'activities':
        a = per_message(argv[2], float(argv[3]), lambda f: [activity(f)])
        c = per_message(argv[4], float(argv[5]), lambda f: [activity(f)])
        print('| activity | (a) ms/msg | (c) ms/msg | (c) - (a) |\n|---|---:|---:|---:|')
        for k in sorted(set(a) | set(c), key=lambda k: -(c.get(k, 0) - a.get(k, 0))):
            print(f'| {k} | {a.get(k, 0):.3f} | {c.get(k, 0):.3f} | {c.get(k, 0) - a.get(k, 0):+.3f} |')
        print(f'| all | {sum(a.values()):.3f} | {sum(c.values()):.3f} | {sum(c.values()) - sum(a.values()):+.3f} |')
    elif mode == 'pack':
        c = per_message(argv[2], float(argv[3]), lambda f: pack_frames(f)[-1:])
        print('| pack method (with the library and kernel code below it) | us/msg |\n|---|---:|')
        for k, v in sorted(c.items(), key=lambda kv: -kv[1])[:int(argv[4]) if len(argv) > 4 else 25]:
            print(f'| `{k.split("/")[-1]}` | {1000 * v:.1f} |')
    elif mode == 'methods':
        b = per_message(argv[2], float(argv[3]), lambda f: set(pack_frames(f)))
        c = per_message(argv[4], float(argv[5]), lambda f: set(pack_frames(f)))
        print('| pack method (inclusive) | B us/msg | C us/msg | C - B |\n|---|---:|---:|---:|')
        for name in argv[6:]:
            vb = 1000 * sum(v for k, v in b.items() if k.endswith(name))
            vc = 1000 * sum(v for k, v in c.items() if k.endswith(name))
            print(f'| `{name}` | {vb:.1f} | {vc:.1f} | {vc - vb:+.1f} |')
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
