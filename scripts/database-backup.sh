#!/usr/bin/env bash
# Backs up Townhall's database and restores such a backup:
#
#   scripts/database-backup.sh backup  DATABASE_URL FILE
#     pg_dump reads one consistent snapshot, so this is safe while Townhall runs. The custom
#     format (-Fc) is compressed; FILE appears only once the dump is complete.
#
#   scripts/database-backup.sh restore DATABASE_URL FILE
#     DATABASE_URL must name a new, empty database (createdb it first): restoring over live
#     data is refused. Everything is restored in one transaction, so a failure leaves the
#     database empty rather than half-restored. Objects end up owned by the user in
#     DATABASE_URL, so run Townhall as that user.
#
# pg_dump and pg_restore must be of the server's major version or newer: set PG_BIN to the
# folder of the right ones (e.g. /usr/lib/postgresql/18/bin) if older ones come first on PATH.
set -euo pipefail
if [ $# -ne 3 ] || { [ "$1" != backup ] && [ "$1" != restore ]; }; then
  echo "usage: $0 backup|restore DATABASE_URL FILE" >&2
  exit 2
fi
command=$1
url=$2
file=$3
bin=${PG_BIN:+${PG_BIN%/}/}

if [ "$command" = backup ]; then
  partial="$file.partial"
  trap 'rm -f "$partial"' EXIT
  "${bin}pg_dump" --format=custom --dbname="$url" --file="$partial"
  mv "$partial" "$file"
  echo "Backed up to $file ($(wc -c <"$file") bytes)."
  exit 0
fi

tables=$("${bin}psql" --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" --command="
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
if [ "$tables" != "0" ]; then
  echo "$0: the target database already has $tables tables; restore into a new, empty database (createdb) instead." >&2
  exit 1
fi
"${bin}pg_restore" --dbname="$url" --no-owner --no-privileges --exit-on-error --single-transaction "$file"
echo "Restored $file."
