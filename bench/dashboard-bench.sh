#!/usr/bin/env bash
# Dashboard benchmark (issue 5 targets in brackets). Starts its own Caisson from the built jar on
# throwaway dirs, signs in through the login form like a browser, prints figures, removes everything.
#   1. platform RSS idle after sign-in with 100 running containers        [report]
#   2. containers page with 1000 containers: server time                  [<= 300 ms]
#   3. a container printing 10k lines/s for 30 s with its log page open in headless Chromium:
#      the tab's responsiveness and memory (bench/LogPageBench.java)      [responsive, bounded]
# Run as root: bench/dashboard-bench.sh [runs] [parts: any of rss,table,logs; default all]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
PARTS=${2:-rss,table,logs}
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
  || mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
ROOT=$(mktemp -d /tmp/cdbench.XXXX)
RUN=$(mktemp -d /tmp/cdbr.XXXX)
cp target/caisson-0.1.0-SNAPSHOT.jar "$ROOT/caisson.jar"   # a rebuild must not pull the jar from under the JVM
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASSWORD=bench-admin-password
export DOCKER_HOST=unix://$ROOT/caisson.sock DOCKER_CONFIG=$ROOT/docker-config
JVM=$(sed -n 's:.*<caisson.jvm>\(.*\)</caisson.jvm>.*:\1:p' pom.xml)
BRIDGE=cdb$$
CAISSON_ADMIN_PASSWORD=$PASSWORD java $JVM -jar "$ROOT/caisson.jar" --caisson.data-dir="$ROOT/data" \
  --caisson.run-dir="$RUN" --caisson.api.socket="$ROOT/caisson.sock" --server.port="$PORT" \
  --server.address=127.0.0.1 --caisson.network.bridge="$BRIDGE" --caisson.network.port-table="$BRIDGE" \
  --caisson.network.dns-upstream=127.0.0.1:1 >"$ROOT/caisson.log" 2>&1 &
PID=$!
cleanup() {
  docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true
  java -cp "target/classes:$(cat target/classpath.txt)" bench/PurgeNetwork.java "$BRIDGE" "$BRIDGE" || true
  rm -rf "$ROOT" "$RUN"
}
trap cleanup EXIT
for _ in $(seq 150); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker load -q -i src/test/resources/fixtures/busybox-docker-save.tar >/dev/null 2>&1
URL=http://127.0.0.1:$PORT
JAR=$ROOT/cookies

# the login form, as a browser fills it in: its CSRF field, then the session cookie
csrf=$(curl -s -c "$JAR" -b "$JAR" "$URL/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "username=admin" --data-urlencode "password=$PASSWORD" \
  --data-urlencode "_csrf=$csrf" "$URL/login"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$URL/ui/containers")" = 200 ] || { echo "sign-in failed"; exit 1; }

pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.1f ms  p90 %.1f ms  (n=%d)\n", a[int(NR*0.5+0.5)]*1000, a[int(NR*0.9+0.5)]*1000, NR}'; }
# time_total of a request over loopback: the server's time plus a negligible transfer of one page
timed() { for _ in $(seq "$RUNS"); do curl -s -o /dev/null -b "$JAR" -H "${2:-X-None: 1}" -w '%{time_total}\n' "$URL$1"; done | pct; }

if [[ $PARTS == *rss* ]]; then
for i in $(seq 100); do docker run -d --network none bb sleep 3600 >/dev/null; done
for p in /ui/containers /ui/images /ui/networks /ui/volumes /ui/containers/usage?ids=x; do curl -s -o /dev/null -b "$JAR" "$URL$p"; done
sleep 10
echo "platform RSS idle after sign-in, 100 running containers [report]: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/$PID/status)"
fi

if [[ $PARTS == *table* ]]; then
for i in $(seq "$(( 100 - $(docker ps -aq | wc -l) ))"); do docker run -d --network none bb sleep 3600 >/dev/null; done

for i in $(seq 900); do docker create --network none bb true >/dev/null; done
echo "containers: $(docker ps -aq | wc -l)"
for _ in $(seq 10); do curl -s -o /dev/null -b "$JAR" "$URL/ui/containers"; done   # warm-up
echo -n "GET /ui/containers, 1000 containers (page 1)      [<= 300 ms]: "; timed /ui/containers
echo -n "  htmx table only, state=running                   [<= 300 ms]: "; timed "/ui/containers?state=running" "HX-Target: containers"
echo -n "  htmx table only, page 20 of 20                   [<= 300 ms]: "; timed "/ui/containers?page=20" "HX-Target: containers"
echo -n "  name filter with no match                        [<= 300 ms]: "; timed "/ui/containers?name=nosuch" "HX-Target: containers"
ids=$(docker ps -q --no-trunc | head -50 | paste -sd, -)
echo -n "  CPU/memory of the 50 running rows (poll)         [report]    : "; timed "/ui/containers/usage?ids=$ids"
fi
docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1

if [[ $PARTS != *logs* ]]; then
  exit 0
elif command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  # 10 x 1000 lines a second for 60 s: under load for the whole measured window, however long the browser takes to start
  CID=$(docker run -d --network none bb sh -c \
    'i=0; while [ $i -lt 600 ]; do seq $((i*1000)) $((i*1000+999)); sleep 0.1; i=$((i+1)); done')
  java -cp "target/classes:$(cat target/classpath.txt)" bench/LogPageBench.java "$URL" admin "$PASSWORD" "$CID" 30
else
  echo "log page: chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
fi
