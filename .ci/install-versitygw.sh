#!/usr/bin/env bash
# Installs versitygw, the S3 server the storage/s3 tests start on loopback.
# Idempotent: does nothing when the pinned version is already installed in
# GOBIN (default $(go env GOPATH)/bin). Builds from the Go module proxy
# (a few minutes the first time; the module and build caches are kept).
set -euo pipefail

version=v1.8.0
gobin="$(go env GOBIN)"
if [ -z "$gobin" ]; then
	gobin="$(go env GOPATH)/bin"
fi
bin="$gobin/versitygw"

if [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -q "mod[[:space:]]*github.com/versity/versitygw[[:space:]]*$version"; then
	echo "versitygw $version already installed: $bin"
	exit 0
fi
echo "installing versitygw $version into $gobin"
# Outside any module, so the project's go.mod plays no part.
(cd / && GOBIN="$gobin" go install "github.com/versity/versitygw/cmd/versitygw@$version")
echo "versitygw $version installed: $bin"
case ":$PATH:" in
*":$gobin:"*) ;;
*) echo "note: $gobin is not on PATH; the tests look there too" ;;
esac
