#!/usr/bin/env bash
# Published ports and embedded DNS: publish/unpublish cost, DNS attach cost and query latency,
# 50 namespaces resolving each other. Makes its own bridge, namespaces and nf_tables table on
# 10.213.x.0/24 and removes them. Run as root: sudo bench/netsvc-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -XX:+UseSerialGC -Xmx192m -cp "target/classes:$(cat target/classpath.txt)" bench/NetServicesBench.java "$@"
