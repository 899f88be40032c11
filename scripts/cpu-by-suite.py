#!/usr/bin/env python3
# Where a test run's CPU goes (docs/CI.md): samples every process's CPU (utime + stime) every 2 s from /proc and adds it
# to the nearest test assembly above it (split into the test host itself, its browser, its node driver, its child
# service processes, rabbitmqctl's Erlang VM) or to a server or the build. Writes the totals (CPU seconds) as JSON to
# the file named, rewritten every 2 s. Start it, run scripts/test.sh (or a CI simulation), stop it.
# usage: python3 scripts/cpu-by-suite.py /tmp/cpu-by-suite.json &
import os, time, re, json, sys, collections
HZ = os.sysconf('SC_CLK_TCK')
out = sys.argv[1]
last = {}          # pid -> (starttime, ticks)
first = True
total = collections.Counter()
def info(pid):
    try:
        with open(f'/proc/{pid}/stat') as f: s = f.read()
        rp = s.rindex(')'); fields = s[rp+2:].split()
        ppid = int(fields[1]); ticks = int(fields[11]) + int(fields[12]); start = int(fields[19])
        with open(f'/proc/{pid}/cmdline','rb') as f: cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        return ppid, ticks, start, cmd
    except Exception: return None
def label(cmd):
    m = re.search(r'(\w[\w.]*\.Tests)\.(dll|deps\.json|runtimeconfig\.json)', cmd)
    if m and 'testhost' in cmd:
        return 'test:' + m.group(1)
    return None
def category(pid, procs):
    p = pid; own = procs[pid][3]
    for _ in range(30):
        if p not in procs: break
        l = label(procs[p][3])
        if l:
            kind = 'host' if p == pid else 'chromium' if 'chromium' in own else 'node' if 'node' in own.split(' ')[0] else 'postgres' if 'postgres' in own else 'beam' if 'beam' in own else 'child'
            return l + ':' + kind
        p = procs[p][0]
    if 'postgres' in own: return 'postgres'
    if 'beam.smp' in own or 'erl' in own.split(' ')[0]: return 'rabbitmq'
    if 'MSBuild' in own or 'dotnet build' in own or 'VBCSCompiler' in own or 'Roslyn' in own: return 'build'
    if 'chromium' in own: return 'chromium-other'
    if 'dotnet test' in own or 'vstest' in own.lower(): return 'vstest'
    return 'other:' + (own.split(' ')[0].split('/')[-1] if own else '?')
while True:
    procs = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            i = info(int(d))
            if i: procs[int(d)] = i
    for pid, (ppid, ticks, start, cmd) in procs.items():
        prev = last.get(pid)
        delta = ticks - prev[1] if prev and prev[0] == start else (0 if first else ticks)
        if delta > 0: total[category(pid, procs)] += delta
        last[pid] = (start, ticks)
    first = False
    with open(out, 'w') as f: json.dump({k: round(v / HZ, 1) for k, v in total.most_common()}, f, indent=1)
    time.sleep(2)
