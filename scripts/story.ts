/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The user's story as `npm run demo` and the example-workflow test run it: both simulators, the
 * built package and n8n's own nodes in n8n-core's WorkflowExecute, and example workflow 1 — the
 * very JSON in examples/workflows — with credentials created under the ids the JSON references.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INode, INodeExecutionData, IRun } from 'n8n-workflow';

import { startYunkeSimulator, type YunkeKnobs, type YunkeSimulator } from '../simulators/yunke';
import { startZhibangSimulator, type ZhibangKnobs, type ZhibangSimulator } from '../simulators/zhibang';
import { Engine, forgetSessions, loadPackage, setEngineClock, type WorkflowJson } from '../test/engine/engine';
import { loadNodesBase } from './n8n/nodes-base';
import { stopwatch } from './timing';

export const EXAMPLES = path.resolve(__dirname, '../examples/workflows');
export const WORKFLOW_1 = path.join(EXAMPLES, '1-call-logs-to-erp.json');

/** Node names in workflow 1 (the JSON is the source of truth; these must match it). */
export const W1 = {
	start: 'When clicking ‘Execute workflow’',
	calls: 'Connected outbound calls of the last day',
	score: 'Score the call',
	admission: 'Customer Admission',
	upsert: 'Create or update customer in Zhibang',
	rejected: 'Rejected: reasons',
	failed: 'Failed: reasons',
} as const;

export function readWorkflow(file: string): WorkflowJson {
	return JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
}

/** n8n-nodes-base types a workflow uses, short names ("set", "manualTrigger"). */
export function builtInNodes(workflow: WorkflowJson): string[] {
	return [...new Set(workflow.nodes.map((n) => n.type).filter((t) => t.startsWith('n8n-nodes-base.')).map((t) => t.slice('n8n-nodes-base.'.length)))];
}

/** The credential references of a workflow, by type (the first one of each type). */
export function credentialRefs(workflow: WorkflowJson): Record<string, { id: string; name: string }> {
	const refs: Record<string, { id: string; name: string }> = {};
	for (const node of workflow.nodes as INode[]) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) refs[type] ??= { id: String(ref.id), name: ref.name };
	}
	return refs;
}

export interface StoryFigures {
	callsFetched: number;
	admitted: number;
	rejected: number;
	rejectedByRule: Record<string, number>;
	created: number;
	updated: number;
	unchanged: number;
	/** Admitted leads the ERP step could not write (its error output), each with its reason. */
	failed: number;
	failures: Array<{ callId: string; name: string; reason: string }>;
	/** Namesakes saved under a distinguishing name (刘总（8000）). */
	namesakes: number;
	/** Admitted leads whose name is only a title (刘总, 张先生). */
	titleOnlyNames: number;
	assignments: Record<string, number>;
	followUps: number;
	logins: { yunke: number; zhibang: number };
	ms: number;
}

export interface Examples {
	engine: Engine;
	yunke: YunkeSimulator;
	zhibang: ZhibangSimulator;
	close(): Promise<void>;
}

export interface Story extends Examples {
	workflow: WorkflowJson;
	/** Run workflow 1 once from its manual trigger. */
	run(): Promise<{ figures: StoryFigures; run: IRun; output(node: string, index?: number): INodeExecutionData[] }>;
	/**
	 * Start over at another instant: both simulators back to their seeded state (with these data
	 * seeds) and their clocks pinned to `at`, no session anywhere, as on a fresh install.
	 */
	moveTo(at: number, seeds?: { yunke?: number; zhibang?: number }): void;
}

export interface ExampleOptions {
	yunke?: Partial<YunkeKnobs>;
	zhibang?: Partial<ZhibangKnobs>;
	/** Pin the simulators' clocks and the engine's $now to this instant (epoch ms); default: the wall clock. */
	now?: number;
}

/** Every example workflow, as files. */
export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(EXAMPLES, f));
}

/**
 * Both simulators and an engine that knows this package plus the n8n built-in nodes the example
 * workflows use, with the credentials the examples reference (same ids as in the JSON files).
 */
export async function startExamples(options: ExampleOptions = {}): Promise<Examples> {
	const workflows = exampleFiles().map(readWorkflow);
	const builtIns = await loadNodesBase([...new Set(workflows.flatMap(builtInNodes))]);
	const yunke = await startYunkeSimulator({ knobs: options.yunke, now: options.now });
	const zhibang = await startZhibangSimulator({ knobs: options.zhibang, now: options.now });
	const engine = new Engine(await loadPackage(), undefined, builtIns);
	// One time for everything: the workflow's $now is the simulators' (pinned) clock.
	if (options.now !== undefined) setEngineClock(() => yunke.clock.now());
	const refs = Object.assign({}, ...workflows.map(credentialRefs)) as Record<string, { id: string; name: string }>;
	engine.store.add(
		'yunkeApi',
		{ phone: yunke.demo.phone, password: yunke.demo.password, companyCode: yunke.demo.companyCode, domain: yunke.baseUrl },
		refs.yunkeApi.id,
		refs.yunkeApi.name,
	);
	engine.store.add(
		'zhibangApi',
		{ baseUrl: zhibang.baseUrl, username: zhibang.demo.username, password: zhibang.demo.password, serialNumber: 'N8NDEMO0001' },
		refs.zhibangApi.id,
		refs.zhibangApi.name,
	);
	const close = async () => {
		if (options.now !== undefined) setEngineClock();
		await Promise.all([yunke.close(), zhibang.close()]);
	};
	return { engine, yunke, zhibang, close };
}

export async function startStory(options: ExampleOptions = {}): Promise<Story> {
	const { engine, yunke, zhibang, close } = await startExamples(options);
	const workflow = readWorkflow(WORKFLOW_1);
	const refs = credentialRefs(workflow);

	return {
		engine,
		yunke,
		zhibang,
		workflow,
		async run() {
			const logins = { yunke: yunke.counters.logins, zhibang: zhibang.counters.logins };
			const elapsed = stopwatch();
			const result = await engine.run(workflow, { startNode: W1.start });
			const ms = elapsed();
			if (result.error) throw result.error;
			const output = (node: string, index = 0) => {
				const task = result.run.data.resultData.runData[node]?.[0];
				return task?.data?.main?.[index] ?? [];
			};
			const upserts = output(W1.upsert).map((item) => item.json);
			const failures = output(W1.failed).map((item) => ({
				callId: String(item.json.callId ?? ''),
				name: String(item.json.name ?? ''),
				reason: String(item.json.reason ?? ''),
			}));
			const count = (action: string) => upserts.filter((u) => u.action === action).length;
			const rejectedByRule: Record<string, number> = {};
			for (const item of output(W1.admission, 1)) {
				for (const rule of (item.json.failedRules as IDataObject[] | undefined) ?? []) {
					rejectedByRule[String(rule.rule)] = (rejectedByRule[String(rule.rule)] ?? 0) + 1;
				}
			}
			const assignments: Record<string, number> = {};
			for (const u of upserts) {
				const assignment = u.assignment as IDataObject | null;
				if (assignment?.changed) {
					const key = assignment.mode === 'pool' ? 'pool' : String(assignment.tier);
					assignments[key] = (assignments[key] ?? 0) + 1;
				}
			}
			return {
				run: result.run,
				output,
				figures: {
					callsFetched: output(W1.calls).length,
					admitted: output(W1.admission, 0).length,
					rejected: output(W1.admission, 1).length,
					rejectedByRule,
					created: count('created'),
					updated: count('updated'),
					unchanged: count('unchanged'),
					failed: failures.length,
					failures,
					namesakes: upserts.filter((u) => u.storedName).length,
					titleOnlyNames: output(W1.admission, 0).filter((item) => item.json.nameIsTitleOnly === true).length,
					assignments,
					followUps: upserts.filter((u) => (u.followUp as IDataObject | null)?.saved).length,
					logins: { yunke: yunke.counters.logins - logins.yunke, zhibang: zhibang.counters.logins - logins.zhibang },
					ms,
				},
			};
		},
		moveTo(at, seeds = {}) {
			for (const sim of [yunke, zhibang]) sim.reset();
			if (seeds.yunke !== undefined) yunke.setKnobs({ seed: seeds.yunke });
			if (seeds.zhibang !== undefined) zhibang.setKnobs({ seed: seeds.zhibang });
			yunke.setClock(at);
			zhibang.setClock(at);
			// A fresh install: no session in n8n's credential store, none in this process's memory.
			for (const ref of Object.values(refs)) engine.store.patch(ref.id, { sessionToken: '' });
			forgetSessions();
		},
		close,
	};
}
