#!/usr/bin/env bash
# Article-extraction bench: claimscope vs Python trafilatura on the
# ScrapingHub article-extraction benchmark, quality and speed in one run.
#
#   benches/extraction.sh            # from the repo root
#
# Builds the release bench, extracts all pages single-threaded timing CPU per
# page, scores the predictions with the benchmark's score.py, runs
# trafilatura 2.3.1 through score.py's own baseline mode (one process, CPU
# time per page) and prints both F1s and the speed ratio.
# BENCH_DIR overrides where the benchmark lives (default ../shared/bench/extraction);
# the Python venv is kept in ${CLAIMSCOPE_CACHE:-$HOME/.cache/claimscope}/venv-bench
# and installed only when trafilatura is missing from it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/../shared/bench/extraction}
cache=${CLAIMSCOPE_CACHE:-$HOME/.cache/claimscope}
venv=$cache/venv-bench
out=${OUT_DIR:-$root/target/bench-extraction}
[ -f "$bench/score.py" ] || { echo "$bench: no score.py; set BENCH_DIR to the benchmark folder" >&2; exit 2; }
mkdir -p "$out"

if ! "$venv/bin/python" -c 'import trafilatura' 2>/dev/null; then
    echo "setting up $venv (trafilatura 2.3.1 and lxml_html_clean, which lxml 6 split out)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet trafilatura==2.3.1 lxml_html_clean
fi

cd "$root"
cargo bench --quiet --bench extraction -- "$bench/scrapinghub-aeb" "$out/claimscope.json" | tee "$out/claimscope.txt"
"$venv/bin/python" "$bench/score.py" --bench scrapinghub --predictions "$out/claimscope.json" \
    --extractors trafilatura --save "$out" | tee "$out/score.txt"

ours=$(grep -oP 'CPU \K[0-9.]+(?= ms/page)' "$out/claimscope.txt")
theirs=$(grep -oP '^trafilatura .*CPU \K[0-9.]+(?= ms/doc)' "$out/score.txt")
f1_ours=$(grep -oP '^claimscope +F1=\K[0-9.]+' "$out/score.txt")
f1_theirs=$(grep -oP '^trafilatura +F1=\K[0-9.]+' "$out/score.txt")
awk -v a="$ours" -v b="$theirs" -v fa="$f1_ours" -v fb="$f1_theirs" 'BEGIN {
    printf "\nF1: claimscope %s, trafilatura %s\n", fa, fb
    printf "CPU ms/page: claimscope %.2f, trafilatura %.2f; claimscope is %.1fx faster per core\n", a, b, b / a
}'
