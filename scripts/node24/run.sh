#!/usr/bin/env bash
# Run a command with Node.js 24 first on PATH (installed on first use by ensure.sh).
#
#   scripts/node24/run.sh jest test/foundation
#   scripts/node24/run.sh tsx scripts/demo.ts
#   scripts/node24/run.sh node -p process.version        # → v24.21.0
#   NODE24=/path/to/node scripts/node24/run.sh …         # another Node >= 24 (see ensure.sh)
#
# The package.json scripts that run n8n 2.41 code (test:unit, demo, bench, editor, scale, test:e2e)
# go through this wrapper. Bins such as jest and tsx start with `#!/usr/bin/env node`, so they and
# every child that runs `node` or `process.execPath` (jest workers, tsx, and npm, also a Node script)
# get Node 24. Nothing is installed globally.
set -euo pipefail

[ "$#" -gt 0 ] || { echo "usage: scripts/node24/run.sh <command> [args…]" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node24="$("$here/ensure.sh")"
# The repo's node_modules/.bin too, so that `scripts/node24/run.sh tsx …` also works from a shell.
PATH="$(dirname "$node24"):$(cd "$here/../.." && pwd)/node_modules/.bin:$PATH"
export PATH
exec "$@"
