#!/usr/bin/env bash
# n8n's own verification checks on the code that ships: `n8n-node lint` (strict mode: eslint.config.mjs must be
# n8n's template, unchanged) and `n8n-node cloud-support` (eligible for n8n Cloud). n8n's default config lints every
# *.ts under the folder it runs in, and the tests, simulator, e2e and bench code rightly use what shipped nodes may
# not (process, node:fs, console), so the checks run on a copy of exactly what is published: package.json,
# tsconfig.json, eslint.config.mjs, nodes/ and credentials/ (copies: ESLint skips symlinked folders).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/.state/n8n-node-checks"

rm -rf "$work"
mkdir -p "$work"
cp -r "$root/package.json" "$root/tsconfig.json" "$root/eslint.config.mjs" "$root/nodes" "$root/credentials" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
cd "$work"

# Its output is read as plain text: colours (on when CI=true) would split the words.
plain() { sed 's/\x1b\[[0-9;]*m//g'; }

# n8n-node prints ESLint's findings but exits 0 on them; a problem line decides.
lint="$("$root/node_modules/.bin/n8n-node" lint 2>&1 | plain)" || { echo "$lint"; exit 1; }
echo "$lint"
if grep -Eq '✖ [0-9]+ problem|Strict mode violation' <<<"$lint"; then
	echo "n8n-node lint found problems (above)" >&2
	exit 1
fi

support="$("$root/node_modules/.bin/n8n-node" cloud-support 2>&1 | plain)"
echo "$support"
if ! grep -q 'eligible for n8n Cloud verification' <<<"$support"; then
	echo "n8n-node cloud-support: not eligible (above)" >&2
	exit 1
fi
echo "n8n-node checks passed: lint (strict) clean, eligible for n8n Cloud verification"
