#!/usr/bin/env bash
# Try `cloud` without a ClickHouse Cloud account: builds both binaries, starts
# `cloud-emulator` on a free port and walks through the main job against it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --bins
bin=target/debug
workdir=$(mktemp -d)
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT

# --auto-approve plays the person who approves the OAuth login in the browser.
"$bin/cloud-emulator" --port 0 --transition-ms 1500 --auto-approve --device-interval 1 \
  >"$workdir/out" 2>"$workdir/err" &
emulator_pid=$!
for _ in $(seq 100); do
  grep -q '^$' "$workdir/out" 2>/dev/null && break   # a blank line ends the start-up block
  sleep 0.05
done
url=$(head -n 1 "$workdir/out")
admin=$(grep '# admin' "$workdir/out" | head -n 1)
developer=$(grep '# developer' "$workdir/out" | head -n 1)
key_of() { sed -E 's/.*CLICKHOUSE_CLOUD_API_KEY=([^ ]+).*/\1/' <<<"$1"; }
secret_of() { sed -E 's/.*CLICKHOUSE_CLOUD_API_SECRET=([^ ]+).*/\1/' <<<"$1"; }

# Isolated settings: nothing here touches your own configuration or keyring.
export CLOUD_CONFIG_DIR="$workdir/config" CLOUD_CREDENTIAL_STORE=file CLOUD_API_URL="$url"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
as_admin() { CLICKHOUSE_CLOUD_API_KEY=$(key_of "$admin") CLICKHOUSE_CLOUD_API_SECRET=$(secret_of "$admin") "$@"; }
as_developer() { CLICKHOUSE_CLOUD_API_KEY=$(key_of "$developer") CLICKHOUSE_CLOUD_API_SECRET=$(secret_of "$developer") "$@"; }

echo "cloud-emulator is serving $url"
if [ -t 0 ] && [ -z "${CI:-}" ]; then
  step "cloud auth login --no-browser      # OAuth device flow (the emulator approves at once)"
  "$bin/cloud" auth login --no-browser
else
  # Without a person at a terminal `cloud` never waits for a browser: the two-step login.
  step "cloud auth login --no-input        # prints the code and address, then exits"
  "$bin/cloud" auth login --no-input
  step "cloud auth login --complete        # waits until it is approved (the emulator approves at once)"
  "$bin/cloud" auth login --complete
fi

step "cloud auth status"
"$bin/cloud" auth status

step "cloud service list"
"$bin/cloud" service list
service=$("$bin/cloud" service list --json | sed -nE 's/.*"id": "([^"]+)".*/\1/p' | head -n 1)

step "cloud service stop $service   # OAuth is read-only: refused before any request (exit 4)"
"$bin/cloud" service stop "$service" || echo "(exit code $?)"

step "cloud service stop $service   # the developer (read-only) API key: its role is learnt from the API and the write refused before sending (exit 4)"
as_developer "$bin/cloud" service stop "$service" || echo "(exit code $?)"

step "cloud service stop $service   # the admin API key: allowed"
as_admin "$bin/cloud" service stop "$service"

step "cloud service get $service"
as_admin "$bin/cloud" service get "$service" | grep -E '^(Name|State):'
sleep 2
step "cloud service get $service   # a moment later"
"$bin/cloud" service get "$service" | grep -E '^(Name|State):'

cat <<MSG

To keep exploring, start the emulator yourself and paste one of the export lines it prints:
  $bin/cloud-emulator --port 8787
  export CLOUD_API_URL=http://127.0.0.1:8787
MSG
