/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run bench` — the nodes in n8n-core's real engine (WorkflowExecute) against the simulators,
 * each figure a ratio to a baseline in the same run:
 *
 * - The baseline replays the node's own requests — captured at n8n's HTTP client, so the same
 *   body bytes, headers and cookies (a check run proves it, see lib/fidelity) — through that same
 *   client (n8n-core's OutboundHttp, axios). It differs from the node only by what the node does
 *   around the requests.
 * - Every run is a fresh worker process (bench/worker.ts) against fresh simulators hosted here, so
 *   no run pays for another's data, and the peak RSS is the n8n process's alone.
 * - Node and baseline alternate; each figure is the median of `--repeats` (default 3), with min–max.
 *
 * Writes bench/results/latest.json and the README's performance table (bench/readme.ts), prints
 * the table, and exits 1 when a target is missed.
 *
 *   npm run bench [-- --repeats 3] [-- --latency-ms 20] [-- --rows 20000] [-- --customers 200]
 *   npm run bench -- --only callLogs,recording,upsert   # a part: bench/results/partial.json, README untouched
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const workDir = mkdtempSync(path.join(tmpdir(), 'n8n-yz-bench-'));
process.env.N8N_USER_FOLDER = workDir;

import { stopwatch } from '../scripts/timing';
import { loadPackage, shutdownEngine } from '../test/engine/engine';
import { benchCallLogs } from './callLogs';
import { benchRecording } from './recording';
import { updateReadme } from './readme';
import { missed, rows, type BenchResults } from './report';
import { benchUpsert } from './upsert';

function option(name: string, fallback: string): string {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
}

const ONLY = option('only', '');
const SECTIONS = new Set((ONLY || 'callLogs,recording,upsert').split(','));
const REPEATS = Math.max(1, Number(option('repeats', '3')));
const LATENCY_MS = Number(option('latency-ms', '20'));
const ROWS = Number(option('rows', '20000'));
const CUSTOMERS = Number(option('customers', '200'));

function log(line: string): void {
	process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<number> {
	const started = Date.now();
	const elapsed = stopwatch();
	const pkg = await loadPackage();
	// Every Yunke simulator of the run starts at the same instant: the same call history, the same ids.
	const now = Math.floor(started / 60_000) * 60_000;
	const results: BenchResults = { at: new Date(started).toISOString(), node: process.version, latencyMs: LATENCY_MS, repeats: REPEATS };
	if (SECTIONS.has('callLogs')) results.callLogs = await benchCallLogs({ rows: ROWS, repeats: REPEATS, latencyMs: LATENCY_MS, now, log });
	if (SECTIONS.has('recording')) results.recording = await benchRecording({ repeats: REPEATS, latencyMs: LATENCY_MS, now, log });
	if (SECTIONS.has('upsert')) results.upsert = await benchUpsert(pkg, { customers: CUSTOMERS, repeats: REPEATS, latencyMs: LATENCY_MS, log });

	const unfaithful = [results.callLogs, results.recording, results.upsert].flatMap((s) => s?.fidelity.differences ?? []);
	const table = rows(results);
	const width = Math.max(...table.map((r) => r.measure.length));
	const resultWidth = Math.max(...table.map((r) => r.result.length));
	process.stdout.write(
		[
			'',
			`Benchmarks: ${REPEATS} repeats per figure, median (min–max); ${LATENCY_MS} ms simulated latency unless said; ${process.version}; ${Math.round(elapsed() / 1000)} s`,
			'',
			...table.map((r) => `${r.met === undefined ? '  ' : r.met ? 'ok' : 'NO'}  ${r.measure.padEnd(width)}  ${r.result.padEnd(resultWidth)}  ${r.target}`),
			'',
		].join('\n'),
	);

	const dir = path.join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	if (ONLY) {
		writeFileSync(path.join(dir, 'partial.json'), `${JSON.stringify(results, null, 2)}\n`);
		process.stdout.write('Written to bench/results/partial.json (a partial run: latest.json and the README are left as they were)\n');
	} else {
		writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
		updateReadme();
		process.stdout.write('Written to bench/results/latest.json and the README performance table\n');
	}
	const failures = missed(results);
	for (const difference of unfaithful) process.stderr.write(`baseline differs from the node: ${difference}\n`);
	for (const row of failures) process.stderr.write(`target missed: ${row.measure}: ${row.result} (target ${row.target})\n`);
	return failures.length > 0 || unfaithful.length > 0 ? 1 : 0;
}

main()
	.then(async (code) => {
		await shutdownEngine();
		rmSync(workDir, { recursive: true, force: true });
		process.exit(code);
	})
	.catch(async (error: Error) => {
		process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
		await shutdownEngine();
		rmSync(workDir, { recursive: true, force: true });
		process.exit(1);
	});
