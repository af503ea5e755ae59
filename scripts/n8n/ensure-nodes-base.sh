#!/usr/bin/env bash
# Install n8n's built-in nodes (n8n-nodes-base) for in-process runs, once.
#
#   scripts/n8n/ensure-nodes-base.sh          # installs when missing or when the lockfile changed
#   scripts/n8n/ensure-nodes-base.sh --force  # reinstall
#
# Prints the package directory (…/node_modules/n8n-nodes-base) on stdout; progress goes to stderr.
#
# Why a folder of its own: it is big (~820 MB, 840 packages) and only the demo needs it, and older
# pins need `overrides` (xlsx came from a tarball URL up to n8n 2.8.x; a no-op for 2.41.x), which the
# root package.json must not carry (n8n's community-package lint forbids it).
#
# One n8n-workflow, one @n8n/di: n8n-nodes-base depends on n8n-workflow and @n8n/di itself, so
# `npm ci` puts second copies under scripts/n8n/nodes-base/node_modules. Two copies of
# n8n-workflow break n8n-core's `instanceof` checks (NodeApiError, ExpressionError,
# VersionedNodeType…) and a second @n8n/di gives the nodes a separate DI container. After the
# install this script deletes those copies; Node's resolution then walks up from
# scripts/n8n/nodes-base/node_modules/… to the repo root's node_modules, so the nodes use the very
# n8n-workflow, n8n-core (never a dependency of n8n-nodes-base, only required by a few nodes) and
# @n8n/di that the root's n8n-core uses. The versions must match exactly: checked below.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="$here/nodes-base"
modules="$dir/node_modules"
stamp="$modules/.installed-lock-sha256"
# Packages that must exist once, in the root's node_modules.
shared=(n8n-workflow @n8n/di)

log() { printf '[ensure-nodes-base] %s\n' "$*" >&2; }
die() { printf '[ensure-nodes-base] ERROR: %s\n' "$*" >&2; exit 1; }

pkg_version() { # <package.json path>
	node -e 'process.stdout.write(require(process.argv[1]).version)' "$1"
}

# Version the nodes-base lockfile pinned for a package (top-level entry), or "" when absent.
locked_version() { # <name>
	node -e '
		const lock = require(process.argv[1]);
		const entry = lock.packages["node_modules/" + process.argv[2]];
		process.stdout.write(entry ? entry.version : "");
	' "$dir/package-lock.json" "$1"
}

[ -f "$dir/package-lock.json" ] || die "missing $dir/package-lock.json (it is committed; do not delete it)"
[ -f "$root/node_modules/n8n-core/package.json" ] || die "the root's node_modules is missing: run \`npm ci\` at $root first"

want_sha="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_sha" ] \
	&& [ -f "$modules/n8n-nodes-base/package.json" ]; then
	log "up to date ($(pkg_version "$modules/n8n-nodes-base/package.json"))"
else
	log "installing n8n-nodes-base into $dir (npm ci --ignore-scripts; 1.5–2.5 min, ~820 MB)"
	start=$(date +%s)
	rm -f "$stamp"
	# --ignore-scripts: nothing in the tree needs a build step for the nodes we run, and install
	# scripts may try to download binaries (no network but the npm registry here).
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 \
		|| die "npm ci failed in $dir"
	for name in "${shared[@]}"; do
		want="$(locked_version "$name")"
		have="$(pkg_version "$root/node_modules/$name/package.json")"
		if [ -n "$want" ] && [ "$want" != "$have" ]; then
			die "n8n-nodes-base pins $name@$want but the root has $have: pin the n8n-nodes-base release that matches the root's n8n-core/n8n-workflow"
		fi
		# Every copy, at any depth (npm may nest one under a dependency).
		find "$modules" -type d -path "*/node_modules/$name" -prune -exec rm -rf {} +
	done
	echo "$want_sha" >"$stamp"
	log "installed in $(($(date +%s) - start)) s, $(du -sh "$modules" | cut -f1)"
fi

# Cheap check on every call: each shared package resolves to the root's copy from inside n8n-nodes-base.
for name in "${shared[@]}" n8n-core; do
	from_nodes="$(cd "$modules/n8n-nodes-base" && node -e 'process.stdout.write(require.resolve(process.argv[1] + "/package.json", { paths: [process.cwd()] }))' "$name")"
	[ "$from_nodes" = "$root/node_modules/$name/package.json" ] \
		|| die "$name resolves to $from_nodes from n8n-nodes-base, not to the root's copy (run with --force)"
done

echo "$modules/n8n-nodes-base"
