"""Picks at most 200 inputs (2 MB) of a merged corpus, greedily by the
coverage edges each adds (smaller first on a tie), from libFuzzer's merge
control file. Usage: select-corpus.py TARGET CONTROL_FILE OUT_DIR"""
import sys, os, shutil
t, control, out = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(control).read().splitlines()
n = int(lines[0]); files = lines[2:2 + n]
cov = {}
for ln in lines[2 + n:]:
    if ln.startswith('COV '):
        parts = ln.split()
        cov[int(parts[1])] = set(parts[2:])
sizes = {i: os.path.getsize(f) for i, f in enumerate(files)}
total_edges = set().union(*cov.values())
chosen, covered, budget = [], set(), 2_000_000
while len(chosen) < 200:
    best = max((i for i in cov if i not in chosen), key=lambda i: (len(cov[i] - covered), -sizes[i]), default=None)
    if best is None or not (cov[best] - covered):
        break
    if sum(sizes[i] for i in chosen) + sizes[best] > budget:
        del cov[best]; continue
    chosen.append(best); covered |= cov[best]
print(t, f"{len(chosen)} files, {sum(sizes[i] for i in chosen)} bytes, {len(covered)}/{len(total_edges)} edges")
shutil.rmtree(out, ignore_errors=True); os.makedirs(out)
for i in chosen:
    shutil.copy(files[i], out)
