#!/usr/bin/env bash
# bench/monitor: one taskmgr-monitor cycle over N due tasks against a local job API
# (nginx answering a static JSON status), printed beside wrk's rate on the same endpoint
# at the same concurrency, in the same run. Ratios matter; absolutes drift on a shared box.
#
#   bench/monitor/run.sh [N ...]          default: 1000 10000 100000
#
# Environment: CONCURRENCY (64), WRK_SECONDS (5), BIN (a taskmgr-monitor to use instead of
# building one in release mode), KEEP=1 (leave the cluster and nginx directories).
# Needs: swift, nginx, wrk, psql, /usr/bin/time, and root (PostgreSQL runs as `postgres`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
CONCURRENCY=${CONCURRENCY:-64}
WRK_SECONDS=${WRK_SECONDS:-5}
WORK=$(mktemp -d /tmp/tm-bench-XXXXXX)
chmod 755 "$WORK"

cleanup() {
    [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
    [ -d "$WORK/pg/data" ] && "$ROOT/.ci/pg-cluster" stop "$WORK/pg" 2>/dev/null || true
    [ "${KEEP:-0}" = "1" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The monitor, built for release (the bench measures what ships).
if [ -z "${BIN:-}" ]; then
    echo "building taskmgr-monitor (release)…" >&2
    swift build -c release --scratch-path "$ROOT/.build-monitor-release" --product taskmgr-monitor \
        --package-path "$ROOT" >&2
    BIN="$ROOT/.build-monitor-release/release/taskmgr-monitor"
fi

# 2. A private PostgreSQL with taskmgr's schema.
eval "$("$ROOT/.ci/pg-cluster" start "$WORK/pg")"
for migration in "$ROOT"/sql/0*.sql; do
    psql -XqAt -v ON_ERROR_STOP=1 -f "$migration" >/dev/null 2>&1 \
        || { echo "migration $migration failed" >&2; exit 1; }
done

# 3. The job API: nginx answering a fixed JSON status from memory.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$PORT reuseport backlog=4096;
        location = /status.json {
            default_type application/json;
            return 200 '{"status":"succeeded","result":{"rows":42,"url":"s3://bucket/report.csv"}}';
        }
    }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
URL="http://127.0.0.1:$PORT/status.json"
for _ in $(seq 50); do curl -fsS --noproxy '*' "$URL" >/dev/null 2>&1 && break; sleep 0.1; done

# 4. The ceiling: wrk at the monitor's concurrency.
# -t2 is the ratio's denominator (the stricter one: the monitor polls from one thread);
# -t1 is printed beside it for a single-threaded client's view.
WRK_RATE=$(wrk -t2 -c"$CONCURRENCY" -d"${WRK_SECONDS}s" "$URL" | awk '/Requests\/sec/ {print $2}')
WRK1_RATE=$(wrk -t1 -c"$CONCURRENCY" -d"${WRK_SECONDS}s" "$URL" | awk '/Requests\/sec/ {print $2}')

# CPU ticks the cluster used so far: the postmaster with every backend it reaped
# (cutime, cstime) plus the processes still running (checkpointer, WAL writer, …).
pg_cpu_ticks() {
    local postmaster child fields total
    postmaster=$(head -1 "$WORK/pg/data/postmaster.pid")
    read -r -a fields <"/proc/$postmaster/stat"
    total=$(( fields[13] + fields[14] + fields[15] + fields[16] ))
    for child in $(pgrep -P "$postmaster"); do
        read -r -a fields <"/proc/$child/stat" 2>/dev/null || continue
        total=$(( total + fields[13] + fields[14] ))
    done
    echo "$total"
}
TICKS=$(getconf CLK_TCK)

run_cycle() {
    local n=$1
    psql -XqAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
TRUNCATE task_manager, task_status_history, task_alerts;
INSERT INTO task_manager (task_id, poll_url, task_type)
SELECT 'bench-' || g, '$URL?task=' || g, 'bench' FROM generate_series(1, $n) AS g;
ANALYZE task_manager;
SQL
    local out="$WORK/cycle-$n.txt"
    local db_before db_after
    db_before=$(pg_cpu_ticks)
    env TASKMGR_POLL_ALLOW_CIDRS=127.0.0.0/8 TASKMGR_POLL_CONCURRENCY="$CONCURRENCY" \
        TASKMGR_POLL_PER_HOST="$CONCURRENCY" TASKMGR_MONITOR_BUDGET_SECONDS=600 \
        TASKMGR_LEASE_BATCH="${LEASE_BATCH:-1000}" \
        /usr/bin/time -v "$BIN" --once >"$out" 2>&1 || { cat "$out" >&2; exit 1; }
    sleep 0.5 # the monitor's backends exit after it; let the postmaster reap them
    db_after=$(pg_cpu_ticks)
    local line polled duration poll rss completed cpu
    line=$(grep 'info taskmgr-monitor: leased=' "$out" | tail -1)
    polled=$(sed -E 's/.* polled=([0-9]+).*/\1/' <<<"$line")
    completed=$(sed -E 's/.* completed=([0-9]+).*/\1/' <<<"$line")
    duration=$(sed -E 's/.* duration_ms=([0-9]+).*/\1/' <<<"$line")
    poll=$(sed -E 's/.* poll_ms=([0-9]+).*/\1/' <<<"$line")
    rss=$(awk '/Maximum resident set size/ {print $6}' "$out")
    cpu=$(awk '/User time \(seconds\)|System time \(seconds\)/ {s += $4} END {print s}' "$out")
    local done_in_db
    done_in_db=$(psql -XqAt -c "SELECT count(*) FROM task_manager WHERE status = 'completed' AND attempt_count = 1")
    awk -v n="$n" -v polled="$polled" -v completed="$completed" -v db="$done_in_db" -v d="$duration" -v p="$poll" \
        -v rss="$rss" -v wrk="$WRK_RATE" -v cpu="$cpu" -v dbticks=$(( db_after - db_before )) -v hz="$TICKS" 'BEGIN {
        rate = (p > 0) ? polled / (p / 1000) : 0
        printf "%8d  %8d  %8d  %10.2f  %12.0f  %8.0f  %6.2f  %9.1f  %10.1f  %10.1f  %9.1f\n",
            n, polled, db, d / 1000, rate, wrk, rate / wrk, rss / 1024, d / n * 1000,
            cpu / n * 1e6, dbticks / hz / n * 1e6
    }'
}

echo "taskmgr-monitor bench — $(date -u +%FT%TZ), concurrency $CONCURRENCY (per host $CONCURRENCY), wrk -t2 -c$CONCURRENCY -d${WRK_SECONDS}s"
echo "endpoint: nginx return 200 (static JSON status) at $URL; wrk -t2: $WRK_RATE req/s, wrk -t1: $WRK1_RATE req/s"
printf "%8s  %8s  %8s  %10s  %12s  %8s  %6s  %9s  %10s  %10s  %9s\n" \
    tasks polled done_db cycle_s polls_per_s wrk_rps ratio rss_MiB us_per_task mon_cpu_us db_cpu_us
for n in "${SIZES[@]}"; do
    run_cycle "$n"
done
echo "aims: cycle over 10,000 ≤ 10 s; ratio ≥ 0.25; RSS ≤ 64 MiB; us_per_task flat from 1,000 to 100,000 (linear cost)"
