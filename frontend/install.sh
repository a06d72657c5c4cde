#!/bin/sh
# Installs the dashboard's npm assets from the lockfile when it changed (called by the Maven build).
# No CDN: Caisson serves these files itself, so the dashboard works with no internet.
set -e
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "npm is needed to build the dashboard assets: apt-get install -y npm" >&2
      exit 1
    fi
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
