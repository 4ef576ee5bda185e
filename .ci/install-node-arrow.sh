#!/usr/bin/env bash
# Installs the JavaScript Arrow reader (npm's apache-arrow) that the Arrow
# output tests use as a reader independent of arrow-go. Idempotent: does
# nothing when the pinned version is already in the directory. The tests
# look in $LAKEHUNT_NODE_ARROW, else in $(go env GOPATH)/lakehunt-node-arrow,
# where this script installs by default.
set -euo pipefail

version=21.2.0
dir="${LAKEHUNT_NODE_ARROW:-$(go env GOPATH)/lakehunt-node-arrow}"
pkg="$dir/node_modules/apache-arrow/package.json"

if [ -f "$pkg" ] && grep -q "\"version\": \"$version\"" "$pkg"; then
	echo "apache-arrow $version already installed: $dir"
	exit 0
fi
if ! command -v npm >/dev/null; then
	echo "install-node-arrow.sh: npm not found; install node to run the Arrow reader tests" >&2
	exit 1
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --save-exact "apache-arrow@$version"
echo "apache-arrow $version installed: $dir"
