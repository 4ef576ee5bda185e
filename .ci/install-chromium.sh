#!/usr/bin/env bash
# Installs Debian's chromium for the investigation report's screenshot test
# (query/investigate). Idempotent: does nothing when /usr/bin/chromium is
# already there. Needs root, as CI runs it.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-chromium.sh: must run as root to apt-get install chromium" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
