#!/usr/bin/env python3
"""Benchmarks kyyeu against Hugo and Zola on generated bilingual corpora.

Builds kyyeu and the corpus generator (examples/gen_corpus.rs) in release
mode (or takes the binaries given with --kyyeu and --gen), writes the corpora
into a temporary folder and measures, in one run:

  (a) photos:  120 photos of 2400x1600 (60 articles x 2) resized to 480, 960
               and 1600 px, cold (empty cache) and warm (the rebuild that
               follows): kyyeu with the corpus's defaults (WebP + JPEG and the
               PDF books), with `webp: false` and `pdf: false`, and with WebP
               and `pdf: false`, in turns with Hugo (empty resources/ when
               cold) and Zola (cold);
  (b) text:    1,000 and 10,000 bilingual articles without photos, the site
               only (kyyeu with `pdf: false`, as Hugo and Zola make no PDF):
               kyyeu, Hugo and Zola wall time and peak memory, in turns;
  (c) scaling: kyyeu's time per article (site only) at 10,000 articles and
               (opt-in, BENCH_BIG=1) at 100,000, the two sizes run in turns.

The built sites and caches go to the work folder, to --output-root (say
/dev/shm, in memory) or to a journaled ext4 image made for the run (--ext4).
The report ends with a summary table: kyyeu, Hugo and Zola side by side, the
ratios and the goals they are held to.

Wall time is measured around each process, peak memory (maximum resident set
size) with /usr/bin/time -f "%e %M". Fast cases are run several times and the
median is reported. Hugo and Zola are skipped, with a note, when they are not
on PATH: this script installs nothing.

Python 3 standard library only. Run `bench/run.py --help` for the settings;
every flag has an environment variable (BENCH_...) of the same meaning.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
BASELINE = "kyyeu (baseline)"
# The photo part's kyyeu variants: a label and what the variant's site.yaml
# changes (None: the corpus's site.yaml as generated).
PHOTO_VARIANTS = [
    ("defaults (WebP+JPEG, books)", "defaults", None),
    ("webp:false pdf:false", "webp-false-pdf-false",
     dict(photos="{widths: [480, 960, 1600], quality: 82, webp: false}", pdf="false")),
    ("WebP, pdf:false", "pdf-false", dict(pdf="false")),
]


def env(name, default):
    return os.environ.get(name, default)


def parse_args():
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  bench/run.py                                  # defaults, a few minutes on 2 cores
  BENCH_BIG=1 bench/run.py                      # adds kyyeu at 100,000 articles
  bench/run.py --only photos --photo-articles 50
  bench/run.py --text-sizes 1000,10000,30000 --skip-hugo --keep --work /tmp/kb
  bench/run.py --only photos,text --baseline /tmp/kyyeu-before   # this tree against an earlier build
  bench/run.py --kyyeu /tmp/kyyeu --gen /tmp/gen_corpus --ext4 8G  # given binaries, outputs on ext4
""",
    )
    p.add_argument("--only", default=env("BENCH_ONLY", "photos,text,scaling"),
                   help="parts to run, comma-separated: photos, text, scaling (BENCH_ONLY)")
    p.add_argument("--photo-articles", type=int, default=int(env("BENCH_PHOTO_ARTICLES", "60")),
                   help="articles of the photo corpus (BENCH_PHOTO_ARTICLES, default 60)")
    p.add_argument("--photos-per-article", type=int, default=int(env("BENCH_PHOTOS_PER_ARTICLE", "2")),
                   help="photos per article (BENCH_PHOTOS_PER_ARTICLE, default 2)")
    p.add_argument("--photo-size", default=env("BENCH_PHOTO_SIZE", "2400x1600"),
                   help="photo size WxH (BENCH_PHOTO_SIZE, default 2400x1600)")
    p.add_argument("--text-sizes", default=env("BENCH_TEXT_SIZES", "1000,10000"),
                   help="article counts of the text corpora (BENCH_TEXT_SIZES, default 1000,10000)")
    p.add_argument("--big", action="store_true", default=env("BENCH_BIG", "0") not in ("", "0"),
                   help="also measure kyyeu at --big-size articles (BENCH_BIG=1; about 1.3 GB of "
                        "sources, 6 GB of output, 10 GB of memory and a few minutes)")
    p.add_argument("--big-size", type=int, default=int(env("BENCH_BIG_SIZE", "100000")),
                   help="article count of the big scaling case (BENCH_BIG_SIZE, default 100000)")
    p.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "5")),
                   help="runs of a fast case (under 15 s); the median is reported; cases under 60 s "
                        "get min(3, RUNS), slower ones 1 (BENCH_RUNS, default 5)")
    p.add_argument("--settle", type=float, default=float(env("BENCH_SETTLE", "1")),
                   help="seconds of rest before each run, after the previous output is removed and written "
                        "back (BENCH_SETTLE, default 1)")
    p.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "2021")),
                   help="corpus seed (BENCH_SEED, default 2021)")
    p.add_argument("--work", default=env("BENCH_WORK", ""),
                   help="folder for corpora and outputs (BENCH_WORK; default: a new temporary folder)")
    p.add_argument("--output-root", default=env("BENCH_OUTPUT_ROOT", ""),
                   help="folder for the built sites and the tools' caches (BENCH_OUTPUT_ROOT; default: the "
                        "work folder). /dev/shm takes the disk out of the figures: the corpora stay in the "
                        "work folder")
    p.add_argument("--ext4", default=env("BENCH_EXT4", ""), metavar="SIZE",
                   help="write the built sites and caches to an ext4 file system (journaled, as mkfs.ext4 "
                        "makes it) on a sparse image of this size (8G, say) in the work folder, mounted "
                        "for the run and deleted at its end, outputs included (BENCH_EXT4; needs root, "
                        "mkfs.ext4 and loop devices; not with --output-root)")
    p.add_argument("--keep", action="store_true", default=env("BENCH_KEEP", "0") not in ("", "0"),
                   help="keep the work folder (BENCH_KEEP=1); corpora already there are reused")
    p.add_argument("--skip-hugo", action="store_true", default=env("BENCH_SKIP_HUGO", "0") not in ("", "0"),
                   help="do not run Hugo even if it is on PATH (BENCH_SKIP_HUGO=1)")
    p.add_argument("--skip-zola", action="store_true", default=env("BENCH_SKIP_ZOLA", "0") not in ("", "0"),
                   help="do not run Zola even if it is on PATH (BENCH_SKIP_ZOLA=1)")
    p.add_argument("--hugo-box", action="store_true", default=env("BENCH_HUGO_BOX", "0") not in ("", "0"),
                   help="also measure Hugo's photo build with its default Box filter (BENCH_HUGO_BOX=1); "
                        "the main Hugo figures use Lanczos, as kyyeu and Zola do")
    p.add_argument("--no-build", action="store_true", default=env("BENCH_NO_BUILD", "0") not in ("", "0"),
                   help="use the release binaries already in target/ (BENCH_NO_BUILD=1)")
    p.add_argument("--kyyeu", default=env("BENCH_KYYEU", ""), metavar="BIN",
                   help="the kyyeu binary to measure, instead of building target/release/kyyeu "
                        "(BENCH_KYYEU)")
    p.add_argument("--gen", default=env("BENCH_GEN", ""), metavar="BIN",
                   help="the corpus generator (a build of examples/gen_corpus.rs), instead of building "
                        "target/release/examples/gen_corpus (BENCH_GEN)")
    p.add_argument("--hugo", default=env("BENCH_HUGO", ""), metavar="BIN",
                   help="the Hugo binary (BENCH_HUGO; default: `hugo` on PATH)")
    p.add_argument("--baseline", default=env("BENCH_BASELINE", ""),
                   help="a second kyyeu binary (an earlier build, say) that the photos and text parts also run, "
                        "labelled \"kyyeu (baseline)\", in turns with this tree's; the report gives the ratios "
                        "kyyeu/baseline of the medians (BENCH_BASELINE)")
    p.add_argument("--json", default=env("BENCH_JSON", ""),
                   help="also write every measurement to this JSON file (BENCH_JSON)")
    a = p.parse_args()
    a.only = {s.strip() for s in a.only.split(",") if s.strip()}
    a.text_sizes = [int(s) for s in a.text_sizes.split(",") if s.strip()]
    if a.ext4 and a.output_root:
        p.error("--ext4 and --output-root both choose where the outputs go: give one")
    return a


def say(msg):
    print(msg, flush=True)


def rm(path):
    path = Path(path)
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def count_files(path):
    """Files in an output folder, and how many of them are pages (`.html`)."""
    n = pages = 0
    for _, _, files in os.walk(path):
        n += len(files)
        pages += sum(1 for f in files if f.endswith(".html"))
    return n, pages


def run_once(cmd, cwd, log_path, extra_env=None):
    """Runs cmd once; returns (wall seconds, peak RSS in KB or None, CPU seconds, exit status)."""
    tfile = Path(log_path).with_suffix(".time")
    use_time = os.access(TIME, os.X_OK)
    full = ([TIME, "-f", "%e %M", "-o", str(tfile)] if use_time else []) + [str(c) for c in cmd]
    with open(log_path, "ab") as log:
        log.write(("\n$ " + " ".join(full) + "\n").encode())
        log.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=dict(os.environ, **(extra_env or {})))
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM): stop the build before the
            # clean-up removes (or unmounts) the folder it writes to.
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            raise
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    # User + system time of the command (and of /usr/bin/time, which is negligible).
    cpu = usage.ru_utime + usage.ru_stime
    rss = None
    if use_time and tfile.exists():
        for line in tfile.read_text().splitlines()[::-1]:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                rss = int(parts[1])
                break
    elif not use_time:
        rss = usage.ru_maxrss  # kilobytes on Linux
    return wall, rss, cpu, proc.returncode


class Bench:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.results = []
        self.notes = []

    def measure(self, part, case, tool, cmd, cwd=None, prepare=None, output=None, runs=None, articles=None,
                extra_env=None, sources=None):
        """Runs a case (prepare() before each run, untimed) and records the median."""
        return self.measure_together([dict(part=part, case=case, tool=tool, cmd=cmd, cwd=cwd, prepare=prepare,
                                           output=output, runs=runs, articles=articles, extra_env=extra_env,
                                           sources=sources)])[0]

    def measure_together(self, specs):
        """Runs several cases (the tools on one corpus) in turns, one run of
        each at a time, so that a slower moment of a shared machine falls on
        all of them; records each one's median. Each spec holds the
        arguments of `measure`."""
        states = []
        for spec in specs:
            log = self.logs / f"{spec['part']}-{spec['case']}-{spec['tool']}.log".replace(" ", "_").replace("/", "_")
            if spec.get("sources"):
                # Every run reads the sources from the page cache, the first
                # as the others: a case run once (the largest) is not charged
                # for reading the disk when the cases run five times are not.
                warm_page_cache(spec["sources"])
            states.append(dict(spec=spec, log=log, walls=[], rsss=[], cpus=[], failed=False))
        planned = max((s.get("runs") or self.args.runs) for s in specs)
        i = 0
        while i < planned:
            for st in states:
                spec = st["spec"]
                if st["failed"] or i >= (spec.get("runs") or planned):
                    continue
                if spec.get("prepare"):
                    spec["prepare"]()
                # Write back what earlier runs left in the page cache, so that
                # one run's writes do not slow the next one down; then let the
                # kernel finish freeing what the last run and prepare()
                # released (tens of thousands of files, gigabytes of memory),
                # work it otherwise does during the next run.
                os.sync()
                time.sleep(self.args.settle)
                wall, rss, cpu, code = run_once(spec["cmd"], spec.get("cwd"), st["log"], spec.get("extra_env"))
                if code != 0:
                    tail = st["log"].read_text(errors="replace").splitlines()[-15:]
                    say(f"  !! {spec['tool']} failed on {spec['case']} (exit {code}); log {st['log']}:\n    "
                        + "\n    ".join(tail))
                    self.results.append(dict(part=spec["part"], case=spec["case"], tool=spec["tool"],
                                             error=f"exit {code}", log=str(st["log"]),
                                             articles=spec.get("articles")))
                    st["failed"] = True
                    continue
                st["walls"].append(wall)
                st["cpus"].append(cpu)
                if rss is not None:
                    st["rsss"].append(rss)
            if i == 0 and not any(s.get("runs") for s in specs):
                # Fast cases get several runs, slow ones fewer (the slowest tool decides).
                slowest = max((st["walls"][0] for st in states if st["walls"]), default=0)
                planned = self.args.runs if slowest < 15 else min(3, self.args.runs) if slowest < 60 else 1
            i += 1
        out = []
        for st in states:
            spec, walls, rsss, cpus = st["spec"], st["walls"], st["rsss"], st["cpus"]
            if st["failed"] or not walls:
                out.append(None)
                continue
            output = spec.get("output")
            files, pages = (count_files(output) if output and Path(output).exists()
                            else (None, None))
            wall = statistics.median(walls)
            r = dict(
                part=spec["part"], case=spec["case"], tool=spec["tool"], runs=len(walls),
                wall=wall, wall_min=min(walls), wall_max=max(walls),
                rss_mb=(statistics.median(rsss) / 1024) if rsss else None,
                cpu=statistics.median(cpus),
                files=files, pages=pages,
                pages_per_s=(pages / wall) if pages and wall > 0 else None,
                articles=spec.get("articles"), log=str(st["log"]),
            )
            self.results.append(r)
            say(f"  {r['case']:<52} {r['tool']:<16} {r['wall']:8.2f} s  (runs {r['runs']}, "
                f"{r['wall_min']:.2f}-{r['wall_max']:.2f}, CPU {r['cpu']:.2f} s)  "
                + (f"{r['rss_mb']:8.0f} MiB" if r["rss_mb"] is not None else "")
                + (f"  {r['files']} files" if r["files"] is not None else "")
                + (f", {r['pages']} pages, {r['pages_per_s']:,.0f} pages/s"
                   if r["pages_per_s"] is not None else ""))
            out.append(r)
        return out

    def get(self, part, case, tool):
        for r in self.results:
            if r["part"] == part and r["case"] == case and r["tool"] == tool and "error" not in r:
                return r
        return None


def cargo_build(kyyeu=True, gen=True):
    cmds = (([["cargo", "build", "--release", "--bin", "kyyeu"]] if kyyeu else [])
            + ([["cargo", "build", "--release", "--example", "gen_corpus"]] if gen else []))
    if not cmds:
        return
    say("building " + " and ".join(("kyyeu",) * kyyeu + ("the corpus generator",) * gen) + " (release)...")
    for cmd in cmds:
        p = subprocess.run(cmd, cwd=REPO)
        if p.returncode != 0:
            sys.exit(f"bench: `{' '.join(cmd)}` failed")


def version(cmd, want=None):
    """The first line of a tool's version output (the first one holding `want`, if given)."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", l).strip()
                 for l in (out.stdout or out.stderr).strip().splitlines()]
        if want:
            lines = [l for l in lines if want in l] or lines
        return lines[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def unwrap_hugo(hugo):
    """The Hugo binary itself when `hugo` is the script of the Python package
    hugo-python-distributions, which starts Python, prints a line and then
    runs the binary: timed through the script, every Hugo run would also pay
    for Python's start-up. Returns (binary, note or None)."""
    try:
        with open(hugo, "rb") as f:
            if f.read(2) != b"#!":
                return hugo, None
        out = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return hugo, None
    m = re.search(r"via hugo-python-distributions at (\S+)$", re.sub(r"\x1b\[[0-9;]*m", "", out), re.M)
    if m and os.access(m.group(1), os.X_OK):
        return m.group(1), (f"`{hugo}` is the script of hugo-python-distributions: the binary it runs, "
                            f"{m.group(1)}, was run directly, without Python's start-up.")
    return hugo, None


def mount_fstype(path):
    """The file system type of the mount that holds `path`."""
    path, best, fstype = os.path.realpath(path), "", "?"
    try:
        for line in Path("/proc/self/mounts").read_text().splitlines():
            fields = line.split()
            if len(fields) < 3:
                continue
            point = fields[1].replace("\\040", " ")
            if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                best, fstype = point, fields[2]
    except OSError:
        pass
    return fstype


@contextlib.contextmanager
def ext4_image(size, work):
    """Mounts a new ext4 file system (journaled, as mkfs.ext4 makes it by
    default) on a sparse image file of `size` in `work`; yields the mount
    point; unmounts it and deletes the image afterwards, after an error or
    an interruption too."""
    image = work / f"ext4-{os.getpid()}.img"
    mnt = Path(tempfile.mkdtemp(prefix="ext4-mnt-", dir=work))
    mounted = False
    try:
        for cmd in (["truncate", "-s", size, image], ["mkfs.ext4", "-q", "-F", image],
                    ["mount", "-o", "loop", image, mnt]):
            p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"bench: `{' '.join(str(c) for c in cmd)}` failed: {(p.stderr or p.stdout).strip()}")
        mounted = True
        journal = subprocess.run(["tune2fs", "-l", str(image)], capture_output=True, text=True).stdout
        if "has_journal" not in journal:
            say("bench: warning: the ext4 image has no journal")
        say(f"ext4 image of {size} (journaled) mounted on {mnt}")
        yield mnt
    finally:
        if mounted:
            for attempt in range(10):
                if subprocess.run(["umount", str(mnt)], capture_output=True).returncode == 0:
                    break
                time.sleep(1)
            else:
                say(f"bench: {mnt} is busy; unmounting it lazily")
                subprocess.run(["umount", "-l", str(mnt)])
        rm(image)
        try:
            mnt.rmdir()
        except OSError as e:
            say(f"bench: could not remove {mnt}: {e}")


def stop(signum, _frame):
    """SIGTERM and SIGHUP: leave through the clean-up, as after Ctrl-C (the
    measured process is stopped, the ext4 image unmounted and deleted)."""
    sys.exit(128 + signum)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    with contextlib.ExitStack() as cleanup:
        bench_main(args, cleanup)


def bench_main(args, cleanup):
    if not args.no_build:
        cargo_build(kyyeu=not args.kyyeu, gen=not args.gen)
    temporary = not args.work
    work = Path(args.work or tempfile.mkdtemp(prefix="kyyeu-bench-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    # Private copies, so that a rebuild in the work tree during the run
    # changes nothing.
    (work / "bin").mkdir(exist_ok=True)
    kyyeu, gen = work / "bin/kyyeu", work / "bin/gen_corpus"
    for given, built, copy in ((args.kyyeu, REPO / "target/release/kyyeu", kyyeu),
                               (args.gen, REPO / "target/release/examples/gen_corpus", gen)):
        source = Path(given) if given else built
        if not source.is_file():
            sys.exit(f"bench: {source} is missing" + ("" if given else " (run without --no-build)"))
        shutil.copy2(source, copy)
    baseline = work / "bin/kyyeu-baseline" if args.baseline else None
    if baseline:
        if not Path(args.baseline).is_file():
            sys.exit(f"bench: --baseline {args.baseline} is not a file")
        shutil.copy2(args.baseline, baseline)
    hugo = None if args.skip_hugo else (args.hugo or shutil.which("hugo"))
    zola = None if args.skip_zola else shutil.which("zola")

    bench = Bench(args, work)
    if hugo:
        hugo, note = unwrap_hugo(hugo)
        if note:
            bench.notes.append(note)
    if not hugo:
        bench.notes.append("Hugo skipped: " + ("--skip-hugo" if args.skip_hugo else "`hugo` is not on PATH")
                           + " (Debian: apt-get install hugo).")
    if not zola:
        bench.notes.append("Zola skipped: " + ("--skip-zola" if args.skip_zola else "`zola` is not on PATH")
                           + " (it is not packaged by Debian nor published on crates.io; "
                             "install a release binary to include it).")

    git_rev = version(["git", "-C", str(REPO), "describe", "--always", "--dirty"])
    if git_rev.startswith("fatal") or git_rev == "?":
        git_rev = env("BENCH_REV", "unknown")
    info = dict(
        date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        cpus=os.cpu_count(), cpu=cpu_model(), kernel=platform.release(),
        kyyeu=(f"{version([str(kyyeu), '--version']).removeprefix('kyyeu ')} "
               + (f"({Path(args.kyyeu).resolve()})" if args.kyyeu else f"(git {git_rev})")),
        baseline=(f"{version([str(baseline), '--version']).removeprefix('kyyeu ')} ({Path(args.baseline).resolve()})"
                  if baseline else None),
        hugo=version([hugo, "version"], want="hugo v") if hugo else "not run",
        zola=version([zola, "--version"]) if zola else "not run",
        work=str(work),
    )
    info["effective_cores_before"] = effective_cores()
    say(f"work folder: {work}")
    say(f"machine: {info['cpus']} cores, {info['cpu']}; kyyeu {info['kyyeu']}; hugo: {info['hugo']}; "
        f"zola: {info['zola']}" + (f"; kyyeu (baseline): {info['baseline']}" if baseline else ""))

    def generate(fmt, articles, photos=0, link_from=None):
        name = f"{fmt}-{articles}" + (f"-p{photos}-{args.photo_size}" if photos else "")
        out = work / "corpora" / name
        marker = out / ".gen_corpus"
        if args.keep and marker.exists() and f"seed = {args.seed}\n" in marker.read_text():
            return out
        cmd = [gen, "--format", fmt, "--articles", articles, "--seed", args.seed, "--out", out]
        if photos:
            cmd += ["--photos-per-article", photos, "--photo-size", args.photo_size]
        if link_from:
            cmd += ["--link-photos-from", link_from]
        t = time.perf_counter()
        p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"bench: gen_corpus failed:\n{p.stderr}")
        say(f"  generated {name} in {time.perf_counter() - t:.1f} s: {p.stderr.strip().splitlines()[-1]}")
        return out

    output_root = args.output_root
    if args.ext4:
        output_root = cleanup.enter_context(ext4_image(args.ext4, work))
    out_dir = (Path(output_root) / f"kyyeu-bench-out-{os.getpid()}") if output_root else work / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    fstype = mount_fstype(out_dir)
    if args.ext4:
        info["place"] = f"ext4 image (journaled, {args.ext4})"
    elif fstype == "tmpfs":
        info["place"] = f"memory ({output_root or out_dir})"
    else:
        info["place"] = f"disk ({fstype})"
    info["outputs"] = str(out_dir)
    say(f"outputs and caches in: {out_dir}, {info['place']}")

    def clean_outputs():
        """Frees the space (or, on tmpfs, the memory) that a part's outputs take."""
        if not args.keep:
            for child in out_dir.iterdir():
                rm(child)

    # A case's output (and cache) folders are named by `slot`, so that a warm
    # case reuses what the cold case before it left.
    def run_or_defer(defer, **spec):
        """Measures a case now, or (with a list) adds it to cases measured in turns."""
        if defer is not None:
            defer.append(spec)
            return None
        return bench.measure(**spec)

    def kyyeu_case(part, case, root, n, slot, cold=True, runs=None, keep_output=False, defer=None,
                   binary=None, tool="kyyeu"):
        # The baseline binary gets output and cache folders of its own.
        name = "kyyeu" if binary is None else "kyyeu-baseline"
        output, cache = out_dir / f"{name}-{slot}", out_dir / f"{name}-{slot}-cache"

        def prepare():
            if not keep_output:
                rm(output)
            if cold:
                rm(cache)
        return run_or_defer(defer, part=part, case=case, tool=tool,
                            cmd=[binary or kyyeu, "build", "--root", root, "--output", output, "--cache-dir", cache],
                            prepare=prepare, output=output, runs=runs, articles=n, sources=root)

    def hugo_case(part, case, root, n, slot, cold=True, runs=None, keep_output=False, tool="hugo", env_box=False,
                  defer=None):
        output = out_dir / f"hugo-{slot}"
        cache = out_dir / f"hugo-{slot}-cache"
        # Processed images (normally <root>/resources/_gen) go beside the output.
        resources = out_dir / f"hugo-{slot}-resources"

        def prepare():
            if not keep_output:
                rm(output)
            if cold:
                rm(Path(root) / "resources")
                rm(resources)
                rm(cache)
        cmd = [hugo, "--quiet", "--source", root, "--destination", output, "--cacheDir", cache]
        extra = {"HUGO_RESOURCEDIR": str(resources)}
        if env_box:
            extra["HUGO_IMAGING_RESAMPLEFILTER"] = "box"
        return run_or_defer(defer, part=part, case=case, tool=tool, cmd=cmd, prepare=prepare, output=output,
                            runs=runs, articles=n, extra_env=extra, sources=root)

    def zola_case(part, case, root, n, slot, cold=True, runs=None, defer=None):
        output = out_dir / f"zola-{slot}"

        def prepare():
            rm(output)
            if cold:
                # Where Zola keeps processed images, depending on its version.
                rm(Path(root) / "static" / "processed_images")
                rm(Path(root) / "public")
        return run_or_defer(defer, part=part, case=case, tool="zola",
                            cmd=[zola, "--root", root, "build", "--output-dir", output, "--force"],
                            prepare=prepare, output=output, runs=runs, articles=n, sources=root)

    # (a) photos
    if "photos" in args.only:
        n, p = args.photo_articles, args.photos_per_article
        case = photo_case(args)
        say(f"\n(a) photos: {n} articles x {p} photos of {args.photo_size}, 3 widths; kyyeu "
            + ", ".join(label for label, _, _ in PHOTO_VARIANTS))
        k = generate("kyyeu", n, p)
        variants = [(label, k if change is None else photo_variant(k, slug, change), slug)
                    for label, slug, change in PHOTO_VARIANTS]
        h = generate("hugo", n, p, link_from=k) if hugo else None
        z = generate("zola", n, p, link_from=k) if zola else None
        # Cold, then warm: the cache and the output that the cold runs left,
        # as when a writer rebuilds after editing a text. The kyyeu variants,
        # the baseline (with --baseline), Hugo and Zola take turns, one run
        # each, as the tools do in (b).
        for cold in (True, False):
            phase = "cold" if cold else "warm"
            together = []
            for label, root, slug in variants:
                kyyeu_case("photos", f"{case} {phase}, {label}", root, n, f"photos-{slug}", cold=cold,
                           keep_output=not cold, defer=together)
                if baseline:
                    kyyeu_case("photos", f"{case} {phase}, {label}", root, n, f"photos-{slug}", cold=cold,
                               keep_output=not cold, defer=together, binary=baseline, tool=BASELINE)
            if h:
                hugo_case("photos", f"{case} {phase}", h, n, "photos", cold=cold, keep_output=not cold,
                          defer=together)
            if z and cold:
                zola_case("photos", f"{case} cold", z, n, "photos", cold=True, defer=together)
            bench.measure_together(together)
        if h and args.hugo_box:
            hugo_case("photos", case + " cold", h, n, "photos-box", cold=True, tool="hugo (box)", env_box=True)
        clean_outputs()

    # (b) text
    text_sizes = list(args.text_sizes)
    if "text" in args.only:
        for n in text_sizes:
            case = text_case(n)
            say(f"\n(b) text: {n:,} bilingual articles, no photos, site only (kyyeu with pdf: false)")
            k = site_only(generate("kyyeu", n))
            h = generate("hugo", n) if hugo else None
            z = generate("zola", n) if zola else None
            # The tools take turns, one run each, so that a slower moment of
            # the machine falls on every tool alike.
            together = []
            kyyeu_case("text", case, k, n, f"text-{n}", defer=together)
            if baseline:
                kyyeu_case("text", case, k, n, f"text-{n}", defer=together, binary=baseline, tool=BASELINE)
            if h:
                hugo_case("text", case, h, n, f"text-{n}", defer=together)
            if z:
                zola_case("text", case, z, n, f"text-{n}", defer=together)
            bench.measure_together(together)
            clean_outputs()

    # (c) scaling
    if "scaling" in args.only:
        sizes = [10000] + ([args.big_size] if args.big else [])
        say(f"\n(c) scaling: kyyeu at {', '.join(f'{s:,}' for s in sizes)} articles, site only (pdf: false)")
        # The sizes take turns, one run each, like the tools in (b): the
        # ratio of times per article is then measured in one stretch of the
        # machine's time, not across its slower and faster phases.
        together, corpora = [], []
        for n in sizes:
            k = site_only(generate("kyyeu", n))
            corpora.append((n, k))
            kyyeu_case("scaling", text_case(n), k, n, f"scaling-{n}", defer=together,
                       runs=3 if n > 10000 else None)
        bench.measure_together(together)
        clean_outputs()
        for n, k in corpora:
            if n == args.big_size and not args.keep:
                rm(k)

    info["effective_cores_after"] = effective_cores()
    report(bench, info, args)
    if args.json:
        Path(args.json).write_text(json.dumps(dict(info=info, results=bench.results, notes=bench.notes), indent=2))
        say(f"\nresults written to {args.json}")
    if args.output_root and not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        say(f"\ncorpora and logs kept in {work} (the outputs were on the ext4 image, deleted with it)"
            if args.ext4 else f"\ncorpora, outputs and logs kept in {work}")


def photo_case(args):
    return f"{args.photo_articles * args.photos_per_article} photos {args.photo_size}"


def text_case(n):
    return f"{n:,} articles, site only (pdf: false)"


def set_config(site_yaml, changes):
    """Sets top-level keys of a site.yaml: each key's line (a one-line value,
    as the corpus generator writes them) is removed and `key: value` is
    appended. Returns whether the file changed."""
    old = site_yaml.read_text(encoding="utf-8")
    text = old
    for key, value in changes.items():
        text = re.sub(rf"(?m)^{key}:.*\n?", "", text)
    text = text.rstrip("\n") + "\n" + "".join(f"{k}: {v}\n" for k, v in changes.items())
    if text != old:
        site_yaml.write_text(text, encoding="utf-8")
    return text != old


def site_only(root):
    """A text corpus builds the site only (`pdf: false`): Hugo and Zola make no PDF."""
    set_config(Path(root) / "site.yaml", dict(pdf="false"))
    return root


def photo_variant(corpus, slug, changes):
    """A sibling of the corpus with its own site.yaml (changed) and every
    other entry hard-linked to the corpus's files (kyyeu skips symbolic
    links in content/). Made anew each time, so that it follows the corpus."""
    corpus = Path(corpus)
    variant = corpus.parent / f"{corpus.name}.{slug}"
    rm(variant)
    variant.mkdir(parents=True)
    for entry in corpus.iterdir():
        if entry.name in ("site.yaml", ".gen_corpus"):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, variant / entry.name, copy_function=os.link, symlinks=True)
        else:
            os.link(entry, variant / entry.name, follow_symlinks=False)
    shutil.copy2(corpus / "site.yaml", variant / "site.yaml")
    set_config(variant / "site.yaml", changes)
    return variant


def warm_page_cache(root):
    """Reads every file under `root` once, so that it is in the page cache."""
    for folder, _, files in os.walk(root):
        for name in files:
            try:
                with open(os.path.join(folder, name), "rb") as f:
                    while f.read(1 << 20):
                        pass
            except OSError:
                pass


def effective_cores(seconds=2.0):
    """CPU seconds that os.cpu_count() busy processes get per second of wall
    time: the parallelism this machine really gives now (a shared virtual
    machine may give less than its core count)."""
    code = f"import time\nt = time.perf_counter()\nwhile time.perf_counter() - t < {seconds}: pass\n"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]
    cpu = 0.0
    for p in procs:
        _, _, usage = os.wait4(p.pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
    return cpu / seconds


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def ratio(a, b, key):
    if a and b and a.get(key) and b.get(key):
        return a[key] / b[key]
    return None


def fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}"


def report(bench, info, args):
    say("\n" + "=" * 78)
    say(f"kyyeu benchmark, {info['date']}, {info['cpus']} cores ({info['cpu']})")
    say(f"kyyeu {info['kyyeu']}; hugo: {info['hugo']}; zola: {info['zola']}")
    if info.get("baseline"):
        say(f"kyyeu (baseline): {info['baseline']}")
    say(f"outputs and caches written to {info['outputs']}: {info['place']}")
    say("")
    say(f"effective cores (CPU seconds per second of {info['cpus']} busy processes): "
        f"{info['effective_cores_before']:.2f} before, {info['effective_cores_after']:.2f} after")
    say("")
    say("| part | case | tool | runs | wall s (median) | min-max s | CPU s | peak RSS MiB | output files "
        "| pages | pages/s |")
    say("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in bench.results:
        if "error" in r:
            say(f"| {r['part']} | {r['case']} | {r['tool']} | - | FAILED ({r['error']}) | | | | | | |")
            continue
        rss = f"{r['rss_mb']:.0f}" if r["rss_mb"] is not None else "?"
        files = r["files"] if r["files"] is not None else "?"
        pages = r["pages"] if r["pages"] is not None else "?"
        rate = f"{r['pages_per_s']:.0f}" if r["pages_per_s"] is not None else "?"
        say(f"| {r['part']} | {r['case']} | {r['tool']} | {r['runs']} | {r['wall']:.2f} | "
            f"{r['wall_min']:.2f}-{r['wall_max']:.2f} | {r['cpu']:.2f} | {rss} | {files} | {pages} | {rate} |")
    say("")
    lines = []
    pc = photo_case(args)
    hc = bench.get("photos", pc + " cold", "hugo")
    hw = bench.get("photos", pc + " warm", "hugo")
    zc = bench.get("photos", pc + " cold", "zola")
    for label, _, _ in PHOTO_VARIANTS:
        kc = bench.get("photos", f"{pc} cold, {label}", "kyyeu")
        kw = bench.get("photos", f"{pc} warm, {label}", "kyyeu")
        if not (kc or kw):
            continue
        lines.append(f"photos ({pc}, kyyeu {label}): kyyeu/Hugo cold time {fmt_ratio(ratio(kc, hc, 'wall'))}, "
                     f"memory {fmt_ratio(ratio(kc, hc, 'rss_mb'))}; kyyeu warm/Hugo cold "
                     f"{fmt_ratio(ratio(kw, hc, 'wall'))}; kyyeu warm/Hugo warm {fmt_ratio(ratio(kw, hw, 'wall'))}; "
                     f"kyyeu warm/cold {fmt_ratio(ratio(kw, kc, 'wall'))}; "
                     f"kyyeu/Zola cold {fmt_ratio(ratio(kc, zc, 'wall'))}")
    for n in sorted({r["articles"] for r in bench.results if r["part"] == "text" and r.get("articles")}):
        case = text_case(n)
        k, h, z = (bench.get("text", case, t) for t in ("kyyeu", "hugo", "zola"))
        lines.append(f"text ({n:,} articles): kyyeu/Hugo time {fmt_ratio(ratio(k, h, 'wall'))}, "
                     f"memory {fmt_ratio(ratio(k, h, 'rss_mb'))}; kyyeu/Zola time {fmt_ratio(ratio(k, z, 'wall'))}, "
                     f"memory {fmt_ratio(ratio(k, z, 'rss_mb'))}")
    for r in bench.results:
        b = bench.get(r["part"], r["case"], BASELINE) if r["tool"] == "kyyeu" and "error" not in r else None
        if b:
            lines.append(f"kyyeu/baseline ({r['part']}, {r['case']}): time {fmt_ratio(ratio(r, b, 'wall'))}, "
                         f"CPU {fmt_ratio(ratio(r, b, 'cpu'))}, memory {fmt_ratio(ratio(r, b, 'rss_mb'))}")
    scal = sorted((r for r in bench.results if r["tool"] == "kyyeu" and r["part"] == "scaling"
                   and "error" not in r and r["articles"] >= 10000), key=lambda r: r["articles"])
    if scal:
        per = [(r["articles"], r["wall"] / r["articles"] * 1000, (r["rss_mb"] or 0) / r["articles"] * 1024)
               for r in scal]
        txt = "; ".join(f"{n:,} articles: {ms:.3f} ms/article, {kb:.0f} KB peak memory/article" for n, ms, kb in per)
        if len(per) > 1:
            txt += f"; per-article time ratio {per[-1][0]:,}/{per[0][0]:,}: {per[-1][1] / per[0][1]:.2f}"
        lines.append("scaling (kyyeu): " + txt)
    for line in lines:
        say("- " + line)
    for note in bench.notes:
        say("- note: " + note)
    if not args.big and "scaling" in args.only:
        say(f"- the {args.big_size:,}-article scaling case was not run: BENCH_BIG=1 bench/run.py "
            f"(or --big) adds it (about 1.3 GB of sources and 6 GB of output in the work folder).")
    summary(bench, info, args)


def summary(bench, info, args):
    """The summary table: one row per workload, kyyeu beside Hugo and Zola,
    the ratios, and the goal a row is held to (a ratio to Hugo) with PASS or
    MISS."""
    rows = []  # (workload, (part, kyyeu case), Hugo/Zola case or None, key, goal)
    for n in sorted({r["articles"] for r in bench.results if r["part"] == "text" and r.get("articles")}):
        c = text_case(n)
        rows.append((f"{n:,} articles, site only", ("text", c), ("text", c), "wall",
                     0.15 if n == 10000 else None))
        rows.append((f"{n:,} articles, site only: peak memory", ("text", c), ("text", c), "rss_mb",
                     0.25 if n == 10000 else None))
    pc = photo_case(args)
    total = args.photo_articles * args.photos_per_article
    photos = f"photos {total} x {args.photo_size}"
    defaults, no_webp, webp = (label for label, _, _ in PHOTO_VARIANTS)
    for phase, label, goal in (("cold", defaults, 0.25), ("warm", defaults, None), ("cold", no_webp, 0.08),
                               ("cold", webp, None)):
        if any(r["part"] == "photos" and r["case"] == f"{pc} {phase}, {label}" for r in bench.results):
            rows.append((f"{photos} {phase}, {label}", ("photos", f"{pc} {phase}, {label}"),
                         ("photos", f"{pc} {phase}"), "wall", goal))
    if not rows:
        return
    baseline = bool(info.get("baseline"))

    def value(r, key):
        if not r or r.get(key) is None:
            return "n/a"
        return f"{r[key]:.2f} s" if key == "wall" else f"{r[key]:.0f} MiB"

    say("")
    say(f"Summary: medians; outputs and caches on {info['place']}; the tools take turns, one run each.")
    say("")
    head = "| workload | kyyeu | Hugo | kyyeu/Hugo | Zola | kyyeu/Zola | goal |"
    rule = "|---|---:|---:|---:|---:|---:|---|"
    if baseline:
        head += " baseline | kyyeu/baseline (time, CPU, memory) |"
        rule += "---:|---|"
    say(head)
    say(rule)
    for workload, (part, kcase), other, key, goal in rows:
        k = bench.get(part, kcase, "kyyeu")
        h = bench.get(*other, "hugo")
        z = bench.get(*other, "zola")
        kh = ratio(k, h, key)
        if goal is None:
            verdict = ""
        else:
            verdict = f"<= {goal:g}x Hugo: " + ("n/a" if kh is None else "PASS" if kh <= goal else "MISS")
        line = (f"| {workload} | {value(k, key)} | {value(h, key)} | {fmt_ratio(kh)} | "
                f"{value(z, key)} | {fmt_ratio(ratio(k, z, key))} | {verdict} |")
        if baseline:
            b = bench.get(part, kcase, BASELINE)
            line += (f" {value(b, key)} | {fmt_ratio(ratio(k, b, 'wall'))}, {fmt_ratio(ratio(k, b, 'cpu'))}, "
                     f"{fmt_ratio(ratio(k, b, 'rss_mb'))} |")
        say(line)


if __name__ == "__main__":
    main()
