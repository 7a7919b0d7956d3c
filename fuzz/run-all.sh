#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, two at a time (two lanes), from the
# corpus that fuzz/seed.py writes. Crashes do not stop a run (libFuzzer fork mode keeps going);
# each crasher lands in fuzz/artifacts/<target>/ and each target's log in fuzz/logs/<target>.log.
# Usage: fuzz/run-all.sh [SECONDS]   (needs cargo-fuzz; builds the targets first)
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
cargo fuzz build -s none
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs

run() {
  local target="$1"
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "$(date -u +%T) start $target" >>logs/lanes.log
  "$bin/$target" "corpus/$target" \
    -max_total_time="$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" >"logs/$target.log" 2>&1 || true
  echo "$(date -u +%T) end $target" >>logs/lanes.log
}

lane() {
  for target in "$@"; do run "$target"; done
}

lane hook_input judge_command config_parse &
lane shell_parse mcp_message inject_screen &
wait
