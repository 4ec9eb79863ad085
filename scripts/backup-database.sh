#!/usr/bin/env bash
# Backs up Townhall's database: scripts/backup-database.sh DATABASE_URL FILE
#
# pg_dump reads one consistent snapshot, so it is safe while Townhall runs. The custom format
# (-Fc) is compressed and restored with scripts/restore-database.sh. pg_dump must be of the
# server's major version or newer: set PG_BIN to the folder of the right one
# (e.g. /usr/lib/postgresql/18/bin) if the one on PATH is older.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 DATABASE_URL FILE" >&2
  exit 2
fi
url=$1
file=$2
bin=${PG_BIN:+${PG_BIN%/}/}

# Written beside the target and renamed at the end, so FILE is never a half-written dump.
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
"${bin}pg_dump" --format=custom --dbname="$url" --file="$partial"
mv "$partial" "$file"
echo "Backed up to $file ($(wc -c <"$file") bytes)."
