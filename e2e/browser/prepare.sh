#!/usr/bin/env bash
# Installs the browser the editor tests and `npm run screenshots` drive: Chromium from Debian (no other browser
# download is reachable here; playwright-core only drives it). Idempotent: installs only when it is missing.
# Needs root or sudo (apt-get).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium=/usr/bin/chromium

# One prepare at a time (parallel jest workers, a screenshots run and a test run): lock a file that always exists.
exec 9<"$here/prepare.sh"
flock 9

if [[ -x "$chromium" ]]; then
	echo "browser ready (cached): $("$chromium" --version 2>/dev/null)"
	exit 0
fi

echo "Installing chromium from Debian (~1 min)..."
export DEBIAN_FRONTEND=noninteractive
# Root here and in .ci/run; a CI runner's user (GitHub Actions) has sudo instead.
apt=(apt-get)
[[ $EUID -eq 0 ]] || apt=(sudo --preserve-env=DEBIAN_FRONTEND apt-get)
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends chromium
echo "browser ready: $("$chromium" --version 2>/dev/null)"
