/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The README's performance table is generated from bench/results/latest.json (npm run bench
 * writes both; npm run bench:readme regenerates the table), never pasted by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { updateReadme } from '../../bench/readme';
import { missed, README_END, README_START, type BenchResults } from '../../bench/report';

const ROOT = path.resolve(__dirname, '../..');

test('the README performance table is the one generated from bench/results/latest.json', () => {
	const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	expect(readme).toContain(README_START);
	expect(readme).toContain(README_END);
	expect(updateReadme(true)).toBe(true);
});

test('bench/results/latest.json has every figure the targets need, and meets them', () => {
	const results = JSON.parse(readFileSync(path.join(ROOT, 'bench/results/latest.json'), 'utf8')) as BenchResults;
	expect(Object.keys(results.callLogs ?? {})).toEqual(
		expect.arrayContaining(['rows', 'requests', 'logins', 'repeats', 'ratioToBareLoop', 'ratioAtZeroLatency', 'peakRssMb', 'rssGrowthMb']),
	);
	expect(Object.keys(results.recording ?? {})).toEqual(expect.arrayContaining(['bytes', 'rssGrowthMb', 'ratioToBareLoop', 'repeats']));
	expect(Object.keys(results.upsert ?? {})).toEqual(
		expect.arrayContaining(['customers', 'requestsPerNew', 'requestsPerNewWithoutVerify', 'requestsPerExisting', 'repeats', 'ratioToBareLoop']),
	);
	expect(results.repeats).toBeGreaterThanOrEqual(3);
	expect(missed(results)).toEqual([]);
});
