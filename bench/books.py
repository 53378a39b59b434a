#!/usr/bin/env python3
"""The PDF yearbooks' cost: cold and warm builds of a generated corpus with
books and without (`pdf: false`), for this tree's kyyeu and optionally a
baseline binary in turns, and Typst's own command line on the same books
(exported with KYYEU_BOOK_EXPORT) as the limit to compare with.

    bench/books.py --articles 10000 --output-root /dev/shm --runs 2 \\
        --baseline /path/to/old/kyyeu --typst /path/to/typst

Prints medians (wall seconds, peak memory) and ratios. Needs Python 3, a
Rust toolchain (it builds kyyeu in release mode unless --kyyeu is given),
/usr/bin/time and the corpus generator (--generator).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, cwd=None, env=None):
    """Runs `cmd` under /usr/bin/time: (wall seconds, peak MB, stderr)."""
    full = ["/usr/bin/time", "-f", "@@%e %M"] + [str(c) for c in cmd]
    started = time.perf_counter()
    done = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{done.stdout}\n{done.stderr}")
    peak = 0.0
    for line in done.stderr.splitlines():
        if line.startswith("@@"):
            peak = int(line.split()[1]) / 1024
    return wall, peak, done.stderr


def timings(stderr):
    """The build's phases (KYYEU_TIMINGS), in seconds."""
    return {m.group(1): float(m.group(2)) / 1e3
            for m in re.finditer(r"timing: (\w+): ([\d.]+) ms", stderr)}


def build(binary, site, work, env_extra=None):
    """A cold build (no cache, no output), then a warm one."""
    cache, out = work / "cache", work / "public"
    for folder in (cache, out):
        shutil.rmtree(folder, ignore_errors=True)
    env = dict(os.environ, KYYEU_TIMINGS="1", SOURCE_DATE_EPOCH="1639137600")
    env.update(env_extra or {})
    args = [binary, "build", "--cache-dir", cache, "--output", out]
    cold = run(args, cwd=site, env=env)
    warm = run(args, cwd=site, env=env)
    return cold, warm


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--years", help="the generator's --years (default: its own, 20 years)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--output-root", default=tempfile.gettempdir())
    parser.add_argument("--kyyeu", help="this tree's binary (default: cargo build --release)")
    parser.add_argument("--baseline", help="an earlier kyyeu binary, run in turns")
    parser.add_argument("--typst", help="Typst's command line, on the exported books")
    parser.add_argument("--generator", default=str(ROOT.parent / "shared/bench/gen_corpus.py"))
    args = parser.parse_args()

    binary = args.kyyeu
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = str(ROOT / "target/release/kyyeu")
    work = Path(args.output_root) / f"kyyeu-books-{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    site = work / "site"
    if not (site / "site.yaml").exists():
        years = ["--years", args.years] if args.years else []
        subprocess.run([sys.executable, args.generator, "--format", "kyyeu",
                        "--articles", str(args.articles), *years, "--out", site], check=True)
    config = (site / "site.yaml").read_text()
    config = re.sub(r"(?m)^pdf:.*\n", "", config)
    flat = site.parent / "site-nopdf"
    if not flat.exists():
        shutil.copytree(site, flat, symlinks=True)
    (flat / "site.yaml").write_text(config + "pdf: false\n")
    (site / "site.yaml").write_text(config)

    tools = [("kyyeu", binary)] + ([("baseline", args.baseline)] if args.baseline else [])
    results = {}
    for turn in range(args.runs):
        for name, tool in tools:
            for label, folder in (("books", site), ("pages only", flat)):
                cold, warm = build(tool, folder, work / "run")
                results.setdefault((name, label), []).append((cold, warm))
                print(f"run {turn + 1} {name:8} {label:10} cold {cold[0]:6.2f} s "
                      f"({cold[1]:6.0f} MB) warm {warm[0]:5.2f} s  "
                      f"render {timings(cold[2]).get('render', 0):6.2f} s", flush=True)

    print("\nmedians (wall s, peak MB)")
    med = {}
    for (name, label), runs in results.items():
        cold = statistics.median(r[0][0] for r in runs)
        mem = statistics.median(r[0][1] for r in runs)
        warm = statistics.median(r[1][0] for r in runs)
        med[(name, label)] = (cold, mem, warm)
        print(f"  {name:8} {label:10} cold {cold:6.2f}  peak {mem:6.0f} MB  "
              f"warm {warm:5.2f} ({100 * warm / cold:4.1f}% of cold)")
    for name, _ in tools:
        books = med[(name, "books")][0] - med[(name, "pages only")][0]
        print(f"  {name}: the books cost {books:.2f} s of a cold build")
    if args.baseline:
        for label in ("books", "pages only"):
            now, then = med[("kyyeu", label)], med[("baseline", label)]
            print(f"  kyyeu/baseline {label}: time {now[0] / then[0]:.2f}, "
                  f"memory {now[1] / then[1]:.2f}")

    if args.typst:
        export = work / "export"
        shutil.rmtree(export, ignore_errors=True)
        cold, _ = build(binary, site, work / "run", {"KYYEU_BOOK_EXPORT": str(export)})
        books = sorted(p for p in export.iterdir() if (p / "book.typ").exists())

        def typst(folder):
            return run([args.typst, "compile", "--root", folder, "--font-path",
                        folder / "fonts", "--ignore-system-fonts",
                        folder / "book.typ", folder / "out.pdf"])[0]

        started = time.perf_counter()
        alone = [typst(folder) for folder in books]
        sequential = time.perf_counter() - started
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(typst, books))
        parallel = time.perf_counter() - started
        kyyeu_books = med[("kyyeu", "books")][0] - med[("kyyeu", "pages only")][0]
        print(f"\nTypst's command line on the same {len(books)} books: "
              f"{sequential:.2f} s one after another (each {min(alone):.2f}-{max(alone):.2f} s), "
              f"{parallel:.2f} s {os.cpu_count()} at a time; "
              f"kyyeu's books {kyyeu_books:.2f} s (ratio {kyyeu_books / parallel:.2f})")


if __name__ == "__main__":
    main()
