#!/bin/sh
# Builds kyyeu's wheel (maturin, `bindings = "bin"`), installs it into a fresh
# virtual environment, and starts a site with it as a new user would, on a
# system whose locale is C.UTF-8:
#
#   kyyeu init --lang vi site && kyyeu build --root site
#
# then checks that the site was built, in Vietnamese, and that kyyeu spoke
# Vietnamese. Usage, from anywhere in the repository:
#
#   sh dist/check.sh
#
# Environment: KYYEU_WHEEL, a wheel already built, to install instead of
# building one; KYYEU_CHECK_DIR, the folder to work in (default: a new
# temporary folder, removed at the end); PYTHON (default: python3).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
maturin_version=1.16.0

if [ -n "${KYYEU_CHECK_DIR:-}" ]; then
    work=$KYYEU_CHECK_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'check.sh: FAILED: %s\n' "$*" >&2; exit 1; }

if [ -n "${KYYEU_WHEEL:-}" ]; then
    wheel=$KYYEU_WHEEL
else
    step "maturin $maturin_version in a virtual environment"
    "$python" -m venv "$work/maturin"
    "$work/maturin/bin/pip" install --quiet "maturin==$maturin_version"
    "$work/maturin/bin/maturin" --version

    step "maturin build --release"
    start=$(date +%s)
    (cd "$root" && "$work/maturin/bin/maturin" build --release --locked --out "$work/wheels")
    echo "built in $(($(date +%s) - start)) s"
    wheel=$(ls "$work"/wheels/kyyeu-*.whl)
fi
[ -f "$wheel" ] || fail "no wheel at $wheel"
echo "wheel: $(basename "$wheel"), $(wc -c <"$wheel" | tr -d ' ') bytes"

step "a fresh virtual environment; pip install the wheel"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index "$wheel"
[ -x "$work/venv/bin/kyyeu" ] || fail "the wheel put no kyyeu into the environment's bin/"

# The user's shell: the environment's bin/ first on the PATH, an English-free
# but not Vietnamese locale, no locale variable of this machine's.
run() {
    (cd "$work" && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C.UTF-8 \
        PATH="$work/venv/bin:$PATH" "$@")
}

step "kyyeu --version"
run kyyeu --version

rm -rf "$work/site"
if run kyyeu init --help 2>/dev/null | grep -q -- '--lang'; then
    lang_flag=yes
    step "LANG=C.UTF-8 kyyeu init --lang vi site"
    run kyyeu init --lang vi site 2>&1 | tee "$work/init.log"
else
    lang_flag=no
    echo
    echo "NOTE: this kyyeu's init has no --lang option; running plain 'kyyeu init site'"
    echo "      (the site's default language is then init's own default)."
    step "LANG=C.UTF-8 kyyeu init site"
    run kyyeu init site 2>&1 | tee "$work/init.log"
fi
[ -f "$work/site/site.yaml" ] || fail "init wrote no site/site.yaml"

step "LANG=C.UTF-8 kyyeu build --root site"
run kyyeu build --root site 2>&1 | tee "$work/build.log"

step "the built site"
for file in index.html 404.html sitemap.xml en/index.html; do
    [ -s "$work/site/public/$file" ] || fail "site/public/$file was not written"
    echo "site/public/$file: $(wc -c <"$work/site/public/$file" | tr -d ' ') bytes"
done
echo "files in site/public: $(find "$work/site/public" -type f | wc -l | tr -d ' ')"
grep -q '<html lang="vi"' "$work/site/public/index.html" ||
    fail "site/public/index.html is not in Vietnamese"

if [ "$lang_flag" = yes ]; then
    # Vietnamese letters that English text does not have.
    if grep -q 'ạ\|ả\|ấ\|ầ\|ậ\|ắ\|ế\|ề\|ệ\|ể\|ỉ\|ị\|ố\|ồ\|ộ\|ớ\|ờ\|ợ\|ụ\|ủ\|ứ\|ừ\|ự\|ỳ\|đ\|ư\|ơ' \
        "$work/init.log" "$work/build.log"; then
        echo "kyyeu spoke Vietnamese with LANG=C.UTF-8"
    else
        fail "kyyeu's messages were not in Vietnamese with LANG=C.UTF-8"
    fi
fi

step "OK"
echo "pip install $(basename "$wheel") into a fresh environment, init, build: all passed"
