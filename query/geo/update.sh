#!/usr/bin/env bash
# Rebuilds countries.bin.gz, the IP-to-country table lakehunt embeds, from
# npm's @ip-location-db/geo-whois-asn-country (package licence CC0-1.0; the
# RIR data in it is CC BY 4.0 by the NRO, attributed in the README).
# Usage: query/geo/update.sh [VERSION]   (default: the latest on the registry)
# Needs npm and Go; writes only query/geo/countries.bin.gz.
set -euo pipefail
cd "$(dirname "$0")"

pkg=@ip-location-db/geo-whois-asn-country
version="${1:-$(npm view "$pkg" version)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$pkg@$version" >/dev/null && tar xzf ./*.tgz)
go run gen.go "$work/package" "$version"
ls -l countries.bin.gz
