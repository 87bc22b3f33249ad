# Shared by dev/up, dev/down, dev/check and dev/bench; sourced, not run.
# Everything these scripts start lives under var/ in the source tree:
#   var/build   the build (out of tree, so the source stays clean)
#   var/mysql   the private MariaDB data directory, socket var/run/mysqld.sock
#   var/nginx   nginx's prefix (config, logs, temp files)
#   var/run     sockets and pid files      var/log   logs

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=$ROOT/var
BUILD=$VAR/build
RUN=$VAR/run
LOG=$VAR/log
HTTP_PORT=${CXM_HTTP_PORT:-8080}
PREFIX_PORT=${CXM_PREFIX_PORT:-8081}

# Debian packages: to build, to run, to test.
BUILD_PACKAGES="gcc g++ make autoconf automake libtool pkg-config gettext
  libfcgi-dev default-libmysqlclient-dev libctemplate-dev libsodium-dev
  libxlsxwriter-dev libhpdf-dev check"
RUN_PACKAGES="mariadb-server-core mariadb-client-core nginx fonts-dejavu-core curl"
TEST_PACKAGES="valgrind unzip"
BENCH_PACKAGES="wrk"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages PKG...: installs what is missing (as root), or says how.
ensure_packages() {
  missing=
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages; install them with:
    sudo apt-get install -y$missing"
  fi
  say "installing Debian packages:$missing"
  mkdir -p "$VAR"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } \
      >"$VAR/apt.log" 2>&1; then
    tail -n 30 "$VAR/apt.log" >&2
    die "apt-get failed (full log: $VAR/apt.log)"
  fi
}

# build [CONFIGURE-ARGS...]: autoreconf, configure and make, each only when
# needed. Warnings are errors: the code is kept warning-free.
build() {
  cd "$ROOT"
  mkdir -p "$VAR"
  if [ ! -x configure ] || [ configure.ac -nt configure ] ||
     find . -name Makefile.am -newer configure -not -path './var/*' | grep -q .; then
    say "autoreconf"
    autoreconf -fi >"$VAR/autoreconf.log" 2>&1 || { cat "$VAR/autoreconf.log" >&2; die "autoreconf failed"; }
  fi
  mkdir -p "$BUILD"
  if [ ! -f "$BUILD/Makefile" ] || [ "$ROOT/configure" -nt "$BUILD/config.status" ]; then
    say "configure"
    (cd "$BUILD" && "$ROOT/configure" --enable-werror --prefix="$VAR/install" "$@" >"$VAR/configure.log" 2>&1) ||
      { tail -n 30 "$VAR/configure.log" >&2; die "configure failed (log: $VAR/configure.log)"; }
  fi
  say "make"
  make -C "$BUILD" -j"$(nproc)" >"$VAR/make.log" 2>&1 || { grep -E 'error|Error' "$VAR/make.log" | head -n 40 >&2; die "build failed (log: $VAR/make.log)"; }
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# random_password: 20 random characters (letters and digits), ~119 bits.
random_password() {
  head -c 45 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-20
}

# demo_business CXMCTL...: the demo business "demo" and its owner
# owner@demo.example (also a site operator), made once. The password is kept
# in $DEMO_CREDENTIALS (mode 600) and read back on later runs; when that file
# is missing but the business is not, the owner gets a new password.
# The first time (while it has no clients) it also gets demo data:
# $CXM_DEMO_CLIENTS (3000) clients with two years of history, seed 1.
# Sets DEMO_EMAIL, DEMO_PASSWORD and DEMO_DATA (what demo-data said).
DEMO_CREDENTIALS=$VAR/demo-credentials
DEMO_EMAIL=owner@demo.example
demo_business() {
  exists=$("$@" business list | awk 'NR > 1 && $1 == "demo" { print "yes" }')
  if [ "$exists" != yes ] || [ ! -s "$DEMO_CREDENTIALS" ]; then
    if [ "$exists" != yes ]; then
      say "creating the demo business"
      "$@" business add --name "Демо-салон" --industry salon demo
    fi
    if [ ! -s "$DEMO_CREDENTIALS" ]; then
      (umask 077 && printf '# The demo owner, made by dev/up (also a site operator).\nemail: %s\npassword: %s\n' \
        "$DEMO_EMAIL" "$(random_password)" >"$DEMO_CREDENTIALS")
    fi
    sed -n 's/^password: //p' "$DEMO_CREDENTIALS" |
      "$@" user add --business demo --role owner --name "Demo Owner" --site-admin --reset-password "$DEMO_EMAIL"
  fi
  chmod 600 "$DEMO_CREDENTIALS"
  DEMO_EMAIL=$(sed -n 's/^email: //p' "$DEMO_CREDENTIALS")
  DEMO_PASSWORD=$(sed -n 's/^password: //p' "$DEMO_CREDENTIALS")
  [ -n "$DEMO_EMAIL" ] && [ -n "$DEMO_PASSWORD" ] || die "$DEMO_CREDENTIALS is damaged; delete it and run again"
  DEMO_DATA=$("$@" demo-data --business demo --clients "${CXM_DEMO_CLIENTS:-3000}" --seed 1 --if-empty) ||
    die "cxmctl demo-data failed"
}

# stop_pid PIDFILE NAME [SIGNAL]: stops a process and waits for it.
stop_pid() {
  pidfile=$1 name=$2 sig=${3:-TERM}
  if pid_alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill -"$sig" "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null; do
      i=$((i + 1))
      [ $i -gt 300 ] && { kill -KILL "$pid" 2>/dev/null; break; }
      sleep 0.1
    done
    say "$name stopped"
  fi
  rm -f "$pidfile"
}

# mariadb_start DATADIR SOCKET: a private server, unix socket only.
mariadb_start() {
  datadir=$1 sock=$2
  pidfile=$datadir.pid
  if pid_alive "$pidfile"; then return 0; fi
  userarg=
  [ "$(id -u)" = 0 ] && userarg=--user=root
  if [ ! -d "$datadir/mysql" ]; then
    say "initialising MariaDB in $datadir"
    mkdir -p "$datadir"
    mariadb-install-db --no-defaults --datadir="$datadir" $userarg \
      --auth-root-authentication-method=normal --skip-test-db >"$datadir.install.log" 2>&1 ||
      { cat "$datadir.install.log" >&2; die "mariadb-install-db failed"; }
  fi
  mkdir -p "$(dirname "$sock")"
  say "starting MariaDB ($sock)"
  # Temporary tables of up to 256 MiB stay in memory: the metric plugins
  # group by client, a million rows at scale (docs/metrics.md).
  mariadbd --no-defaults --datadir="$datadir" --socket="$sock" --skip-networking \
    --pid-file="$pidfile" --log-error="$datadir.err" $userarg \
    --innodb-buffer-pool-size=256M --skip-log-bin \
    --tmp-table-size=256M --max-heap-table-size=256M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    >/dev/null 2>&1 &
  i=0
  until mariadb --no-defaults -S "$sock" -u root -e "SELECT 1" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -gt 300 ] && { tail -n 20 "$datadir.err" >&2; die "MariaDB did not start"; }
    sleep 0.1
  done
}

mariadb_stop() { stop_pid "$1.pid" MariaDB; }

sql_root() { mariadb --no-defaults -S "$1" -u root -e "$2"; }

# nginx_conf PREFIX CXMSOCK: writes PREFIX/conf/nginx.conf serving CXM at
# / on HTTP_PORT (nginx/cxm.conf.in) and under /cx/ of another server on
# PREFIX_PORT (nginx/cxm-location.conf.in), as a shared host would.
nginx_conf() {
  prefix=$1 sock=$2
  mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/tmp" "$VAR/bench"
  sh "$ROOT/nginx/render.sh" "$ROOT/nginx/cxm-upstream.conf.in" "$prefix/conf/cxm-upstream.conf" \
    UPSTREAM=cxm FCGI_PASS="unix:$sock" KEEPALIVE=16
  sh "$ROOT/nginx/render.sh" "$ROOT/nginx/cxm.conf.in" "$prefix/conf/cxm.conf" \
    LISTEN="127.0.0.1:$HTTP_PORT" SERVER_NAME=localhost BASE= STATIC_DIR="$ROOT/static" \
    NGINX_DIR="$prefix/conf" UPSTREAM=cxm NGINX_MAX_BODY=20m ACCESS_LOG="$prefix/logs/access.log cxm"
  sh "$ROOT/nginx/render.sh" "$ROOT/nginx/cxm-location.conf.in" "$prefix/conf/cxm-location.conf" \
    BASE=/cx STATIC_DIR="$ROOT/static" NGINX_DIR="$prefix/conf" UPSTREAM=cxm NGINX_MAX_BODY=20m \
    ACCESS_LOG="$prefix/logs/access.log cxm"
  cp "$ROOT/nginx/cxm-fastcgi.conf" "$prefix/conf/"
  user=
  [ "$(id -u)" = 0 ] && user="user root;"
  cat >"$prefix/conf/nginx.conf" <<NGINX
# Generated by dev/lib.sh: the development nginx.
worker_processes 2;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log;
$user
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $prefix/logs/access.log;
  client_body_temp_path $prefix/tmp/body;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  proxy_temp_path $prefix/tmp/proxy;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  sendfile on;

  # The workers (an upstream with kept-alive connections), then CXM in a
  # server of its own, at /
  include $prefix/conf/cxm-upstream.conf;
  include $prefix/conf/cxm.conf;

  # dev/bench's ceiling: the bare libfcgi responder, kept alive the same way
  upstream bench_hello { server unix:$RUN/bench-hello.sock; keepalive 16; }

  # "Someone else's" server with CXM mounted under /cx/
  server {
    listen 127.0.0.1:$PREFIX_PORT;
    location = / { default_type text/plain; return 200 "another site; CXM is under /cx/\n"; }
    include $prefix/conf/cxm-location.conf;
    # dev/bench serves its static comparison files from here
    location /__bench/ { alias $VAR/bench/; }
    # ...and the bare libfcgi responder (tests/bench/fcgi_hello), the ceiling
    location = /__bench/fcgi {
      include $prefix/conf/cxm-fastcgi.conf;
      fastcgi_pass bench_hello;
      fastcgi_keep_conn on;
    }
  }
}
NGINX
}

nginx_start() {
  prefix=$1
  nginx -t -q -p "$prefix/" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log" ||
    die "nginx configuration test failed"
  if pid_alive "$prefix/nginx.pid"; then
    kill -HUP "$(cat "$prefix/nginx.pid")"
    say "nginx reloaded"
  else
    nginx -p "$prefix/" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log" ||
      die "nginx did not start (see $prefix/logs/error.log)"
    say "nginx started"
  fi
}

nginx_stop() { stop_pid "$1/nginx.pid" nginx QUIT; }

# wait_http URL: until it answers 200.
wait_http() {
  i=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && return 1
    sleep 0.1
  done
}
