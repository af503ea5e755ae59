/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run scale` arguments (see bench/scale.ts), checked once, and the runs they ask for.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { REPO_ROOT } from '../../scripts/n8n/cli';

export const { values: argv } = parseArgs({
	allowNegative: true,
	options: {
		workers: { type: 'string', default: '2' },
		compare: { type: 'boolean' }, // default on: the same with 1 worker
		fault: { type: 'boolean' }, // --fault: only the fault variant; --no-fault: without it
		race: { type: 'boolean' }, // default on: the simultaneous-same-mobile probe
		requests: { type: 'string', default: '200' },
		'yunke-requests': { type: 'string', default: '40' },
		concurrency: { type: 'string', default: '20' },
		'worker-concurrency': { type: 'string', default: '10' },
		'latency-ms': { type: 'string', default: '20' },
		'race-pairs': { type: 'string', default: '10' },
		out: { type: 'string', default: path.join('bench', 'results', 'scale.json') },
		'timeout-min': { type: 'string', default: '30' },
		seed: { type: 'string', default: '7' },
		// The Zhibang simulator's knob (default true): a login of the same user + serial kicks older tokens.
		'kick-same-device': { type: 'boolean' },
		// n8n's node setting "Retry On Fail" (2 tries, 1 s apart) on the Zhibang node: a mitigation to measure.
		'retry-on-fail': { type: 'boolean', default: false },
	},
});

function int(name: keyof typeof argv, min: number): number {
	const value = Number(argv[name]);
	if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got ${String(argv[name])})`);
	return value;
}

export const WORKERS = int('workers', 1);
export const LEADS = int('requests', 10);
export const YUNKE_REQUESTS = int('yunke-requests', 0);
export const CONCURRENCY = int('concurrency', 1);
export const WORKER_CONCURRENCY = int('worker-concurrency', 1);
export const LATENCY_MS = int('latency-ms', 0);
export const RACE_PAIRS = int('race-pairs', 0);
export const TIMEOUT_MIN = int('timeout-min', 1);
export const SEED = int('seed', 0);
export const OUT = path.resolve(REPO_ROOT, String(argv.out));
/** The n8n processes' logs are kept here (small; not removed) for a post-mortem. */
export const LOG_DIR = mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-logs-'));

export interface RunPlan {
	label: string;
	workers: number;
	fault: boolean;
	race: boolean;
}

export const PLANS: RunPlan[] =
	argv.fault === true
		? [{ label: `${WORKERS} workers, sessions expired mid-run`, workers: WORKERS, fault: true, race: false }]
		: [
				{ label: `${WORKERS} workers`, workers: WORKERS, fault: false, race: argv.race !== false && RACE_PAIRS > 0 },
				...(argv.compare !== false && WORKERS !== 1 ? [{ label: '1 worker', workers: 1, fault: false, race: false }] : []),
				...(argv.fault !== false ? [{ label: `${WORKERS} workers, sessions expired mid-run`, workers: WORKERS, fault: true, race: false }] : []),
			];
