#!/usr/bin/env bash
# The workflow tests against the oldest n8n line this package supports: n8n 2.8.x
# (n8n-core 2.8.1 + n8n-workflow 2.8.0, the pair n8n 2.8.x pins) on the system's Node 20.
#
#   npm run test:compat              (from the repository root: builds dist/ first)
#   bash test/compat/run.sh [files]  (uses the dist/ that is there; files are test/compat/*.compat.ts)
#
# 1. Node: the system's Node 20 (`npm test` runs this script directly, not through
#    scripts/node24/run.sh); node_modules/.bin entries are dropped from PATH.
#    COMPAT_NODE=/path/to/node picks another binary; it must be Node 20.
# 2. Install: `npm ci --ignore-scripts` in test/compat on first use and whenever its lockfile changed.
# 3. Stage: dist/, package.json, the engine harness (test/engine, test/support), the simulators and
#    these tests are copied into test/compat/.stage/, keeping the repository's layout. Every
#    `require('n8n-workflow')` or `n8n-core` from there (the built nodes included) then resolves to
#    test/compat/node_modules, never to the root's 2.41 copies; each test file asserts that no module
#    of the root's node_modules was loaded.
# 4. Run: Node's own test runner, with tsx for the TypeScript sources.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
stage="$here/.stage"

PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd: -)"
export PATH
node_bin="${COMPAT_NODE:-$(command -v node || true)}"
if [ -z "$node_bin" ]; then
	echo "test:compat: no system node found on PATH (set COMPAT_NODE to a Node 20 binary)" >&2
	exit 1
fi
node_version="$("$node_bin" -p 'process.versions.node')"
case "$node_version" in
	20.*) ;;
	*)
		echo "test:compat: $node_bin is Node $node_version; the compatibility run needs Node 20 (set COMPAT_NODE)" >&2
		exit 1
		;;
esac
# npm is a Node script (#!/usr/bin/env node): with node_bin's folder first it runs on the same Node.
PATH="$(dirname "$node_bin"):$PATH"

if [ ! -d "$root/dist/nodes" ]; then
	echo "test:compat: dist/ is missing: run \`npm run build\` first (npm run test:compat does)" >&2
	exit 1
fi

lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
stamp="$here/node_modules/.compat-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
	echo "test:compat: installing n8n-core 2.8.1 / n8n-workflow 2.8.0 into test/compat/node_modules (first use, about a minute)"
	started=$SECONDS
	(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --prefix "$here")
	echo "$lock_hash" >"$stamp"
	echo "test:compat: installed in $((SECONDS - started)) s"
fi

rm -rf "$stage"
mkdir -p "$stage/test/compat"
cp "$root/package.json" "$root/tsconfig.json" "$stage/"
cp -R "$root/dist" "$stage/dist"
cp -R "$root/simulators" "$stage/simulators"
cp -R "$root/test/engine" "$root/test/support" "$stage/test/"
cp "$here"/*.ts "$stage/test/compat/"

if [ "$#" -gt 0 ]; then
	files=()
	for file in "$@"; do files+=("$stage/test/compat/$(basename "$file")"); done
else
	files=("$stage"/test/compat/*.compat.ts)
fi

user_folder="$(mktemp -d "${TMPDIR:-/tmp}/n8n-yz-compat-XXXXXX")"
trap 'rm -rf "$user_folder"' EXIT

# n8n-core writes its instance settings (an encryption key) under $N8N_USER_FOLDER on first use.
cd "$stage"
N8N_USER_FOLDER="$user_folder" N8N_LOG_LEVEL=silent COMPAT_REPO_ROOT="$root" \
	"$node_bin" --require "$here/fence.cjs" --import tsx --test --test-timeout=120000 --test-reporter=spec "${files[@]}"
