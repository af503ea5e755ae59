/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run bench:readme` — write the README's performance table (### 性能) from
 * bench/results/latest.json. `npm run bench` runs it at the end; `--check` only says whether the
 * README is up to date (exit 1 if not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { withTable, type BenchResults } from './report';

const ROOT = path.resolve(__dirname, '..');
export const README_PATH = path.join(ROOT, 'README.md');
export const LATEST_PATH = path.join(ROOT, 'bench', 'results', 'latest.json');

export function updateReadme(check = false): boolean {
	const results = JSON.parse(readFileSync(LATEST_PATH, 'utf8')) as BenchResults;
	const readme = readFileSync(README_PATH, 'utf8');
	const next = withTable(readme, results);
	if (next === readme) return true;
	if (!check) writeFileSync(README_PATH, next);
	return false;
}

if (require.main === module) {
	const check = process.argv.includes('--check');
	const current = updateReadme(check);
	process.stdout.write(current ? 'README performance table is up to date\n' : check ? 'README performance table is out of date: npm run bench:readme\n' : 'README performance table written\n');
	process.exit(check && !current ? 1 : 0);
}
