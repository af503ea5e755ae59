/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Feasibility check for n8n queue mode here (issue 7), not the scale benchmark: PostgreSQL + Redis
 * from Debian's packages on loopback, n8n main + `n8n worker` (EXECUTIONS_MODE=queue) with this
 * package installed, a Webhook → Yunke "Get Many Call Logs" workflow activated on import, a few
 * webhook calls, the executions run by the worker, the Yunke session shared through the DB.
 *
 *   node_modules/.bin/node node_modules/.bin/tsx scripts/n8n/check-queue.ts [--requests=N] [--workers=N]
 *
 * Prints one JSON line with the timings; exits 1 on failure. Needs `npm run build` first.
 */
import path from 'node:path';

import { startYunkeSimulator } from '../../simulators/yunke';
import { stopwatch, timed } from '../timing';
import { N8nInstance, N8N_CLI_VERSION, PACKAGE_NAME, packRepo, type N8nServer } from './cli';
import { ensureDebianPackages, startPostgres, startRedis, type Service } from './services';

const flag = (name: string, fallback: number) =>
	Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const REQUESTS = flag('requests', 10);
const WORKERS = flag('workers', 1);

async function main(): Promise<void> {
	const report: Record<string, unknown> = { n8n: N8N_CLI_VERSION, node: process.version };
	const services: Service[] = [];
	const servers: N8nServer[] = [];
	let n8n: N8nInstance | undefined;
	const sim = await startYunkeSimulator({ host: '127.0.0.1', knobs: { rsaBits: 1024 } });
	try {
		report.aptMs = (await timed(() => ensureDebianPackages()))[1];
		const [pg, pgMs] = await timed(() => startPostgres());
		services.push(pg);
		const [redis, redisMs] = await timed(() => startRedis());
		services.push(redis);
		report.postgres = { port: pg.port, startMs: pgMs };
		report.redis = { port: redis.port, startMs: redisMs };

		n8n = await N8nInstance.create({
			env: { ...pg.n8nEnv, ...redis.n8nEnv, EXECUTIONS_MODE: 'queue', OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' },
		});
		await n8n.installPackage(packRepo(path.join(n8n.userFolder, 'pack')));
		// The first command against an empty PostgreSQL runs n8n's migrations.
		const [, migrateMs] = await timed(() =>
			n8n!.importCredentials([
				{
					id: 'yunkeQueue01',
					name: 'Yunke demo',
					type: 'yunkeApi',
					data: { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode, domain: sim.baseUrl },
				},
			]),
		);
		report.firstCommandWithMigrationsMs = migrateMs;
		const imported = await n8n.importWorkflow(
			{
				id: 'wfQueueHook01',
				name: 'Queue: webhook → Yunke call logs',
				active: true,
				settings: { executionOrder: 'v1' },
				nodes: [
					{
						id: 'n-hook',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: '6f1c2a4e-0d7b-4c1e-9a55-3b2f0c9d7e11',
						parameters: { httpMethod: 'POST', path: 'yunke-calls', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
					},
					{
						id: 'n-yunke',
						name: 'Yunke',
						type: `${PACKAGE_NAME}.yunke`,
						typeVersion: 1.1,
						position: [220, 0],
						parameters: { resource: 'callLog', operation: 'getAll' },
						credentials: { yunkeApi: { id: 'yunkeQueue01', name: 'Yunke demo' } },
					},
				],
				connections: { Webhook: { main: [[{ node: 'Yunke', type: 'main', index: 0 }]] } },
			},
		);
		report.importNotes = imported.output.split('\n').filter((l) => /activat|fail|error/i.test(l)).slice(0, 10);
		await n8n.publishWorkflow('wfQueueHook01');

		const workerTimes: number[] = [];
		for (let i = 0; i < WORKERS; i++) {
			const worker = await n8n.worker({ concurrency: 5, env: { N8N_LOG_LEVEL: 'info' } });
			servers.push(worker);
			workerTimes.push(worker.readyAfterMs['/healthz/readiness']);
		}
		report.workerReadyMs = workerTimes;
		const main = await n8n.start({ env: { N8N_LOG_LEVEL: 'info' } });
		servers.push(main);
		report.mainReadyAfterMs = main.readyAfterMs;
		report.webhookRegisteredAfterReadyMs = await n8n.waitForWebhook('yunke-calls', 'POST', 60_000);

		const loginsBefore = sim.counters.logins;
		const latencies: number[] = [];
		const statuses: number[] = [];
		const items: number[] = [];
		const wall = stopwatch();
		const one = async () => {
			const elapsed = stopwatch();
			const res = await fetch(`${n8n!.baseUrl}/webhook/yunke-calls`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
				signal: AbortSignal.timeout(60_000),
			});
			const body = await res.json().catch(() => null);
			latencies.push(Math.round(elapsed()));
			statuses.push(res.status);
			items.push(Array.isArray(body) ? body.length : -1);
		};
		// A first call alone (it logs in), then the rest 5 at a time.
		await one();
		for (let i = 1; i < REQUESTS; i += 5) await Promise.all(Array.from({ length: Math.min(5, REQUESTS - i) }, one));
		const sorted = [...latencies].sort((a, b) => a - b);
		report.webhooks = {
			requests: REQUESTS,
			ok: statuses.filter((s) => s === 200).length,
			items: [...new Set(items)],
			wallMs: Math.round(wall()),
			firstMs: latencies[0],
			p50Ms: sorted[Math.floor(sorted.length / 2)],
			maxMs: sorted[sorted.length - 1],
			newLogins: sim.counters.logins - loginsBefore,
		};
		// Which process ran the executions: each worker logs "Worker finished execution <id> (job <n>)" at info.
		report.workerJobs = servers
			.slice(0, WORKERS)
			.map((w) => (w.output.match(/Worker finished execution \d+/g) ?? []).length);
		if (statuses.some((s) => s !== 200)) throw new Error(`webhook statuses ${JSON.stringify(statuses)}`);
		console.log(JSON.stringify({ ok: true, ...report }));
	} catch (error) {
		console.error(JSON.stringify(report));
		for (const s of servers) console.error(`--- ${s.pid} output tail ---\n${s.output.split('\n').filter((l) => !/debug/.test(l)).slice(-60).join('\n')}`);
		throw error;
	} finally {
		for (const s of servers.reverse()) await s.stop();
		await n8n?.dispose();
		for (const s of services.reverse()) await s.stop();
		await sim.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
