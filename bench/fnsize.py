#!/usr/bin/env python3
"""bench/fnsize.py [DIR] [N]: the function-size profile of DIR (default src):
lines per fn from its signature to its closing brace, test modules left out;
prints the count, median, p90 and max, then the N (default 10) longest.
Issue 10 asks for median <= 10 and p90 <= 30."""
import re, sys, pathlib, statistics
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
sizes = []
fn_re = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(unsafe\s+)?(extern\s+"C"\s+)?fn\s+(\w+)')
for f in sorted(root.rglob("*.rs")):
    lines = f.read_text().splitlines()
    i = 0
    in_test = False
    while i < len(lines):
        l = lines[i]
        if re.match(r'^\s*#\[cfg\(test\)\]', l):
            in_test = True
        m = fn_re.match(l)
        if m and not in_test:
            depth = 0; started = False; j = i
            while j < len(lines):
                s = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
                s = re.sub(r"'(\\.|[^'\\])'", "''", s)
                s = s.split("//")[0]
                if ';' in s and not started and '{' not in s:
                    break
                for ch in s:
                    if ch == '{': depth += 1; started = True
                    elif ch == '}': depth -= 1
                if started and depth <= 0:
                    break
                j += 1
            if started:
                sizes.append((j - i + 1, f"{f}:{i+1} {m.group(6)}"))
                i = j
        i += 1
n = [s for s, _ in sizes]
n.sort()
p90 = n[int(len(n) * 0.9)]
print(f"functions: {len(n)}  median: {statistics.median(n)}  p90: {p90}  max: {n[-1]}")
for s, w in sorted(sizes, reverse=True)[: int(sys.argv[2]) if len(sys.argv) > 2 else 10]:
    print(f"  {s:4} {w}")
