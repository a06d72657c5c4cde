#!/usr/bin/env bash
# Engine API benchmark through the real docker CLI (issue 3 targets in brackets).
# Starts its own Caisson from the built jar on throwaway dirs, prints figures, removes everything.
# Run as root: bench/api-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-30}
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
ROOT=$(mktemp -d /tmp/cbench.XXXX)
RUN=$(mktemp -d /tmp/cbr.XXXX)
cp target/caisson-0.1.0-SNAPSHOT.jar "$ROOT/caisson.jar"   # a rebuild must not pull the jar from under the JVM
BRIDGE=cab$$   # its own default bridge and port table, removed at the end
export DOCKER_HOST=unix://$ROOT/caisson.sock DOCKER_CONFIG=$ROOT/docker-config
# the JVM options `mvn spring-boot:run` uses (pom property caisson.jvm)
JVM=$(sed -n 's:.*<caisson.jvm>\(.*\)</caisson.jvm>.*:\1:p' pom.xml)
java $JVM -jar "$ROOT/caisson.jar" --caisson.data-dir="$ROOT/data" --caisson.run-dir="$RUN" \
  --caisson.api.socket="$ROOT/caisson.sock" --server.port=0 --caisson.network.bridge="$BRIDGE" \
  --caisson.network.port-table="$BRIDGE" >"$ROOT/caisson.log" 2>&1 &
PID=$!
cleanup() {
  docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  java -cp "target/classes:$(cat target/classpath.txt)" bench/PurgeNetwork.java "$BRIDGE" "$BRIDGE" || true
  rm -rf "$ROOT" "$RUN"
}
trap cleanup EXIT
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker load -q -i src/test/resources/fixtures/busybox-docker-save.tar >/dev/null 2>&1

now() { date +%s%N; }
# p50/p90 in ms of the given list of nanosecond durations
pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms  p90 %.1f ms  (n=%d)\n", a[int(NR*0.5+0.5)]/1e6, a[int(NR*0.9+0.5)]/1e6, NR}'; }
timeit() { local t0; t0=$(now); "$@" >/dev/null 2>&1; echo $(( $(now) - t0 )); }

docker run --rm bb true >/dev/null 2>&1   # warm-up
echo -n "docker run --rm bb true           [p50 <= 80 ms]  : "
for _ in $(seq "$RUNS"); do timeit docker run --rm bb true; done | pct

docker run -d --name bench-exec bb sleep 3600 >/dev/null 2>&1
docker exec bench-exec true
echo -n "docker exec C true                [p50 <= 40 ms]  : "
for _ in $(seq "$RUNS"); do timeit docker exec bench-exec true; done | pct

LINE=$(printf 'x%.0s' $(seq 97))
t0=$(now)
docker run -d --name bench-lines bb sh -c "yes $LINE | head -n 1000000" >/dev/null 2>&1
docker wait bench-lines >/dev/null 2>&1
echo "1,000,000 lines: run -d + wait   [<= 1 s]        : $(( ($(now) - t0) / 1000000 )) ms"
t0=$(now)
n=$(docker logs bench-lines | wc -l)
echo "docker logs of them ($n lines) [<= 1.5 s]     : $(( ($(now) - t0) / 1000000 )) ms"
docker rm -f bench-lines bench-exec >/dev/null 2>&1

for i in $(seq 100); do docker run -d bb sleep 3600 >/dev/null; done
sleep 2
echo "platform RSS, 100 sleeping containers [<= 200 MiB]: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$PID/status)"
for i in $(seq 900); do docker create bb true >/dev/null; done
docker ps -a -q | wc -l | xargs echo -n "docker ps -a with containers: "
echo
echo -n "docker ps -a, 1000 containers     [p50 <= 60 ms]  : "
for _ in $(seq "$RUNS"); do timeit docker ps -a; done | pct
