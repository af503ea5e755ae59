/**
 * jest globalSetup: the tests load the package from dist/, as n8n does. Refuse to run them against a
 * dist/ that is missing or older than its sources (nodes/, credentials/, package.json), which would
 * test yesterday's code: run `npm run build` (npm test builds first).
 */
const { readdirSync, statSync, existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/** The newest modification time under a folder (files matching `keep`), or 0. */
function newest(dir, keep) {
	if (!existsSync(dir)) return 0;
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) latest = Math.max(latest, newest(full, keep));
		else if (keep(entry.name)) latest = Math.max(latest, statSync(full).mtimeMs);
	}
	return latest;
}

module.exports = async function freshDist() {
	const built = path.join(ROOT, 'dist');
	if (!existsSync(path.join(built, 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first (npm test builds it)');
	const source = (name) => /\.(ts|json|svg|png)$/.test(name);
	const sources = Math.max(newest(path.join(ROOT, 'nodes'), source), newest(path.join(ROOT, 'credentials'), source));
	// The oldest compiled file must be newer than the newest source it comes from.
	let oldestBuilt = Infinity;
	const walk = (dir) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name.endsWith('.js')) oldestBuilt = Math.min(oldestBuilt, statSync(full).mtimeMs);
		}
	};
	walk(path.join(built, 'nodes'));
	walk(path.join(built, 'credentials'));
	if (oldestBuilt < sources) {
		throw new Error('dist/ is older than its sources in nodes/ or credentials/: run `npm run build` (npm test builds first)');
	}
};
