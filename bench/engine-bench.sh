#!/usr/bin/env bash
# Engine core benchmark: container cycle latency and shim memory. Run as root: sudo bench/engine-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "target/classes:$(cat target/classpath.txt)" bench/EngineBench.java "$@"
