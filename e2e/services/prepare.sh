#!/usr/bin/env bash
# Installs the services n8n's queue mode needs in the end-to-end tests: Redis and PostgreSQL, from Debian.
# Idempotent: installs only what is missing. Needs root or sudo (apt-get); starts nothing (e2e/lib/services.ts does).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# One prepare at a time (parallel jest workers, a bench and a test run): lock a file that always exists.
exec 9<"$here/prepare.sh"
flock 9

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
# Debian keeps initdb/pg_ctl off PATH, under /usr/lib/postgresql/<major>/bin.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
	missing+=(postgresql)
fi

if ((${#missing[@]} == 0)); then
	echo "queue-mode services ready (cached): $(redis-server --version | cut -d' ' -f1-3), $(ls -d /usr/lib/postgresql/*/bin | head -1)"
	exit 0
fi

echo "Installing ${missing[*]} from Debian (~15 s)..."
bash "$here/../apt-install.sh" "${missing[@]}"
# The packages' own services stay unused: the tests start their own on ports and folders of their own.
command -v redis-server >/dev/null
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
echo "queue-mode services ready: ${missing[*]} installed"
