/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run scale` figures: small statistics, the targets each run must meet, the JSON report
 * (bench/results/scale.json by default) and the table and notes printed at the end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { N8N_CLI_VERSION, PACKAGE_NAME, REPO_ROOT } from '../../scripts/n8n/cli';
import type { YunkeSimulator } from '../../simulators/yunke';
import type { ZhibangSimulator } from '../../simulators/zhibang';
import { argv, CONCURRENCY, LATENCY_MS, LEADS, LOG_DIR, OUT, WORKER_CONCURRENCY, YUNKE_REQUESTS } from './args';

export function percentile(values: number[], p: number): number {
	if (!values.length) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
	return out;
}

export function sum(record: Record<string, number>): number {
	return Object.values(record).reduce((a, b) => a + b, 0);
}

/** The targets each run missed, in plain words (empty when all are met). */
export function missedTargets(runs: Array<Record<string, unknown>>): string[] {
	const missed: string[] = [];
	for (const run of runs) {
		const r = run as { label: string; workers: number; executions: number; failed: number; duplicates: number; logins: Record<string, number>; webhooks: { wrongAnswers: number }; yunkeLookups: { failed: number }; faultVariant?: { refreshesPerProcess: Record<string, Record<string, number>>; loginsBeforeExpiry: Record<string, number> }; executionsRunTwice: number };
		if (r.executions !== LEADS) missed.push(`${r.label}: ${r.executions} lead executions recorded, expected ${LEADS}`);
		if (r.failed) missed.push(`${r.label}: ${r.failed} lead executions failed`);
		if (r.yunkeLookups.failed) missed.push(`${r.label}: ${r.yunkeLookups.failed} Yunke executions failed`);
		if (r.duplicates) missed.push(`${r.label}: ${r.duplicates} duplicate customers`);
		if (r.webhooks.wrongAnswers) missed.push(`${r.label}: ${r.webhooks.wrongAnswers} webhook answers were wrong`);
		if (r.executionsRunTwice) missed.push(`${r.label}: ${r.executionsRunTwice} executions started by two workers`);
		const firstUse = r.faultVariant ? r.faultVariant.loginsBeforeExpiry : r.logins;
		for (const [service, n] of Object.entries(firstUse)) {
			const target = Math.min(2, r.workers);
			if (n > target) missed.push(`${r.label}: ${n} ${service} logins${r.faultVariant ? ' before the expiry' : ''} (target ≤ ${target}: one per concurrent first use)`);
		}
		if (r.faultVariant) {
			for (const [service, perProcess] of Object.entries(r.faultVariant.refreshesPerProcess)) {
				for (const [who, n] of Object.entries(perProcess)) if (n > 1) missed.push(`${r.label}: ${who} logged in to ${service} ${n} times after the expiry (target ≤ 1)`);
			}
		}
	}
	return missed;
}

/** Write the JSON report and print the table, the probe, and the misses with their reasons. */
export function writeReport(
	runs: Array<Record<string, unknown>>,
	missed: string[],
	context: { packageVersion: string; yunke: YunkeSimulator; zhibang: ZhibangSimulator; timings: Record<string, number> },
): void {
	const { packageVersion, yunke, zhibang, timings } = context;
	const headline = runs.find((r) => !r.fault) ?? runs[0];
	const json = {
		workers: headline.workers,
		executions: headline.executions,
		failed: headline.failed,
		duplicates: headline.duplicates,
		logins: headline.logins,
		succeeded: headline.succeeded,
		byWorker: headline.byWorker,
		latencyMs: headline.latencyMs,
		throughput: headline.throughput,
		comparison: Object.fromEntries(runs.filter((r) => r !== headline).map((r) => [r.fault ? 'fault' : `workers${String(r.workers)}`, r])),
		targetsMet: missed.length === 0,
		missedTargets: missed,
		runs,
		setup: {
			n8n: N8N_CLI_VERSION,
			node: process.version,
			package: `${PACKAGE_NAME}@${packageVersion}`,
			install: 'npm install <tarball> --omit=peer --omit=optional --omit=dev, in each process’s own <N8N_USER_FOLDER>/.n8n/nodes',
			mode: 'EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_*',
			workerConcurrency: WORKER_CONCURRENCY,
			clientConcurrency: CONCURRENCY,
			zhibangNodeRetryOnFail: argv['retry-on-fail'] === true,
			leads: LEADS,
			yunkeLookups: YUNKE_REQUESTS,
			simulatorLatencyMs: LATENCY_MS,
			zhibangKnobs: { kickSameDevice: zhibang.knobs.kickSameDevice, singleSession: zhibang.knobs.singleSession, duplicateCheck: zhibang.knobs.duplicateCheck },
			yunkeKnobs: { singleSession: yunke.knobs.singleSession },
			cpus: os.cpus().length,
			loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
			date: new Date().toISOString(),
		},
		timings,
	};
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, `${JSON.stringify(json, null, '\t')}\n`);
	printTable(runs);
	for (const run of runs) {
		const race = run.race as { pairs: number; answers: Record<string, number>; duplicates: number; explanation: string; logErrors: Record<string, number> } | undefined;
		if (!race) continue;
		process.stdout.write(`\nProbe, ${race.pairs} pairs of simultaneous requests for the same new mobile (${String(run.label)}): ${JSON.stringify(race.answers)}, duplicates ${race.duplicates}.\n  ${race.explanation}\n`);
		for (const [line, n] of Object.entries(race.logErrors)) process.stdout.write(`  ${n}× ${line}\n`);
	}
	if (missed.length) {
		process.stdout.write(`\nTargets missed:\n${missed.map((m) => `  - ${m}`).join('\n')}\n`);
		for (const run of runs) for (const note of (run.diagnosis as string[] | undefined) ?? []) process.stdout.write(`\nWhy (${String(run.label)}): ${note}\n`);
	} else {
		process.stdout.write('\nAll targets met: every execution succeeded, no duplicate customer, logins within one per concurrent first use.\n');
	}
	process.stdout.write(`Wrote ${path.relative(REPO_ROOT, OUT)} (total ${(timings.totalMs / 1000).toFixed(0)} s); n8n logs in ${LOG_DIR}\n`);
}

function printTable(runs: Array<Record<string, unknown>>): void {
	const rows: string[][] = [
		['Run', 'Executions', 'OK', 'Failed', 'Dup.', 'Logins Yunke', 'Logins Zhibang', 'Per worker', 'p50 ms', 'p95 ms', 'Leads/s'],
	];
	for (const run of runs) {
		const r = run as {
			label: string;
			executions: number;
			succeeded: number;
			failed: number;
			duplicates: number;
			logins: { yunke: number; zhibang: number };
			loginsByProcess: { yunke: Record<string, number>; zhibang: Record<string, number> };
			byWorker: Record<string, number>;
			latencyMs: { leads: { p50: number; p95: number } };
			throughput: { leadsPerSec: number };
			faultVariant?: { loginsAfterExpiry: { yunke: number; zhibang: number } };
		};
		const logins = (service: 'yunke' | 'zhibang') => {
			const split = Object.entries(r.loginsByProcess[service])
				.sort()
				.map(([who, n]) => `${who.replace('worker-', 'w')}:${n}`)
				.join(' ');
			const after = r.faultVariant ? `, ${r.faultVariant.loginsAfterExpiry[service]} after expiry` : '';
			return `${r.logins[service]}${split ? ` (${split}${after})` : after ? ` (${after.slice(2)})` : ''}`;
		};
		rows.push([
			r.label,
			String(r.executions),
			String(r.succeeded),
			String(r.failed),
			String(r.duplicates),
			logins('yunke'),
			logins('zhibang'),
			Object.entries(r.byWorker)
				.sort()
				.map(([w, n]) => `${w.replace('worker-', 'w')}:${n}`)
				.join(' '),
			String(r.latencyMs.leads.p50),
			String(r.latencyMs.leads.p95),
			String(r.throughput.leadsPerSec),
		]);
	}
	const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
	const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
	process.stdout.write(`\n${line(rows[0])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.slice(1).map(line).join('\n')}\n`);
	process.stdout.write('Executions: lead workflow only (example 2); per worker: all executions incl. the Yunke look-ups; p50/p95: lead webhook latency.\n');
}
