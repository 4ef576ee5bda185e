#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time (FUZZTIME, default
# 10s each). The seed corpora under */testdata/fuzz/ also run in every plain
# 'go test'. Run longer locally with, for example:
#   FUZZTIME=10m bash .ci/fuzz.sh
#
# Go's fuzz coordinator can fail a target with a bare "context deadline
# exceeded" when a starved worker misses the -fuzztime deadline
# (golang/go internal/fuzz shutdown race; seen here on a loaded 2-core
# machine). That failure writes no crasher. Such a run is retried once and,
# if it trips again, accepted only after the target's corpus replays clean;
# any written crasher or other failure still fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fuzz_once() {
	local pkg=$1 target=$2
	go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" 2>&1 | tee "$log"
	return "${PIPESTATUS[0]}"
}

shutdown_race_only() {
	! grep -q 'Failing input written to' "$log" &&
		grep -q '^    context deadline exceeded$' "$log" &&
		[ "$(grep -c -- '^--- FAIL' "$log")" -eq 1 ]
}

grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
	pkg="./$(dirname "${file#./}")"
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //' | while read -r target; do
		echo "== fuzz $pkg $target ($fuzztime)"
		fuzz_once "$pkg" "$target" && continue
		shutdown_race_only || exit 1
		echo "== $target: fuzz coordinator deadline race, no crasher; retrying once"
		fuzz_once "$pkg" "$target" && continue
		shutdown_race_only || exit 1
		echo "== $target: deadline race again; replaying its corpus instead"
		go test -count=1 -run="^${target}\$" "$pkg"
	done
done
