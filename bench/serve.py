#!/usr/bin/env python3
"""Incremental-rebuild benchmark for `shinchoku serve`: the time from saving a file to the
rebuilt page being served, measured from outside like a browser would see it (write the file,
then poll the page over HTTP until the new text is there).

    python3 bench/serve.py                 # Atsugi (36), 1,000 and 10,000 unit policies
    python3 bench/serve.py 36 1000         # chosen sizes

Three edits, each repeated: a unit policy's narrative (only its page shows it), an indicator's
actual in an earlier year (its chart and figures: its pages, its unit policies' pages and its
overview page), and its actual in the report year, alternately far above and far below the
target, so that its status changes each time (also its goal page, the counts and the index).
Prints median and worst write->ready times, and serve's own build time.
Needs the release binary (cargo build --release).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "shinchoku")
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def project(n, work):
    path = os.path.join(work, f"p{n}")
    if n == 36:
        shutil.copytree(os.path.join(ROOT, "content"), os.path.join(path, "content"))
    else:
        subprocess.run([BIN, "synth", path, "--units", str(n), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def fetch(url):
    with urllib.request.urlopen(url) as r:
        return r.read().decode("utf-8")


def measure(base, file, page, old, new_text, marker, builds):
    """Replaces `old` with `new_text` in `file`; ms until `page` shows `marker`."""
    with open(file, encoding="utf-8") as f:
        text = f.read()
    assert old in text, (file, old)
    before = len(builds)
    start = time.perf_counter()
    with open(file, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new_text, 1))
    while marker not in fetch(base + page):
        if time.perf_counter() - start > 30:
            raise SystemExit(f"timeout waiting for {page}")
        time.sleep(0.0005)
    ms = (time.perf_counter() - start) * 1000
    # serve prints its own build time just before publishing; wait for the line.
    deadline = time.time() + 5
    while len(builds) == before and time.time() < deadline:
        time.sleep(0.001)
    return ms, (builds[-1] if len(builds) > before else float("nan"))


def bench(n, work):
    path = project(n, work)
    proc = subprocess.Popen([BIN, "serve", path, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    base = None
    builds = []
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if m:
            base = m.group(0)
            break
    threading.Thread(target=lambda: [builds.append(float(x.group(1))) for l in proc.stdout
                                     for x in [re.search(r"built in ([\d.]+) ms", l)] if x],
                     daemon=True).start()
    try:
        units = sorted(os.listdir(os.path.join(path, "content", "units")))
        unit_file = os.path.join(path, "content", "units", units[len(units) // 2])
        with open(unit_file, encoding="utf-8") as f:
            uid = re.search(r'^id: "?([^"\n]+)"?', f.read(), re.M).group(1)
        slug = re.sub(r"[()]", "", uid).lower()
        slug = slug.translate({ord(c): str(i + 1) for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")})
        with open(os.path.join(path, "content", "plan.yaml"), encoding="utf-8") as f:
            report_year = re.search(r"^report_year: (\S+)", f.read(), re.M).group(1)
        inds = sorted(os.listdir(os.path.join(path, "content", "indicators")))
        judged = report_year + r": \{target: [\d.]+, actual: ([\d.]+)"

        def indicator():
            """The first indicator file from the middle with a target and an actual in the
            report year (what `judged` matches), with its page."""
            for name in inds[len(inds) // 2:] + inds[: len(inds) // 2]:
                file = os.path.join(path, "content", "indicators", name)
                with open(file, encoding="utf-8") as f:
                    text = f.read()
                if re.search(judged, text):
                    no = int(re.search(r"^no: (\d+)", text, re.M).group(1))
                    return file, f"indicators/kpi-{no:02d}.html"
            raise SystemExit("no indicator with a target and an actual in the report year")

        ind_file, ind_page = indicator()
        results = {}
        for name, file, page, pattern in [
            ("unit narrative", unit_file, f"units/{slug}.html", r"(actual|plan): \"?([^\"\n]{4})"),
            ("indicator actual", ind_file, ind_page, r"actual: ([\d.]+)"),
            ("indicator status", ind_file, ind_page, judged),
        ]:
            times, server = [], []
            for k in range(REPEAT):
                with open(file, encoding="utf-8") as f:
                    text = f.read()
                m = re.search(pattern, text)
                old = m.group(0)
                if name == "unit narrative":
                    marker = f"計測{k:03d}"
                    new_text = old[: -len(m.group(2))] + marker
                elif name == "indicator actual":
                    new_text = f"actual: {9000 + k}"
                    marker = f"{9000 + k:,}"
                else:
                    actual = 97531 + k if k % 2 == 0 else 1357 + k
                    new_text = old[: -len(m.group(1))] + str(actual)
                    marker = f"{actual:,}"
                ms, built = measure(base, file, page, old, new_text, marker, builds)
                times.append(ms)
                server.append(built)
            results[name] = (statistics.median(times), max(times), statistics.median(server))
        return results
    finally:
        proc.kill()
        proc.wait()


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [36, 1000, 10000]
    print(f"{'N':>6} {'edit':<17} {'median_ms':>9} {'worst_ms':>9} {'serve_build_ms':>14}", flush=True)
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            for name, (med, worst, server) in bench(n, work).items():
                print(f"{n:>6} {name:<17} {med:>9.1f} {worst:>9.1f} {server:>14.1f}", flush=True)
    print(f"write->ready: from the file write to the page served with the edit (polled over HTTP),"
          f" {REPEAT} edits each; serve_build_ms: serve's own validate+assess+render time.")


if __name__ == "__main__":
    main()
