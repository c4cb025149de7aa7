#!/usr/bin/env bash
# Prints how fast `cloud` starts and answers. Targets (release build, this machine):
#   --version, --help, completion: a few ms (no network, keyring or config);
#   service list against a local emulator: well under 50 ms.
# Uses hyperfine when installed, else a plain loop.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --bins
bin=target/release
workdir=$(mktemp -d)
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
"$bin/cloud-emulator" --port 0 >"$workdir/out" 2>/dev/null &
emulator_pid=$!
for _ in $(seq 100); do grep -q '^$' "$workdir/out" 2>/dev/null && break; sleep 0.05; done
admin=$(grep '# admin' "$workdir/out" | head -n 1)
export CLOUD_API_URL=$(head -n 1 "$workdir/out") CLOUD_CONFIG_DIR="$workdir/config" CLOUD_CREDENTIAL_STORE=file
export CLICKHOUSE_CLOUD_API_KEY=$(sed -E 's/.*CLICKHOUSE_CLOUD_API_KEY=([^ ]+).*/\1/' <<<"$admin")
export CLICKHOUSE_CLOUD_API_SECRET=$(sed -E 's/.*CLICKHOUSE_CLOUD_API_SECRET=([^ ]+).*/\1/' <<<"$admin")

commands=("$bin/cloud --version" "$bin/cloud --help" "$bin/cloud completion bash" "$bin/cloud commands --json" "$bin/cloud service list --json")
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --shell=none "${commands[@]}"
else
  runs=50
  for command in "${commands[@]}"; do
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do $command >/dev/null; done
    end=$(date +%s%N)
    printf '%-45s %6.2f ms/run (%d runs)\n' "${command#"$bin"/}" "$(echo "($end - $start) / $runs / 1000000" | bc -l)" "$runs"
  done
fi
printf '%-45s %s\n' "binary size" "$(du -h "$bin/cloud" | cut -f1)"
