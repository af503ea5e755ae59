/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * One `npm run scale` run: a fresh database (a copy of the template), a fresh Redis, reset
 * simulators, n8n main + N workers in queue mode; the load; then the figures (PostgreSQL, the
 * workers' logs, the simulators' counters and the login attribution), and, after the first run,
 * the simultaneous-same-mobile probe.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { N8nInstance, type N8nServer } from '../../scripts/n8n/cli';
import { startRedis, type Service } from '../../scripts/n8n/services';
import { stopwatch, timed } from '../../scripts/timing';
import type { ZhibangSimulator } from '../../simulators/zhibang';
import { CONCURRENCY, LEADS, LOG_DIR, RACE_PAIRS, SEED, WORKER_CONCURRENCY, YUNKE_REQUESTS, type RunPlan } from './args';
import { fire, planJobs, postJson } from './load';
import { loginEvents, processNames, type ServiceName } from './logins';
import { countBy, percentile, sum } from './report';
import { cleanups, defer, log, psql, unwindTo, waitForExecutions, type ExecutionRow, type Stack } from './stack';
import { LEAD_WORKFLOW_ID, leadWebhookPath, YUNKE_WEBHOOK_PATH, YUNKE_WORKFLOW_ID } from './workflows';

function duplicatesIn(zhibang: ZhibangSimulator, mobiles: Set<string>): { duplicates: number; sharedMobiles: string[] } {
	const byMobile = new Map<string, number>();
	for (const customer of zhibang.customers()) {
		const mobile = String(customer.mobile ?? '').replace(/\D/g, '');
		if (mobile) byMobile.set(mobile, (byMobile.get(mobile) ?? 0) + 1);
	}
	let duplicates = 0;
	const sharedMobiles: string[] = [];
	for (const mobile of mobiles) {
		const count = byMobile.get(mobile) ?? 0;
		if (count > 1) {
			duplicates += count - 1;
			sharedMobiles.push(mobile);
		}
	}
	return { duplicates, sharedMobiles };
}

/** Log lines of a running n8n (after its ready banner) that are routine here, not problems of the run. */
const LOG_ROUTINE =
	/^\s*$|^\s*\*|^\s*https?:\/\/|^\s+at |Worker (started|finished) execution|\[runner:js\]|Received SIGTERM|Stopping worker|Stopping n8n|Task runner|shutting down|is not registered|MaxListenersExceededWarning|--trace-warnings|Waiting for \d+ active|Enqueued execution|Execution \d+ \(job \d+\) finished|workflow dependency index/i;

/**
 * What the n8n processes logged once ready, minus routine lines, counted: n8n's worker logs the
 * message of each node error that failed an execution, so this is where the reasons are.
 */
function errorLines(servers: Array<{ name: string; server: N8nServer }>): Record<string, number> {
	const lines: string[] = [];
	for (const { name, server } of servers) {
		const all = server.output.split('\n');
		const ready = all.findIndex((l) => /n8n worker is now ready|Editor is now accessible/.test(l));
		for (const line of all.slice(ready + 1)) if (!LOG_ROUTINE.test(line)) lines.push(`${name}: ${line.trim().slice(0, 300)}`);
	}
	return countBy(lines, (l) => l);
}

function workerExecutions(server: N8nServer): string[] {
	return [...server.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
}

function tail(text: string, lines: number): string {
	return text
		.split('\n')
		.filter((l) => l.trim())
		.slice(-lines)
		.join('\n');
}

export async function runPlan(stack: Stack, plan: RunPlan, index: number): Promise<Record<string, unknown>> {
	const mark = cleanups.length;
	const { pg, yunke, zhibang } = stack;
	const database = `n8n_run${index + 1}`;
	const timings: Record<string, number> = {};
	const servers: Array<{ name: string; server: N8nServer }> = [];
	try {
		log(`run ${index + 1}: ${plan.label}`);
		const loadAtStart = os.loadavg()[0];
		yunke.reset();
		zhibang.reset();
		loginEvents.length = 0;
		processNames.clear();
		psql(pg, 'postgres', `CREATE DATABASE ${database} TEMPLATE n8n`);
		const [redis, redisMs] = await timed(() => startRedis());
		defer(`redis :${redis.port}`, () => redis.stop());
		timings.redisStartMs = redisMs;

		const env = {
			...pg.n8nEnv,
			...redis.n8nEnv,
			DB_POSTGRESDB_DATABASE: database,
			EXECUTIONS_MODE: 'queue',
			N8N_LOG_LEVEL: 'info',
		};
		const main = await N8nInstance.create({ userFolder: stack.mainFolder, env });
		const workerInstances = await Promise.all(
			Array.from({ length: plan.workers }, async (_, i) => await N8nInstance.create({ userFolder: stack.workerFolders[i], env })),
		);
		const booting = stopwatch();
		const [workerServers, mainServer] = await Promise.all([
			Promise.all(
				workerInstances.map(async (instance, i) => {
					const server = await instance.worker({ concurrency: WORKER_CONCURRENCY, timeoutMs: 180_000 });
					servers.push({ name: `worker-${i + 1}`, server });
					defer(`worker-${i + 1} pid ${server.pid}`, () => server.stop(15_000));
					return server;
				}),
			),
			(async () => {
				const server = await main.start({ timeoutMs: 180_000 });
				servers.push({ name: 'main', server });
				defer(`main pid ${server.pid}`, () => server.stop(15_000));
				return server;
			})(),
		]);
		processNames.set(mainServer.pid!, 'main');
		workerServers.forEach((w, i) => processNames.set(w.pid!, `worker-${i + 1}`));
		await main.waitForWebhook(leadWebhookPath(), 'POST', 90_000);
		if (YUNKE_REQUESTS > 0) await main.waitForWebhook(YUNKE_WEBHOOK_PATH, 'POST', 90_000);
		timings.n8nReadyMs = Math.round(booting());
		log(`  main pid ${mainServer.pid} on ${main.baseUrl}, workers ${workerServers.map((w) => w.pid).join(', ')}: ready after ${timings.n8nReadyMs} ms`);

		// ---- the load
		const jobs = planJobs(LEADS, YUNKE_REQUESTS, SEED);
		let expired: { yunke: number; zhibang: number } | undefined;
		const load = await fire(main.baseUrl, jobs, CONCURRENCY, SEED, plan.fault ? () => (expired = { yunke: yunke.expireAllSessions(), zhibang: zhibang.expireAllSessions() }) : undefined);
		log(`  ${jobs.length} webhooks answered in ${load.wallMs} ms${plan.fault ? `; sessions expired after ${load.faultAfterAnswers} answers` : ''}`);
		const { rows, waitedMs } = await waitForExecutions(pg, database, jobs.length, 180_000);
		timings.loadMs = load.wallMs;
		timings.executionsSettledAfterLastAnswerMs = waitedMs;

		// ---- figures
		const leadRows = rows.filter((r) => r.workflowId === LEAD_WORKFLOW_ID);
		const yunkeRows = rows.filter((r) => r.workflowId === YUNKE_WORKFLOW_ID);
		const leadOutcomes = load.outcomes.filter((o) => o.kind === 'lead');
		const yunkeOutcomes = load.outcomes.filter((o) => o.kind === 'yunke');
		const runner = new Map<string, string>();
		const doubleRun: string[] = [];
		for (const { name, server } of servers) {
			if (name === 'main') continue;
			for (const id of workerExecutions(server)) {
				if (runner.has(id)) doubleRun.push(id);
				runner.set(id, name);
			}
		}
		const byWorker = (subset: ExecutionRow[]) => countBy(subset, (r) => runner.get(r.id) ?? 'not in any worker log');
		const mobiles = new Set(leadOutcomes.filter((o) => o.mobile && o.expect !== 'rejected').map((o) => o.mobile!));
		const { duplicates, sharedMobiles } = duplicatesIn(zhibang, mobiles);
		const loginsBy = (service: ServiceName, after = 0) => countBy(loginEvents.filter((e) => e.service === service && e.at >= after), (e) => e.who);
		const latencies = leadOutcomes.map((o) => o.ms);
		const allLatencies = load.outcomes.map((o) => o.ms);
		const failedLead = leadRows.filter((r) => r.status !== 'success');
		const failedYunke = yunkeRows.filter((r) => r.status !== 'success');
		const problems = load.outcomes.filter((o) => !o.ok);

		const result: Record<string, unknown> = {
			label: plan.label,
			workers: plan.workers,
			workerConcurrency: WORKER_CONCURRENCY,
			fault: plan.fault,
			executions: leadRows.length,
			succeeded: leadRows.length - failedLead.length,
			failed: failedLead.length,
			duplicates,
			logins: { yunke: yunke.counters.logins, zhibang: zhibang.counters.logins },
			loginsByProcess: { yunke: loginsBy('yunke'), zhibang: loginsBy('zhibang') },
			byWorker: byWorker(rows),
			byWorkerLeads: byWorker(leadRows),
			executionsRunTwice: doubleRun.length,
			latencyMs: {
				leads: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100) },
				yunke: { p50: percentile(yunkeOutcomes.map((o) => o.ms), 50), p95: percentile(yunkeOutcomes.map((o) => o.ms), 95) },
				all: { p50: percentile(allLatencies, 50), p95: percentile(allLatencies, 95) },
				executionInWorker: {
					p50: percentile(rows.filter((r) => r.ms >= 0).map((r) => r.ms), 50),
					p95: percentile(rows.filter((r) => r.ms >= 0).map((r) => r.ms), 95),
				},
			},
			throughput: {
				webhooksPerSec: Number(((load.outcomes.length / load.wallMs) * 1000).toFixed(1)),
				leadsPerSec: Number(((leadOutcomes.length / load.wallMs) * 1000).toFixed(1)),
				wallMs: load.wallMs,
			},
			webhooks: {
				requests: load.outcomes.length,
				leads: leadOutcomes.length,
				yunke: yunkeOutcomes.length,
				statuses: countBy(load.outcomes, (o) => `${o.kind} ${o.status}`),
				leadAnswers: countBy(leadOutcomes, (o) => (o.expect === 'rejected' ? 'rejected (422)' : `${o.expect === 'repeat' ? 'repeat' : 'new'} → ${o.action ?? 'none'}`)),
				wrongAnswers: problems.length,
				firstProblems: problems.slice(0, 5).map((o) => `${o.kind}: ${o.problem}`),
			},
			yunkeLookups: { executions: yunkeRows.length, succeeded: yunkeRows.length - failedYunke.length, failed: failedYunke.length },
			erp: {
				customersNow: zhibang.customers().length,
				distinctLeadMobiles: mobiles.size,
				sharedMobiles,
				writes: zhibang.counters.writes,
				kickedSessions: zhibang.counters.kickedSessions,
				rejectedSessions: zhibang.counters.rejectedSessions,
			},
			yunkeSim: { rejectedSessions: yunke.counters.rejectedSessions },
			// Other jobs on the machine skew every timing: the 1-minute load average (cores: os.cpus()).
			loadAverage1m: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
			timings,
		};
		if (plan.fault) {
			const after = load.faultAt ?? Infinity;
			const refreshes = { yunke: loginsBy('yunke', after), zhibang: loginsBy('zhibang', after) };
			result.faultVariant = {
				expiredAfterAnswers: load.faultAfterAnswers,
				sessionsExpired: expired,
				loginsBeforeExpiry: {
					yunke: loginEvents.filter((e) => e.service === 'yunke' && e.at < after).length,
					zhibang: loginEvents.filter((e) => e.service === 'zhibang' && e.at < after).length,
				},
				loginsAfterExpiry: { yunke: sum(refreshes.yunke), zhibang: sum(refreshes.zhibang) },
				refreshesPerProcess: refreshes,
				maxRefreshesOfOneProcess: Math.max(0, ...Object.values(refreshes.yunke), ...Object.values(refreshes.zhibang)),
			};
		}
		// When things happened, in ms since the first request (logins before it are negative).
		result.timeline = {
			logins: loginEvents.map((e) => ({ t: e.at - load.startedAt, service: e.service, who: e.who })),
			expiredAt: load.faultAt === undefined ? undefined : load.faultAt - load.startedAt,
			problems: problems.map((o) => ({ t: o.at, kind: o.kind, expect: o.expect, status: o.status })),
		};
		result.logErrors = errorLines(servers);
		result.diagnosis = diagnose(result, zhibang.knobs.kickSameDevice);
		if (plan.race) {
			const before = errorLines(servers);
			result.race = await raceProbe(main.baseUrl, pg, database, rows.length, zhibang);
			const after = errorLines(servers);
			(result.race as Record<string, unknown>).logErrors = Object.fromEntries(
				Object.entries(after)
					.map(([line, n]): [string, number] => [line, n - (before[line] ?? 0)])
					.filter(([, n]) => n > 0),
			);
		}

		// Counted login requests should match the simulators' successful logins.
		result.loginAttribution = {
			available: true,
			requestsSeen: { yunke: loginEvents.filter((e) => e.service === 'yunke').length, zhibang: loginEvents.filter((e) => e.service === 'zhibang').length },
		};
		if (problems.length || failedLead.length || failedYunke.length) {
			log(`  failures; n8n log error lines:\n${Object.entries(result.logErrors as Record<string, number>).map(([l, n]) => `    ${n}× ${l}`).join('\n')}`);
		}
		return result;
	} catch (error) {
		for (const { name, server } of servers) log(`--- ${name} (pid ${server.pid}) output tail ---\n${tail(server.output, 40)}`);
		throw error;
	} finally {
		await unwindTo(mark);
		for (const { name, server } of servers) writeFileSync(path.join(LOG_DIR, `run${index + 1}-${name}.log`), server.output);
		processNames.clear();
	}
}

/** Plain-language reasons for the misses this bench knows how to explain. */
function diagnose(result: Record<string, unknown>, kickSameDevice: boolean): string[] {
	const notes: string[] = [];
	const logged = (result.logErrors ?? {}) as Record<string, number>;
	const errors = Object.keys(logged).join('\n');
	const kickedFailures = Object.entries(logged)
		.filter(([line]) => /Zhibang[^\n]*expired again right after logging in again/.test(line))
		.reduce((n, [, count]) => n + count, 0);
	const erp = result.erp as { kickedSessions: number };
	const logins = result.logins as { zhibang: number };
	if (/Zhibang[^\n]*expired again right after logging in again/.test(errors) || (kickSameDevice && erp.kickedSessions > 0 && logins.zhibang > Math.min(2, Number(result.workers)))) {
		notes.push(
			`Zhibang kicked ${erp.kickedSessions} session(s): with kickSameDevice=${String(kickSameDevice)} a login of the same user + serial invalidates that device's older token, and every worker logs in with the same credential (same serial). ` +
				'Each worker coalesces its own logins, but nothing coordinates them across processes (n8n has no lock around preAuthentication; the credential store is last-write-wins), so when two workers log in at about the same time the later login kicks the token the other worker just stored or handed out. ' +
				'A kicked request waits up to 5 s for the kicking worker\'s stored session (nodes/shared/transport.ts awaitKickerSession) before logging in itself; ' +
				(kickedFailures
					? `${kickedFailures} execution(s) still met an expired session right after their one refresh and failed. `
					: 'this time no execution failed, but the kicks cost extra logins. ') +
				'The same run with --no-kick-same-device has no failure and one refresh per worker.',
		);
	}
	return notes;
}

/**
 * Pairs of simultaneous requests for the same *new* mobile: two executions, usually on two
 * workers, both look the mobile up, find nothing, and both create. Not part of the targets: the
 * upsert serialises keys inside one execution only (nodes/Zhibang/helpers/keyLock.ts).
 */
async function raceProbe(baseUrl: string, pg: Service, database: string, before: number, zhibang: ZhibangSimulator): Promise<Record<string, unknown>> {
	const pairs = Array.from({ length: RACE_PAIRS }, (_, i) => ({ name: `并发客户${i + 1}`, mobile: `1990${String(8_000_000 + i).padStart(7, '0')}`, score: 88 }));
	const elapsed = stopwatch();
	const answers = await Promise.all(pairs.flatMap((lead) => [0, 1].map(async () => await postJson(`${baseUrl}/webhook/${leadWebhookPath()}`, lead).catch((e: Error) => ({ status: 0, json: e.message, ms: 0 })))));
	const { rows } = await waitForExecutions(pg, database, before + answers.length, 120_000);
	const probeRows = rows.slice(before);
	const { duplicates, sharedMobiles } = duplicatesIn(zhibang, new Set(pairs.map((p) => p.mobile)));
	const failures = answers.filter((a) => a.status !== 200).map((a) => `HTTP ${a.status} ${JSON.stringify(a.json).slice(0, 160)}`);
	const action = (a: { status: number; json: unknown }) => (a.status === 200 ? String((a.json as { action?: string }).action) : 'failed');
	const created = answers.filter((a) => action(a) === 'created').length;
	const found = answers.filter((a) => action(a) === 'unchanged' || action(a) === 'updated').length;
	const failed = answers.filter((a) => action(a) === 'failed').length;
	const check = zhibang.knobs.duplicateCheck;
	return {
		explanation:
			`${RACE_PAIRS} pairs: ${created} answers "created", ${found} found the customer its twin had just saved, ${failed} failed, ${duplicates} duplicate customer(s) kept. ` +
			'When both executions of a pair look the mobile up before either has saved, both try to create it: the upsert serialises a key only inside one execution ' +
			'(nodes/Zhibang/helpers/keyLock.ts), not across executions or workers. ' +
			(failed
				? `The ERP's own duplicate checks (simulator duplicateCheck name=${String(check.name)}, khid=${String(check.khid)}, mobile=${String(check.mobile)}) refused the second save, so that execution failed (see logErrors) instead of creating a duplicate; an ERP that checks neither the name nor the customer number would keep a duplicate.`
				: ''),
		pairs: RACE_PAIRS,
		requests: answers.length,
		answers: countBy(answers, (a) => `HTTP ${a.status}${a.status === 200 ? ` ${(a.json as { action?: string }).action}` : ''}`),
		executions: countBy(probeRows, (r) => r.status),
		duplicates,
		sharedMobiles,
		firstFailures: [...new Set(failures)].slice(0, 3),
		ms: Math.round(elapsed()),
	};
}
