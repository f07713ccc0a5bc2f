#!/usr/bin/env bash
# Creates docker/secrets/ for docker-compose.yml: random database and Elasticsearch passwords, a
# pgpass file for Npgsql, and the Ed25519 seed that signs audit segments. Never overwrites: the
# audit key must stay the same for the life of the trail.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
mkdir -p "$dir"; chmod 700 "$dir"
umask 077
random() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
[ -s "$dir/db-password" ] || random > "$dir/db-password"
[ -s "$dir/elastic-password" ] || random > "$dir/elastic-password"
[ -s "$dir/pgpass" ] || printf 'postgres:5432:collab:collab:%s\n' "$(cat "$dir/db-password")" > "$dir/pgpass"
[ -s "$dir/audit-signing.key" ] || head -c 32 /dev/urandom | base64 > "$dir/audit-signing.key"
echo "secrets ready in $dir"
