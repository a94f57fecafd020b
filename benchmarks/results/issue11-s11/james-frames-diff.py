#!/usr/bin/env python3
"""James's own CPU (stacks with no pack frame) of two async-profiler CPU profiles (collapsed stacks), per message,
by the innermost James frame (else the thread's first frame, or the kernel frame on top), largest (c) - (a) first.
A lambda's frame is named without the number and address its JVM gave it (MDCBuilder$$Lambda.accept): the same
lambda has another in each process, which would show it as new in (c) and gone from (a).

  james-frames-diff.py A.collapsed CPU_A C.collapsed CPU_C     CPU_*: the run's CPU ms a message under the profiler
"""
import collections
import re
import sys

LAMBDA = re.compile(r'\$\$Lambda(\$\d+)?(\.0x[0-9a-f]+|/0x[0-9a-f]+)?')


def per_message(path, cpu_ms):
    total, counts = 0, collections.Counter()
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(' ')
        frames, n = [LAMBDA.sub('$$Lambda', f) for f in stack.split(';')], int(count)
        total += n
        if any('accessdenied' in f for f in frames):
            counts['<a pack frame on the stack>'] += n
            continue
        james = [f for f in frames if f.startswith('org/apache/james')]
        if james:
            counts[james[-1]] += n
        elif frames[-1].endswith('_[k]'):
            counts['kernel:' + frames[-1]] += n
        else:
            counts['other:' + (frames[1] if len(frames) > 1 else frames[0])] += n
    return {k: 1000 * v * cpu_ms / total for k, v in counts.items()}


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    a, c = per_message(argv[1], float(argv[2])), per_message(argv[3], float(argv[4]))
    for k in sorted(set(a) | set(c), key=lambda k: -(c.get(k, 0) - a.get(k, 0)))[:30]:
        print(f'{c.get(k, 0) - a.get(k, 0):+8.1f} {a.get(k, 0):8.1f} {c.get(k, 0):8.1f}  {k}')


if __name__ == '__main__':
    main(sys.argv)
