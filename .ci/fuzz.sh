#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time (FUZZTIME, default
# 10s each). The seed corpora under */testdata/fuzz/ also run in every plain
# 'go test'. Run longer locally with, for example:
#   FUZZTIME=10m bash .ci/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
	pkg="./$(dirname "${file#./}")"
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //' | while read -r target; do
		echo "== fuzz $pkg $target ($fuzztime)"
		go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"
	done
done
