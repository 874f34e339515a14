#!/usr/bin/env bash
# Installs the n8n 1.x engine the engine tests also run on (jest -c jest.n8n1.config.js): n8n-core with exactly the
# n8n-workflow it depends on, into compat/n8n1/node_modules (the root dependency tree is untouched).
# Idempotent: the install is reused while package-lock.json (and this recipe) is unchanged; then it takes well
# under a second. A fresh install takes about 20 s (250 MB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

# Bump when the steps below change, so existing installs are redone.
recipe="1"
stamp="$here/node_modules/.ryzeapi-stamp"

# One prepare at a time (parallel test runs): lock a file that always exists.
exec 9<"$here/package.json"
flock 9

want="$(sha256sum package-lock.json | cut -d' ' -f1) recipe-$recipe"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
	echo "n8n 1.x engine ready (cached)"
	exit 0
fi

started=$SECONDS
rm -f "$stamp"

# Scripts off (also in .npmrc, which says why): nothing here needs a build step.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Exactly one n8n-workflow, the one n8n-core asks for: with a second copy, the node and the engine would not share
# n8n-workflow's classes (instanceof checks on errors fail) and the tests would not be testing 1.x as shipped.
node -e '
	const { readdirSync, readFileSync, existsSync } = require("node:fs");
	const { join } = require("node:path");
	const read = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
	const core = read("node_modules/n8n-core");
	const workflow = read("node_modules/n8n-workflow");
	const wanted = read(".").dependencies;
	if (core.version !== wanted["n8n-core"] || workflow.version !== wanted["n8n-workflow"]) {
		throw new Error(`installed n8n-core ${core.version} + n8n-workflow ${workflow.version}, want ${JSON.stringify(wanted)}`);
	}
	if (core.dependencies["n8n-workflow"] !== workflow.version) {
		throw new Error(`n8n-core ${core.version} depends on n8n-workflow ${core.dependencies["n8n-workflow"]}, pinned ${workflow.version}`);
	}
	const copies = [];
	const walk = (dir) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (name.startsWith("@")) walk(path);
			else if (name === "n8n-workflow") copies.push(path);
			if (existsSync(join(path, "node_modules"))) walk(join(path, "node_modules"));
		}
	};
	walk("node_modules");
	if (copies.length !== 1) throw new Error(`expected one n8n-workflow, found: ${copies.join(", ")}`);
	console.log(`n8n 1.x engine: n8n-core ${core.version} with n8n-workflow ${workflow.version}`);
'

echo "$want" >"$stamp"
echo "n8n 1.x engine ready (took $((SECONDS - started)) s)"
