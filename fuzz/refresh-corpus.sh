#!/usr/bin/env bash
# Refreshes the small corpus checked in under tests/fuzz/corpus/TARGET from
# the (gitignored) working corpus fuzz/corpus/TARGET, keeping inputs until
# every edge the two cover is covered (libFuzzer's merge with
# -use_counters=0: edges, not hit counts), then at most 200 of those,
# greedily by the edges each adds (fuzz/select-corpus.py).
#
#   fuzz/refresh-corpus.sh TARGET...
#
# Run it when no other fuzzing process is running.
set -euo pipefail
cd "$(dirname "$0")/.."

for target in "$@"; do
  RUSTC_BOOTSTRAP=1 cargo fuzz build -O -s none "$target"
  bin="fuzz/target/x86_64-unknown-linux-gnu/release/$target"
  out="tests/fuzz/corpus/$target"
  new="$out.new"
  rm -rf "$new"
  mkdir -p "$new" "$out" "fuzz/corpus/$target"
  "$bin" -merge=1 -use_counters=0 -timeout=10 "$new" "$out" "fuzz/corpus/$target" 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files'
  control=$(mktemp)
  "$bin" -merge=1 -use_counters=0 -timeout=10 -merge_control_file="$control" "$(mktemp -d)" "$new" >/dev/null 2>&1
  rm -rf "$out"
  python3 fuzz/select-corpus.py "$target" "$control" "$out"
  rm -rf "$new" "$control"
  echo "$target: $(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KiB"
done
