#!/usr/bin/env bash
# Network setup benchmark: container start with --network none vs the default bridge (with and
# without one published port) vs a user
# network (p50 difference; target <= 10 ms), and 50 parallel starts on one network resolved by
# name. Run as root: sudo bench/network-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "target/classes:$(cat target/classpath.txt)" bench/NetworkBench.java "$@"
