#!/usr/bin/env bash
# Creates docker/secrets/ for docker-compose.yml: random database and Elasticsearch passwords, a
# pgpass file for Npgsql, the Ed25519 seed that signs audit segments, the knowledge index's pseudonym pepper, the
# secret the web nodes' shared cookie key ring is encrypted with, and the cluster certificate every
# node presents for mutual TLS (self-signed P-256, pinned by the nodes). Never overwrites: the audit key
# must stay the same for the life of the trail.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
mkdir -p "$dir"; chmod 700 "$dir"
umask 077
random() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
[ -s "$dir/db-password" ] || random > "$dir/db-password"
[ -s "$dir/elastic-password" ] || random > "$dir/elastic-password"
[ -s "$dir/pgpass" ] || printf 'postgres:5432:collab:collab:%s\n' "$(cat "$dir/db-password")" > "$dir/pgpass"
[ -s "$dir/audit-signing.key" ] || head -c 32 /dev/urandom | base64 > "$dir/audit-signing.key"
[ -s "$dir/knowledge-pepper.key" ] || head -c 32 /dev/urandom > "$dir/knowledge-pepper.key"
[ -s "$dir/web-keyring.key" ] || head -c 32 /dev/urandom > "$dir/web-keyring.key"
if [ ! -s "$dir/cluster-tls.pfx" ]; then
  tmp="$(mktemp -d)"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1825 -subj "/CN=collab-cluster" \
    -addext "subjectAltName=DNS:collab-cluster" -addext "extendedKeyUsage=serverAuth,clientAuth" \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
  openssl pkcs12 -export -passout pass: -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out "$dir/cluster-tls.pfx"
  rm -rf "$tmp"
fi
echo "secrets ready in $dir"
