#!/usr/bin/env bash
# Stop the throw-away PostgreSQL server that .ci/postgres.sh started in DIR, and remove DIR.
set -uo pipefail
DIR=${1:?usage: postgres-stop.sh DIR}
[ -d "$DIR/data" ] || exit 0
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ "$(id -u)" = 0 ]; then
  su postgres -s /bin/sh -c "$(printf '%q ' "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop)" >/dev/null 2>&1
else
  "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1
fi
rm -rf "$DIR"
