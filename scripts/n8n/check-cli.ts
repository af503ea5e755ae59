/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * End-to-end check of the real n8n CLI with this package (needs `npm run build` first):
 *
 *  1. package install (as Settings → Community Nodes does) → node type `n8n-nodes-yunke-zhibang.yunke`:
 *     import a Yunke credential and a Manual Trigger → Yunke "Get Many Call Logs" workflow, run
 *     `n8n execute` twice against the Yunke simulator; the second run must not log in again
 *     (the session persisted in n8n's credential store is reused);
 *  2. N8N_CUSTOM_EXTENSIONS=<a copy of dist/> → node type `CUSTOM.yunke`: same workflow, one run;
 *  3. `n8n start`: time to /healthz/readiness and to the editor at /, and the node in /types/nodes.json.
 *
 * Prints one JSON line with the figures; exits 1 on any failure. Run with Node 24:
 *   node_modules/.bin/node node_modules/.bin/tsx scripts/n8n/check-cli.ts [--skip-start] [--skip-custom]
 */
import { startYunkeSimulator, type YunkeSimulator } from '../../simulators/yunke';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { stopwatch, timed } from '../timing';
import { N8nInstance, N8N_CLI_VERSION, PACKAGE_NAME, packRepo, stageCustomExtension, type WorkflowImportJson } from './cli';

const args = new Set(process.argv.slice(2));

function callLogWorkflow(id: string, nodeType: string, credentialId: string): WorkflowImportJson {
	return {
		id,
		name: `Yunke call logs (${nodeType})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'n-manual', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n-yunke',
				name: 'Yunke',
				type: nodeType,
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { resource: 'callLog', operation: 'getAll' },
				credentials: { yunkeApi: { id: credentialId, name: 'Yunke demo' } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Yunke', type: 'main', index: 0 }]] } },
	};
}

function credential(sim: YunkeSimulator, id: string) {
	return {
		id,
		name: 'Yunke demo',
		type: 'yunkeApi',
		data: { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode, domain: sim.baseUrl },
	};
}

function itemsOf(run: Awaited<ReturnType<N8nInstance['execute']>>['run'], node: string): number {
	return run.data.resultData.runData[node]?.[0]?.data?.main?.[0]?.length ?? -1;
}

async function main(): Promise<void> {
	const report: Record<string, unknown> = {};
	const sim = await startYunkeSimulator({ host: '127.0.0.1', knobs: { rsaBits: 1024 } });
	const instances: N8nInstance[] = [];
	const cleanups: Array<() => void> = [];
	try {
		// 1. Package install, the way users get it.
		const n8n = await N8nInstance.create();
		instances.push(n8n);
		const [pkg, installMs] = await timed(() => n8n.installPackage(packRepo(path.join(n8n.userFolder, 'pack'))));
		report.packageInstallMs = installMs;
		const nodeType = `${PACKAGE_NAME}.yunke`;
		report.packageNodeType = nodeType;
		report.importCredentialsMs = (await n8n.importCredentials([credential(sim, 'yunkeDemo01')])).ms;
		report.importWorkflowMs = (await n8n.importWorkflow(callLogWorkflow('wfYunkeCalls01', nodeType, 'yunkeDemo01'))).ms;
		const runs = [];
		for (let i = 0; i < 2; i++) {
			const loginsBefore = sim.counters.logins;
			const { run, ms, exitSignal } = await n8n.execute('wfYunkeCalls01');
			runs.push({ ms, status: run.status, items: itemsOf(run, 'Yunke'), newLogins: sim.counters.logins - loginsBefore, exitSignal });
		}
		report.packageRuns = runs;
		if (runs[0].items < 0 || runs[0].newLogins !== 1 || runs[1].newLogins !== 0) {
			throw new Error(`package install: expected 1 then 0 logins, got ${JSON.stringify(runs)}`);
		}
		report.installedAt = path.relative(n8n.userFolder, pkg.dir);

		// 3. The editor.
		if (!args.has('--skip-start')) {
			const elapsed = stopwatch();
			const server = await n8n.start({ timeoutMs: 120_000 });
			try {
				const readinessOk = await server.waitFor(`${n8n.baseUrl}/healthz/readiness`, 1_000);
				const html = await (await fetch(`${n8n.baseUrl}/`)).text();
				const cookie = await n8n.setupOwner();
				const typesRes = await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: { cookie } });
				if (!typesRes.ok) throw new Error(`/types/nodes.json: HTTP ${typesRes.status}`);
				const types = (await typesRes.json()) as Array<{ name: string }>;
				report.editor = {
					readyAfterMs: server.readyAfterMs,
					readinessOk,
					servesEditor: html.includes('<div id="app">') && html.includes('<title>n8n.io'),
					nodeTypeListed: types.some((t) => t.name === nodeType),
					totalMs: Math.round(elapsed()),
				};
				if (!readinessOk || !html.includes('<div id="app">') || !types.some((t) => t.name === nodeType)) {
					throw new Error(`editor check failed: ${JSON.stringify(report.editor)}`);
				}
			} finally {
				await server.stop();
			}
		}

		// 2. N8N_CUSTOM_EXTENSIONS pointing at a copy of dist/ (see stageCustomExtension).
		if (!args.has('--skip-custom')) {
			const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-custom-'));
			const custom = await N8nInstance.create({ userFolder, customExtensions: [stageCustomExtension(userFolder)] });
			instances.push(custom);
			cleanups.push(() => rmSync(userFolder, { recursive: true, force: true }));
			await custom.importCredentials([credential(sim, 'yunkeDemo02')]);
			await custom.importWorkflow(callLogWorkflow('wfYunkeCalls02', 'CUSTOM.yunke', 'yunkeDemo02'));
			const loginsBefore = sim.counters.logins;
			const { run, ms } = await custom.execute('wfYunkeCalls02');
			report.customRun = { nodeType: 'CUSTOM.yunke', ms, items: itemsOf(run, 'Yunke'), newLogins: sim.counters.logins - loginsBefore };
			if (itemsOf(run, 'Yunke') < 0) throw new Error(`custom extension: the Yunke node did not run: ${JSON.stringify(report.customRun)}`);
		}
		console.log(JSON.stringify({ ok: true, n8n: N8N_CLI_VERSION, node: process.version, ...report }));
	} finally {
		for (const instance of instances) await instance.dispose();
		for (const cleanup of cleanups) cleanup();
		await sim.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
