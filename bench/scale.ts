/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run scale` — this package on n8n **queue mode**, measured (issue 7).
 *
 * PostgreSQL and Redis from Debian's packages (apt-get when missing) on loopback ports of their own
 * with temp data; both simulators in this process; the pinned n8n CLI (scripts/n8n/ensure-cli.sh);
 * n8n main + N `n8n worker` processes (EXECUTIONS_MODE=queue), each with its **own** user folder
 * into which the packed package is npm-installed the way users install it
 * (`npm install <pkg> --omit=peer --omit=optional` in ~/.n8n/nodes). Example workflow 2 (Webhook →
 * Customer Admission → Zhibang upsert by mobile → Respond to Webhook) is imported verbatim, plus a
 * small Webhook → Yunke call-log look-up so that both services' sessions are exercised. Then:
 *
 *   - `--requests` lead webhooks (default 200: new, repeated and rejected leads) and
 *     `--yunke-requests` Yunke look-ups (default 40), `--concurrency` at a time (default 20);
 *   - wait until n8n's execution records in PostgreSQL are all finished;
 *   - figures: executions succeeded / failed (PostgreSQL), which worker ran each execution (the
 *     workers' "Worker started execution <id>" log lines, checked against PostgreSQL), logins per
 *     service and per process (the simulators count them; each login request's TCP connection is
 *     traced to the n8n process that opened it through /proc), duplicate customers in the ERP
 *     (customers sharing a mobile), webhook latency p50/p95, throughput.
 *
 * Runs, by default: N workers (2), the comparison with 1 worker, and the fault variant (N workers;
 * every session on both simulators expires when half the requests are answered). Each run gets a
 * fresh database (a copy of a prepared template), a fresh Redis and reset simulators, so each
 * starts without a session. After the first run, a probe fires pairs of *simultaneous* requests
 * for the same new mobile (informational; see `race` in the JSON).
 *
 *   npm run scale                        # all runs; writes bench/results/scale.json
 *   npm run scale -- --fault             # only the fault variant
 *   npm run scale -- --no-fault --no-compare --no-race
 *   npm run scale -- --workers 3 --requests 400 --latency-ms 50
 *   npm run scale -- --fault --no-kick-same-device   # Zhibang without "a new login kicks the same device"
 *   npm run scale -- --fault --retry-on-fail         # n8n's Retry On Fail (2 tries) on the Zhibang node
 *
 * Everything started here is stopped by PID/handle at the end, on failure, on Ctrl-C and on the
 * global timeout (`--timeout-min`, default 30). Exit code 1 when a target is missed or a run broke.
 * The n8n logs are kept in a temp folder (printed at the end). Needs `npm run build` first (the npm
 * script does it). Targets: every execution succeeds, no duplicate customer, logins per service ≤
 * one per concurrent first use (≤ 2), and after the mid-run expiry ≤ 1 refresh per worker.
 *
 * The pieces, in bench/scale/: args.ts (flags and the runs they ask for), stack.ts (cleanup,
 * package install, simulators, PostgreSQL and the template database), logins.ts (which process
 * sent each login), workflows.ts, load.ts (the requests), run.ts (one run and its figures),
 * report.ts (targets, JSON, table).
 */
import { N8N_CLI_VERSION } from '../scripts/n8n/cli';
import { stopwatch, timed } from '../scripts/timing';
import { CONCURRENCY, LEADS, PLANS, YUNKE_REQUESTS } from './scale/args';
import { missedTargets, writeReport } from './scale/report';
import { runPlan } from './scale/run';
import { log, startStack, unwindTo } from './scale/stack';

async function main(): Promise<void> {
	const elapsed = stopwatch();
	const timings: Record<string, number> = {};
	log(`n8n ${N8N_CLI_VERSION} queue mode: ${PLANS.map((p) => p.label).join(' | ')}; ${LEADS} leads + ${YUNKE_REQUESTS} Yunke look-ups, ${CONCURRENCY} at a time`);
	const stack = await startStack(timings);
	const runs: Array<Record<string, unknown>> = [];
	for (const [index, plan] of PLANS.entries()) {
		const [result, ms] = await timed(() => runPlan(stack, plan, index));
		(result.timings as Record<string, number>).runTotalMs = ms;
		runs.push(result);
	}
	await unwindTo(0);
	timings.totalMs = Math.round(elapsed());
	const missed = missedTargets(runs);
	writeReport(runs, missed, { packageVersion: stack.packageVersion, yunke: stack.yunke, zhibang: stack.zhibang, timings });
	process.exitCode = missed.length ? 1 : 0;
}

main().then(
	() => void unwindTo(0),
	(error: Error) => {
		log(`failed: ${error.stack ?? error.message}`);
		process.exitCode = 1;
		void unwindTo(0);
	},
);
