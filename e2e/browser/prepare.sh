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
bash "$here/../apt-install.sh" chromium
echo "browser ready: $("$chromium" --version 2>/dev/null)"
