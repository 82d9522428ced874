#!/usr/bin/env bash
# Installs the e2e harness offline-safe: Debian's Chromium and build tools, then code-server 4.100.3
# (VS Code 1.100.3, the last line that runs on Node 20) and playwright-core from this folder's lock file.
set -euo pipefail
H=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive
need=()
for p in chromium ripgrep build-essential python3 pkg-config libkrb5-dev; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "e2e harness: please install ${need[*]} (apt-get) first" >&2; exit 1; fi
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}" >/dev/null
fi
# @vscode/ripgrep's postinstall downloads rg: seed its cache with Debian's rg instead.
export TMPDIR="$H/.tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11" "$TMPDIR/rgpack"
cp /usr/bin/rg "$TMPDIR/rgpack/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgpack" rg
cd "$H"
# unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`.
if [ -f package-lock.json ]; then
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund
else
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund
fi
XDG_CONFIG_HOME="$TMPDIR/xdg" ./node_modules/.bin/code-server --version
