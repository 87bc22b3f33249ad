# Shared by dev/bench-data and dev/bench-dashboard (sourced after lib.sh,
# not run): the bench database cxm_bench on dev/up's private MariaDB, its
# server memory for the run, its configuration, its load with demo-data,
# and a second cxm-fcgi and nginx on 127.0.0.1:$BPORT in front of it,
# signed in as the bench owner.
# Environment: BENCH_CLIENTS (1,000,000), BENCH_INTERACTIONS_PER_CLIENT
# (10), BENCH_RELOAD=1 (load again), BENCH_DATA_PORT (18390),
# BENCH_BUFFER_POOL (4 GiB), BENCH_TMP_TABLES (in-memory temporary
# tables up to 256 MiB), CXM_WORKERS (4); BENCH_SERVE_TREE: another
# source tree (with its build in var/build) whose cxm-fcgi, cxmctl jobs and
# templates serve the pages, to measure a branch before it is merged (the
# data is always loaded by this tree's cxmctl); BENCH_PLUGINS: the plugin
# modules (.so files) the bench CXM loads, instead of dev/up's var/plugins;
# BENCH_DASHBOARD_COMPUTE: the bench CXM's dashboard_compute_seconds (2; 0
# times a dashboard that only reads what the job stored).

CLIENTS=${BENCH_CLIENTS:-1000000}
PER_CLIENT=${BENCH_INTERACTIONS_PER_CLIENT:-10}
BPORT=${BENCH_DATA_PORT:-18390}
POOL=${BENCH_BUFFER_POOL:-4294967296}
TMP_TABLES=${BENCH_TMP_TABLES:-268435456}
DBNAME=cxm_bench
BDIR=$VAR/bench-data
MYSQL_SOCK=$RUN/mysqld.sock
BSOCK=$RUN/cxm-bench.sock
BPID=$RUN/cxm-bench-fcgi.pid
CTL="$BUILD/core/cxmctl -c $BDIR/cxm.conf"
SERVE_ROOT=${BENCH_SERVE_TREE:-$ROOT}
SERVE_BUILD=$SERVE_ROOT/var/build
SERVE_CTL="$SERVE_BUILD/core/cxmctl -c $BDIR/cxm.conf"
B=http://127.0.0.1:$BPORT
JAR=$BDIR/cookies

q() { mariadb --no-defaults -S "$MYSQL_SOCK" -u root -N -B -e "$1"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# bench_begin: raises MariaDB's buffer pool to $POOL and its redo log to
# 1 GiB for the run (a million clients with their history are about 4 GB;
# dev/up's 256 MiB would make the load IO-bound) and sets a trap that puts
# them back and stops what bench_stack_start started; writes the bench
# CXM's configuration.
FCGI_STARTED= NGINX_STARTED=
bench_cleanup() {
  status=$?
  [ -n "$NGINX_STARTED" ] && nginx_stop "$BDIR/nginx" >/dev/null 2>&1
  [ -n "$FCGI_STARTED" ] && stop_pid "$BPID" cxm-fcgi >/dev/null 2>&1
  q "SET GLOBAL innodb_buffer_pool_size = $old_pool; SET GLOBAL innodb_log_file_size = $old_log;
     SET GLOBAL tmp_table_size = $old_tmp; SET GLOBAL max_heap_table_size = $old_heap" 2>/dev/null || true
  exit $status
}
bench_begin() {
  mkdir -p "$BDIR"
  plugin_dir=$VAR/plugins
  if [ -n "${BENCH_PLUGINS:-}" ]; then
    plugin_dir=$BDIR/plugins
    rm -rf "$plugin_dir"
    mkdir -p "$plugin_dir"
    for so in $BENCH_PLUGINS; do
      [ -f "$so" ] || die "BENCH_PLUGINS: no file $so"
      ln -s "$(cd "$(dirname "$so")" && pwd)/$(basename "$so")" "$plugin_dir/"
    done
  fi
  old_pool=$(q "SELECT @@innodb_buffer_pool_size")
  old_log=$(q "SELECT @@innodb_log_file_size")
  old_tmp=$(q "SELECT @@tmp_table_size")
  old_heap=$(q "SELECT @@max_heap_table_size")
  trap bench_cleanup EXIT INT TERM
  if [ "$old_pool" -lt "$POOL" ]; then
    q "SET GLOBAL innodb_buffer_pool_size = $POOL"
  fi
  if [ "$old_log" -lt 1073741824 ]; then
    q "SET GLOBAL innodb_log_file_size = 1073741824"
  fi
  # The retention plugin's per-client passes materialise a row per client
  # (a million here): above tmp_table_size / max_heap_table_size (16 MiB by
  # default) MariaDB moves the temporary table to disk and a value takes
  # 30-60 s instead of 5-10 s (docs/metrics.md, "Retention and value").
  # For new sessions only: the bench cxm-fcgi and jobs connect after this.
  if [ "$old_tmp" -lt "$TMP_TABLES" ]; then
    q "SET GLOBAL tmp_table_size = $TMP_TABLES"
  fi
  if [ "$old_heap" -lt "$TMP_TABLES" ]; then
    q "SET GLOBAL max_heap_table_size = $TMP_TABLES"
  fi
  say "MariaDB: buffer pool $(q "SELECT @@innodb_buffer_pool_size DIV 1048576") MiB, redo log $(q "SELECT @@innodb_log_file_size DIV 1048576") MiB, temporary tables in memory up to $(q "SELECT LEAST(@@tmp_table_size, @@max_heap_table_size) DIV 1048576") MiB (for this run)"
  cat >"$BDIR/cxm.conf" <<CONF
# Written by dev/bench-lib.sh: a second CXM on the bench database.
listen = $BSOCK
socket_mode = 0660
workers = ${CXM_WORKERS:-4}
pid_file = $BPID
db_dsn = mysql://cxm@localhost/$DBNAME?socket=$MYSQL_SOCK
db_password_file = $VAR/secrets/db-password
template_dir = $SERVE_ROOT/templates
static_dir = $SERVE_ROOT/static
locale_dir = $SERVE_BUILD/po
plugin_dir = $plugin_dir
sql_dir = $SERVE_ROOT/sql
log_level = warn
public_url = http://127.0.0.1:$BPORT
log_mail = yes
dashboard_compute_seconds = ${BENCH_DASHBOARD_COMPUTE:-2}
CONF
}

# bench_load: $CLIENTS clients with about $PER_CLIENT interactions each
# in business "bench" of a fresh cxm_bench ("cxmctl demo-data
# --defer-indexes", timed into $BDIR/load.txt); a database already loaded
# with the same figures is reused. Sets LOAD_LINE.
bench_load() {
  want="clients=$CLIENTS per_client=$PER_CLIENT seed=1"
  have=$(cat "$BDIR/loaded" 2>/dev/null || true)
  loaded=$(q "SELECT COUNT(*) FROM $DBNAME.clients c JOIN $DBNAME.businesses b ON b.id = c.business_id
              WHERE b.slug = 'bench'" 2>/dev/null || echo 0)
  if [ "${BENCH_RELOAD:-0}" = 1 ] || [ "$have" != "$want" ] || [ "$loaded" != "$CLIENTS" ]; then
    free_kb=$(df -Pk "$VAR/mysql" | awk 'NR == 2 { print $4 }')
    need_kb=$((CLIENTS / 1000 * 12000))   # about 12 GB a million, with room for index builds
    [ "$free_kb" -ge "$need_kb" ] || die "not enough disk for the bench data: $((free_kb / 1048576)) GiB free, $((need_kb / 1048576)) GiB needed"
    say "loading $CLIENTS clients into the database $DBNAME (a fresh one)"
    q "DROP DATABASE IF EXISTS $DBNAME;
       CREATE DATABASE $DBNAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
       GRANT ALL PRIVILEGES ON $DBNAME.* TO 'cxm'@'localhost';"
    rm -f "$BDIR/loaded" "$BDIR/surveys"
    $CTL -q migrate
    $CTL business add --name "Bench salon" --industry salon --timezone Europe/Minsk bench >/dev/null
    (umask 077 && random_password >"$BDIR/password")
    $CTL user add --business bench --role owner --name "Bench Owner" bench@bench.example \
      <"$BDIR/password" >/dev/null
    uptime_before=$(cut -d' ' -f1-3 /proc/loadavg)
    t0=$(now)
    $CTL demo-data --business bench --clients "$CLIENTS" --seed 1 \
      --interactions-per-client "$PER_CLIENT" --defer-indexes >"$BDIR/load.txt" || die "cxmctl demo-data failed"
    t1=$(now)
    cat "$BDIR/load.txt"
    echo "wall $(secs "$t0" "$t1") s; load average before $uptime_before, after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$BDIR/load.txt"
    echo "$want" >"$BDIR/loaded"
  else
    say "reusing the loaded bench database ($loaded clients; BENCH_RELOAD=1 loads again)"
  fi
  LOAD_LINE=$(head -n 1 "$BDIR/load.txt" 2>/dev/null || echo "(no record of the load)")
}

# bench_stack_start: cxm-fcgi and nginx for the bench database on :$BPORT,
# and a session of the bench owner in $JAR.
bench_stack_start() {
  say "starting cxm-fcgi and nginx for the bench database on :$BPORT"
  "$SERVE_BUILD/core/cxm-fcgi" -t -c "$BDIR/cxm.conf" >/dev/null
  nohup "$SERVE_BUILD/core/cxm-fcgi" -c "$BDIR/cxm.conf" >>"$LOG/cxm-bench-fcgi.log" 2>&1 </dev/null &
  FCGI_STARTED=1
  i=0
  until [ -S "$BSOCK" ] && pid_alive "$BPID"; do
    i=$((i + 1))
    [ $i -gt 100 ] && { tail -n 20 "$LOG/cxm-bench-fcgi.log" >&2; die "the bench cxm-fcgi did not start"; }
    sleep 0.1
  done
  NP=$BDIR/nginx
  mkdir -p "$NP/conf" "$NP/logs" "$NP/tmp"
  sh "$ROOT/nginx/render.sh" "$ROOT/nginx/cxm-upstream.conf.in" "$NP/conf/cxm-upstream.conf" \
    UPSTREAM=cxm_bench FCGI_PASS="unix:$BSOCK" KEEPALIVE=16
  sh "$ROOT/nginx/render.sh" "$ROOT/nginx/cxm.conf.in" "$NP/conf/cxm.conf" \
    LISTEN="127.0.0.1:$BPORT" SERVER_NAME=localhost BASE= STATIC_DIR="$SERVE_ROOT/static" \
    NGINX_DIR="$NP/conf" UPSTREAM=cxm_bench NGINX_MAX_BODY=20m ACCESS_LOG=off
  cp "$ROOT/nginx/cxm-fastcgi.conf" "$NP/conf/"
  user=
  [ "$(id -u)" = 0 ] && user="user root;"
  cat >"$NP/conf/nginx.conf" <<NGINX
# Generated by dev/bench-lib.sh: nginx in front of the bench cxm-fcgi.
worker_processes 1;
pid $NP/nginx.pid;
error_log $NP/logs/error.log;
$user
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $NP/tmp/body;
  fastcgi_temp_path $NP/tmp/fastcgi;
  proxy_temp_path $NP/tmp/proxy;
  uwsgi_temp_path $NP/tmp/uwsgi;
  scgi_temp_path $NP/tmp/scgi;
  include $NP/conf/cxm-upstream.conf;
  include $NP/conf/cxm.conf;
}
NGINX
  nginx_start "$NP" >/dev/null
  NGINX_STARTED=1
  wait_http "$B/healthz" || die "the bench stack does not answer on :$BPORT"

  rm -f "$JAR"
  csrf=$(curl -s -c "$JAR" -b "$JAR" "$B/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  st=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" -H 'Accept-Language: en' \
    --data-urlencode "csrf=$csrf" --data-urlencode "email=bench@bench.example" \
    --data-urlencode "password=$(cat "$BDIR/password")" --data-urlencode "next=/" "$B/login")
  [ "$st" = 303 ] || die "signing in as bench@bench.example answered $st"
}

# bench_stats NAME LIMIT: reads times in ms (one a line) and prints NAME,
# the median, the 95th percentile and whether the p95 is under LIMIT
# ("-": no limit). MEDIAN and P95 are left in $BDIR/stats.
bench_stats() {
  sort -n | awk -v name="$1" -v limit="$2" -v out="$BDIR/stats" '
    { t[NR] = $1 }
    END { m = t[int((NR + 1) / 2)]; p = t[int((NR * 95 + 99) / 100)];
          print m, p > out;
          printf "  %-44s %9.1f %9.1f   %s\n", name, m, p, limit == "-" ? "" : p < limit ? "yes" : "NO" }'
}
