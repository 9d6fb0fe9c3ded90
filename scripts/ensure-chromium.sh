#!/usr/bin/env bash
# Makes sure Debian's headless-capable `chromium` is installed (the report's browser test renders with it).
# Quiet and idempotent: does nothing when chromium is already on the PATH; otherwise installs it with apt-get
# (needs root) and prints one line. Exits non-zero with a message when it cannot.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ "$(id -u)" != "0" ]]; then
  echo "ensure-chromium: chromium is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  echo "ensure-chromium: apt-get install chromium failed:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
echo "ensure-chromium: installed $(chromium --version 2>/dev/null || echo chromium)"
