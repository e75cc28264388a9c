"""The disk floor: milliseconds to write the bytes of a built site into a fresh folder.

Files are read into memory first (untimed), so only creating folders and writing files is
measured: what any generator must at least spend to put that site on disk.
"""
import os
import sys
import time

src, dst = sys.argv[1], sys.argv[2]
files = []
for root, _, names in os.walk(src):
    for name in names:
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            files.append((os.path.relpath(path, src), f.read()))
start = time.perf_counter()
made = set()
for rel, data in files:
    d = os.path.dirname(os.path.join(dst, rel))
    if d not in made:
        os.makedirs(d, exist_ok=True)
        made.add(d)
    with open(os.path.join(dst, rel), "wb") as f:
        f.write(data)
print(round((time.perf_counter() - start) * 1000))
