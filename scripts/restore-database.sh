#!/usr/bin/env bash
# Restores a backup made by backup-database.sh: scripts/restore-database.sh DATABASE_URL FILE
#
# DATABASE_URL must name a new, empty database (createdb it first): restoring over live data
# is refused. Everything is restored in one transaction, so a failure leaves the database
# empty rather than half-restored. Objects end up owned by the user in DATABASE_URL, so run
# Townhall with that user. pg_restore must be of the dump's major version or newer (PG_BIN as
# for backups).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 DATABASE_URL FILE" >&2
  exit 2
fi
url=$1
file=$2
bin=${PG_BIN:+${PG_BIN%/}/}

tables=$("${bin}psql" --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" --command="
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
if [ "$tables" != "0" ]; then
  echo "$0: the target database already has $tables tables; restore into a new, empty database (createdb) instead." >&2
  exit 1
fi
"${bin}pg_restore" --dbname="$url" --no-owner --no-privileges --exit-on-error --single-transaction "$file"
echo "Restored $file."
