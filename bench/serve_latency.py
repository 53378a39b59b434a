#!/usr/bin/env python3
"""Measures `kyyeu serve`: the time from saving one article to its rebuilt
page being served.

Generates a bilingual corpus with examples/gen_corpus.rs (or takes --site),
copies it into a temporary folder, starts `kyyeu serve` on it, then edits
one article's Vietnamese file --edits times. After each save it asks the
server for the article's page every 2 ms until the page holds the new text;
the time from the end of the write to that answer is one measurement. The
report gives the median, the spread and what the server printed for each
update ("updated N of M pages in X ms (the edited articles in Y ms)"), and
the median, p90 and maximum of X (every page that shows the article) and of
Y (the article's own pages): the server renders the edited article's own
pages first and serves them, then every other page that shows the article
(its year, units, speakers, the home pages, indexes and feeds), then the
search index.

Python 3 standard library only:

  bench/serve_latency.py --articles 2000             # the #4 target: under 200 ms
  bench/serve_latency.py --articles 10000 --gap 6    # the #6 target: under 100 ms
  bench/serve_latency.py --site path/to/site --article content/2021/x/index.vi.md
  bench/serve_latency.py --kyyeu path/to/kyyeu --gen path/to/gen_corpus   # no cargo
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    ap.add_argument("--site", help="an existing site to copy instead of a generated corpus")
    ap.add_argument("--article", help="the file to edit, relative to the site (default: one in the middle)")
    ap.add_argument("--edits", type=int, default=15, help="saves to measure (default 15)")
    ap.add_argument("--gap", type=float, default=3.0,
                    help="seconds between saves, so that each update (and the search index after it) "
                         "is done before the next (default 3)")
    ap.add_argument("--kyyeu", "--binary", dest="binary", metavar="BIN",
                    help="kyyeu binary (default: built with cargo build --release)")
    ap.add_argument("--gen", metavar="BIN",
                    help="corpus generator, a build of examples/gen_corpus.rs (default: cargo run --release "
                         "--example gen_corpus)")
    args = ap.parse_args()

    binary = Path(args.binary) if args.binary else build()
    work = Path(tempfile.mkdtemp(prefix="kyyeu-serve-latency-"))
    try:
        site = work / "site"
        if args.site:
            shutil.copytree(args.site, site, symlinks=True)
        else:
            generate(args.articles, site, args.gen)
        article = Path(args.article) if args.article else pick_article(site)
        run(binary, site, article, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "release" / "kyyeu"


def generate(articles, out, gen=None):
    print(f"generating {articles:,} bilingual articles ...", flush=True)
    program = [str(gen)] if gen else ["cargo", "run", "--release", "--quiet", "--example", "gen_corpus", "--"]
    subprocess.run(program + ["--format", "kyyeu", "--articles", str(articles), "--out", str(out)],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def pick_article(site):
    files = sorted(p.relative_to(site) for p in (site / "content").rglob("index.*.md"))
    if not files:
        sys.exit("no article bundle (content/<year>/<slug>/index.<lang>.md) in the site")
    default = default_lang(site)
    own = [f for f in files if f.name == f"index.{default}.md"] or files
    return own[len(own) // 2]


def default_lang(site):
    text = (site / "site.yaml").read_text(encoding="utf-8")
    m = re.search(r"^languages:\s*\[\s*([a-z]+)", text, re.M) or \
        re.search(r"^languages:\s*\n\s*-\s*([a-z]+)", text, re.M)
    return m.group(1) if m else "vi"


def page_path(site, article):
    """The site path of an article bundle's page: <lang>/<year>/<slug>/."""
    parts = article.parts  # content, year, slug, index.<lang>.md
    lang = article.name.split(".")[1]
    prefix = "" if lang == default_lang(site) else f"{lang}/"
    return f"/{prefix}{parts[1]}/{parts[2]}/"


# What the server prints after an update, in English and in Vietnamese:
# "updated N of M pages in X ms (the edited articles in Y ms)".
UPDATED = re.compile(r"(?:updated (\d+) of (\d+) pages in ([\d.]+) ms"
                     r"|đã cập nhật (\d+) trên (\d+) trang trong ([\d.]+) ms)"
                     r"(?: \((?:the edited articles in|các bài vừa sửa:) ([\d.]+) ms\))?")


def percentiles(values):
    """(median, p90, max) of a list of numbers."""
    v = sorted(values)
    return statistics.median(v), v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))], v[-1]


def run(binary, site, article, args):
    # The server's messages in English: without an English locale they follow
    # the site's language (Vietnamese for the generated corpus).
    server = subprocess.Popen([str(binary), "serve", "--root", str(site), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8",
                                   "LC_MESSAGES": "en_US.UTF-8"})
    lines = []
    url = None
    ready = threading.Event()

    def read():
        nonlocal url
        for line in server.stdout:
            line = line.rstrip("\n")
            lines.append((time.perf_counter(), line))
            m = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            if m and not url:
                url = m.group(1)
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(600):
            sys.exit("the server did not start:\n" + "\n".join(l for _, l in lines))
        first = [l for _, l in lines if "rebuilt" in l or "built" in l]
        print(f"site: {count_articles(site):,} articles; first build: {first[0] if first else '?'}")
        target = url + page_path(site, article)
        path = site / article
        original = path.read_text(encoding="utf-8")
        get(target)  # warm the connection path
        latencies = []
        whole = []  # X: every page that shows the article, per update
        own = []  # Y: the edited article's own pages
        updated = []  # N of M pages
        for i in range(args.edits):
            marker = f"kyyeu-edit-{os.getpid()}-{i}"
            text = original.rstrip("\n") + f"\n\nSửa lần {i + 1}: {marker}.\n"
            before = len(lines)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.perf_counter()
            while True:
                body = get(target)
                if marker in body:
                    break
                if time.perf_counter() - saved > 60:
                    sys.exit(f"edit {i + 1}: the page did not change within 60 s")
                time.sleep(0.002)
            served = time.perf_counter()
            latencies.append((served - saved) * 1000)
            time.sleep(args.gap)
            said = [l for _, l in lines[before:] if UPDATED.search(l) or "rebuilt" in l]
            for l in said:
                m = UPDATED.search(l)
                if not m:
                    continue
                n, total, x = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
                whole.append(float(x))
                updated.append((int(n), int(total)))
                if m.group(7):
                    own.append(float(m.group(7)))
            print(f"edit {i + 1:2}: {latencies[-1]:7.1f} ms   server: {'; '.join(said) or '-'}",
                  flush=True)
        path.write_text(original, encoding="utf-8")
        lat = sorted(latencies)
        med, p90, top = percentiles(lat)
        print(f"\nsave -> rebuilt page served, {len(lat)} edits of {article}:")
        print(f"  median {med:.1f} ms, min {lat[0]:.1f}, p90 {p90:.1f}, max {top:.1f}")
        if whole:
            med, p90, top = percentiles(whole)
            pages = statistics.median(n for n, _ in updated)
            print(f"every page that shows the article updated (as the server reports it, {len(whole)} updates, "
                  f"median {pages:.0f} of {updated[-1][1]} pages):")
            print(f"  median {med:.1f} ms, p90 {p90:.1f}, max {top:.1f}")
        else:
            print("every page that shows the article updated: the server printed no "
                  "\"updated N of M pages in X ms\" line")
        if own:
            med, p90, top = percentiles(own)
            print(f"the edited article's own pages (as the server reports it): "
                  f"median {med:.1f} ms, p90 {p90:.1f}, max {top:.1f}")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def count_articles(site):
    return len({p.parent for p in (site / "content").rglob("index.*.md")})


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.read().decode("utf-8", "replace")
    except OSError:
        return ""


if __name__ == "__main__":
    main()
