#!/usr/bin/env bash
# Runs Caisson's whole test suite. As root (which the kernel tests need) it first installs
# what is missing on a Debian/Ubuntu machine. Usage: sudo ./test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v cc >/dev/null || need+=(gcc libc6-dev)
command -v make >/dev/null || need+=(make)
# the dashboard's xterm.js comes from frontend/package-lock.json
command -v npm >/dev/null || need+=(npm)
[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q static || need+=(busybox-static)
command -v file >/dev/null || need+=(file)
# the published-port and DNS tests check the kernel's rules with nft and make namespaces with ip
command -v nft >/dev/null || need+=(nftables)
command -v ip >/dev/null || need+=(iproute2)
# bridge networks: isolation and masquerading rules (the network tests check them)
command -v iptables-save >/dev/null || need+=(iptables)
# the Engine API scenario tests drive the real docker CLI (the client only: no dockerd is started)
command -v docker >/dev/null || need+=(docker.io)
# the docker-py scenario test needs the Docker SDK for Python in the python3 on PATH or Debian's
{ python3 -c 'import docker' || /usr/bin/python3 -c 'import docker'; } >/dev/null 2>&1 || need+=(python3-docker)
# the dashboard's browser tests (BrowserIT) drive Debian's headless Chromium through its chromedriver
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${need[*]} (run as root to install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "the integration tests (*IT) create namespaces, mounts and cgroups: run as root" >&2
fi
exec mvn -B -ntp test "$@"
