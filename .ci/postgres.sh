#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the register tests and print its URL.
# Installs Debian's postgresql package when it is missing (root only). Exit 1 if no server can run.
# Prints "URL DIR": stop the server afterwards with `bash .ci/postgres-stop.sh DIR`.
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 || true
  PGBIN=$(find_bin)
fi
[ -n "$PGBIN" ] || { echo "no PostgreSQL binaries" >&2; exit 1; }
DIR=$(mktemp -d /tmp/docgen-pg.XXXXXX)
chmod 755 "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run() { "$@"; }
if [ "$(id -u)" = 0 ]; then   # the server refuses to run as root
  id postgres >/dev/null 2>&1 || useradd -r -M -s /bin/sh postgres
  chown postgres "$DIR"
  run() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
fi
run "$PGBIN/initdb" -D "$DIR/data" -A trust -U docgen -E UTF8 >&2
run "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off" start >&2
run "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U docgen docgen_test >&2
echo "postgresql://docgen@127.0.0.1:$PORT/docgen_test $DIR"
