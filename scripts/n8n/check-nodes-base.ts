/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Smoke check of the in-process recipe: n8n-nodes-base nodes run in the root's n8n-core
 * WorkflowExecute with one shared n8n-workflow. Prints one JSON line; exits 1 on any failure.
 *
 *   node_modules/.bin/tsx scripts/n8n/check-nodes-base.ts     (or via an npm script: Node 24)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Static imports only: under tsx, `await import('n8n-workflow')` loads its ESM build, a second copy
// of every class (n8n-workflow ships dist/esm and dist/cjs), while n8n-core require()s the CJS one.
import { VersionedNodeType } from 'n8n-workflow';

import { Engine, shutdownEngine } from '../../test/engine/engine';
import { timed } from '../timing';
import { loadNodesBase } from './nodes-base';

// n8n-core writes $N8N_USER_FOLDER/.n8n/config (an encryption key) on first use, not at import time.
const userFolder = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-base-check-'));
process.env.N8N_USER_FOLDER = userFolder;

async function main(): Promise<void> {
	const [builtIns, loadMs] = await timed(() => loadNodesBase(['manualTrigger', 'scheduleTrigger', 'set', 'if', 'webhook', 'respondToWebhook']));
	if (!(builtIns['n8n-nodes-base.if'] instanceof VersionedNodeType)) {
		throw new Error('If is not an instance of the root n8n-workflow VersionedNodeType: two copies of n8n-workflow are loaded');
	}
	const engine = new Engine({ nodeTypes: {}, credentialTypes: {} }, undefined, builtIns);
	const set = (score: number) => ({
		id: 'set',
		name: 'Set',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [200, 0] as [number, number],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'a', name: 'score', type: 'number', value: `={{ ${score} }}` },
					{ id: 'b', name: 'source', type: 'string', value: '={{ $now.year > 2000 ? "ok" : "bad" }}' },
				],
			},
			options: {},
		},
	});
	const ifNode = {
		id: 'if',
		name: 'If',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [400, 0] as [number, number],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: 'c', leftValue: '={{ $json.score }}', rightValue: 60, operator: { type: 'number', operation: 'gte' } }],
				combinator: 'and',
			},
			options: {},
		},
	};
	const chain = (trigger: string) => ({
		[trigger]: { main: [[{ node: 'Set', type: 'main' as const, index: 0 }]] },
		Set: { main: [[{ node: 'If', type: 'main' as const, index: 0 }]] },
	});
	const manual = (score: number) => ({
		nodes: [
			{ id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
			set(score),
			ifNode,
		],
		connections: chain('Manual'),
	});
	const schedule = {
		nodes: [
			{
				id: 's',
				name: 'Schedule',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0] as [number, number],
				parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } },
			},
			set(10),
			ifNode,
		],
		connections: chain('Schedule'),
	};

	const results: Record<string, unknown> = { loadMs };
	try {
		for (const [name, wf, expectTrue] of [
			['manual-true', manual(75), true],
			['manual-false', manual(30), false],
			['schedule-false', schedule, false],
		] as const) {
			const [run, ms] = await timed(() => engine.run(wf));
			if (run.error) throw new Error(`${name}: ${run.error.message}`);
			const yes = run.output('If', 0);
			const no = run.output('If', 1);
			const got = expectTrue ? yes : no;
			if (got.length !== 1 || (expectTrue ? no : yes).length !== 0 || got[0].json.source !== 'ok') {
				throw new Error(`${name}: unexpected If outputs ${JSON.stringify({ true: yes, false: no })}`);
			}
			results[name] = { ms, item: got[0].json };
		}
	} finally {
		await shutdownEngine();
	}
	console.log(JSON.stringify({ ok: true, node: process.version, ...results }));
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => rmSync(userFolder, { recursive: true, force: true }));
