#!/usr/bin/env bash
# Make sure Debian's Chromium and a CJK font are installed (for `npm run test:e2e`'s screenshots),
# and print the browser's path.
#
#   scripts/n8n/ensure-chromium.sh      # → /usr/bin/chromium
#
# Installs with apt-get when missing (as root; about 1–2 minutes): `chromium` (the browser; no
# browser is ever downloaded through npm) and `fonts-noto-cjk` (without it the editor's Chinese
# labels render as empty boxes). Set CHROMIUM=/path/to/chromium to use another build.
set -euo pipefail

log() { printf '[ensure-chromium] %s\n' "$*" >&2; }
die() { printf '[ensure-chromium] ERROR: %s\n' "$*" >&2; exit 1; }

browser="${CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$browser" ] || missing+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
	missing+=(fonts-noto-cjk)
fi

if [ "${#missing[@]}" -gt 0 ]; then
	[ -n "${CHROMIUM:-}" ] && [[ " ${missing[*]} " == *" chromium "* ]] && die "CHROMIUM=$CHROMIUM is not executable"
	[ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
	log "installing ${missing[*]} with apt-get (about 1–2 minutes)"
	start=$(date +%s)
	export DEBIAN_FRONTEND=noninteractive
	timeout 600 apt-get update -qq >&2 || die "apt-get update failed"
	timeout 900 apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
	log "installed in $(($(date +%s) - start)) s"
fi
[ -x "$browser" ] || die "$browser is missing after the install"
echo "$browser"
