#!/usr/bin/env bash
# A fuzzing campaign: each target in turn, one libFuzzer process at a time,
# in chunks of SECONDS, so that a crash stops only its own chunk and every
# chunk's final figures are logged.
#
#   fuzz/campaign.sh SECONDS CHUNKS TARGET...
#   fuzz/campaign.sh 225 8 score_ndjson score_csv parse roundtrip
#
# Logs go to fuzz/logs/TARGET-N.log; a summary line per chunk (executions,
# exec/s, cov, ft, corpus) to fuzz/logs/summary.txt. Crashes are kept in
# fuzz/artifacts/TARGET/ (see SECURITY.md for minimizing one).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=$1 chunks=$2
shift 2
mkdir -p fuzz/logs
for target in "$@"; do
  dict=fuzz/ndjson.dict
  case $target in parse | roundtrip) dict=fuzz/std.dict ;; esac
  mkdir -p "fuzz/corpus/$target"
  for chunk in $(seq 1 "$chunks"); do
    log="fuzz/logs/$target-$chunk.log"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s none "$target" "fuzz/corpus/$target" -- \
      -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -jobs=1 -workers=1 -print_final_stats=1 >"$log.cargo" 2>&1
    status=$?
    # With -jobs, libFuzzer's own output goes to fuzz-0.log in the
    # current folder: keep it with the chunk's log.
    cat "$log.cargo" fuzz-0.log >"$log" 2>/dev/null
    rm -f "$log.cargo" fuzz-0.log
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$(date -u +%FT%TZ) $target chunk $chunk/$chunks ${seconds}s exit $status runs ${runs:-?} | ${done_line:-no DONE line}" \
      >>fuzz/logs/summary.txt
    if [ "$status" -ne 0 ]; then
      echo "$(date -u +%FT%TZ) $target: stopped on a finding, see $log" >>fuzz/logs/summary.txt
      break
    fi
  done
done
