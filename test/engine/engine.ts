/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Runs this package in n8n-core's real engine, in-process: the package is loaded from dist/ by
 * n8n-core's PackageDirectoryLoader (exactly as n8n loads an installed community package),
 * workflows run through WorkflowExecute, dropdowns and resource-locator lists through
 * LoadOptionsContext (editor.ts), polls through PollContext, and credential tests like n8n's CredentialsTester (RoutingNode + noOp node).
 */
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IBinaryData,
	IExecuteResponsePromiseData,
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { CredentialStore, TestCredentialsHelper } from './credentials';
import { listSearch, loadOptions } from './editor';

export const PACKAGE_ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-yunke-zhibang';

/** A start node for test workflows: emits the JSON items given in its `items` parameter. */
const startNodeType: INodeType = {
	description: {
		displayName: 'Test Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the configured items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	},
	async execute() {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	},
};
export const START_NODE_TYPE = 'test.start';

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface LoadedPackage {
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

/** Load the built package the way n8n does (package.json "n8n" section → dist files). */
export async function loadPackage(root = PACKAGE_ROOT): Promise<LoadedPackage> {
	if (!existsSync(path.join(root, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` before the engine tests');
	}
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	const nodeTypes: LoadedPackage['nodeTypes'] = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) nodeTypes[`${loader.packageName}.${name}`] = type;
	const credentialTypes: LoadedPackage['credentialTypes'] = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;
	return { nodeTypes, credentialTypes };
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowBase['settings'];
	staticData?: IDataObject;
	pinData?: IWorkflowBase['pinData'];
}

export interface RunResult {
	run: IRun;
	/** Items a node sent on one of its outputs (first run). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error a node ended with, if any. */
	nodeError(nodeName: string): Error | undefined;
	/** The execution's error (the first node error that stopped it), if any. */
	error: Error | undefined;
	/** The workflow's static data after the run (what n8n would persist). */
	staticData: IDataObject;
}

let executionCounter = 0;

export class Engine {
	readonly nodeTypes: INodeTypes;
	readonly helper: TestCredentialsHelper;

	constructor(
		readonly pkg: LoadedPackage,
		readonly store = new CredentialStore(),
		extraNodeTypes: Record<string, INodeType | IVersionedNodeType> = {},
	) {
		this.nodeTypes = new NodeTypes({ ...pkg.nodeTypes, [START_NODE_TYPE]: startNodeType, ...extraNodeTypes });
		this.helper = new TestCredentialsHelper(pkg.credentialTypes, store);
	}

	additionalData(executionId = String(++executionCounter)): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: this.helper,
			executionId,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678/',
			formBaseUrl: 'http://localhost:5678/form',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			formTestBaseUrl: 'http://localhost:5678/form-test',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			mcpBaseUrl: 'http://localhost:5678/mcp',
			mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
			ssrfBridge: { validateUrl: async () => ({ ok: true }), validateIp: async () => ({ ok: true }) },
			logAiEvent: () => {},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not supported in the test engine');
			},
			startRunnerTask: async () => {
				throw new Error('Task runners are not available in the test engine');
			},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	workflow(json: WorkflowJson): Workflow {
		return new Workflow({
			id: 'wf-test',
			name: json.name ?? 'test',
			nodes: json.nodes,
			connections: json.connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: json.staticData ? structuredClone(json.staticData) : {},
			settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
		});
	}

	/** Run a whole workflow from its start node, as "Execute workflow" does. */
	async run(
		json: WorkflowJson,
		options: { startNode?: string; mode?: WorkflowExecuteMode; onResponse?: (response: IExecuteResponsePromiseData) => void } = {},
	): Promise<RunResult> {
		const workflow = this.workflow(json);
		const executionId = String(++executionCounter);
		const additionalData = this.additionalData(executionId);
		const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', executionId, {
			id: 'wf-test',
			name: json.name ?? 'test',
			nodes: json.nodes,
			connections: json.connections,
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as unknown as IWorkflowBase);
		(additionalData as { hooks?: ExecutionLifecycleHooks }).hooks = hooks;
		// What a Respond to Webhook node sends back to the caller.
		if (options.onResponse) hooks.addHandler('sendResponse', options.onResponse);
		const startNode = options.startNode ?? json.nodes.find((n) => NodeHelpers.getVersionedNodeType(this.nodeTypes.getByName(n.type)).description.inputs.length === 0)?.name;
		const execute = new WorkflowExecute(additionalData, options.mode ?? 'manual');
		const run = await execute.run({
			workflow,
			startNode: startNode ? workflow.getNode(startNode) ?? undefined : undefined,
			pinData: json.pinData,
		});
		return toResult(run, workflow);
	}

	/** Call a node's loadOptions method as the editor does when a dropdown opens (test/engine/editor.ts). */
	async loadOptions(...args: Parameters<typeof loadOptions> extends [Engine, ...infer Rest] ? Rest : never): Promise<INodePropertyOptions[]> {
		return await loadOptions(this, ...args);
	}

	/** Call a node's listSearch method as a resource locator's list does (test/engine/editor.ts). */
	async listSearch(...args: Parameters<typeof listSearch> extends [Engine, ...infer Rest] ? Rest : never): Promise<INodeListSearchResult> {
		return await listSearch(this, ...args);
	}

	/**
	 * One poll of a polling trigger. `staticData` is what n8n persisted after the last poll (pass the
	 * previous result's `staticData` to continue, or a JSON round trip of it to simulate a restart).
	 */
	async poll(
		json: WorkflowJson,
		nodeName: string,
		options: { mode?: 'manual' | 'trigger'; staticData?: IDataObject } = {},
	): Promise<{ items: INodeExecutionData[] | null; staticData: IDataObject }> {
		const workflow = this.workflow({ ...json, staticData: options.staticData ?? json.staticData });
		const node = workflow.getNode(nodeName);
		if (!node) throw new Error(`No node ${nodeName}`);
		const type = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!type.poll) throw new Error(`${node.type} is not a polling trigger`);
		const context = new PollContext(workflow, node, this.additionalData(), options.mode ?? 'trigger', 'activate');
		const result = await type.poll.call(context);
		return { items: result ? result[0] : null, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
	}

	/**
	 * A credential test as n8n's CredentialsTester runs it: preAuthentication is forced (noOp node
	 * with `temp: ''`), then the credential's `test.request` goes through RoutingNode and its rules apply.
	 */
	async testCredential(type: string, id: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const credentialType = this.pkg.credentialTypes[type];
		const test = credentialType.test;
		if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
		const stored = this.store.get(id);
		const node: INode = {
			id: 'temp',
			parameters: { temp: '' },
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			credentials: { [type]: { id: stored.id, name: stored.name } },
		};
		const testNodeType: INodeType = {
			description: {
				displayName: 'No Operation',
				name: 'n8n-nodes-base.noOp',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: { name: 'No Operation' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				credentials: [{ name: type, required: true }],
				properties: [
					{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' },
				],
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: new NodeTypes({ 'n8n-nodes-base.noOp': testNodeType }),
		});
		const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
		const context = new ExecuteContext(
			workflow,
			node,
			this.additionalData(),
			'internal',
			runExecutionData,
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const routingNode = new RoutingNode(context, testNodeType, { ...stored, data: { ...stored.data } });
		let response: INodeExecutionData[][] | null | undefined;
		try {
			response = await routingNode.runNode();
		} catch (error) {
			const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
			if (cause?.response) {
				const { status, statusText } = cause.response;
				for (const rule of test.rules ?? []) {
					if (rule.type === 'responseCode' && status === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			} else if (cause?.code) {
				return { status: 'Error', message: cause.code };
			}
			return { status: 'Error', message: String((error as Error).message) };
		}
		for (const rule of test.rules ?? []) {
			if (rule.type !== 'responseSuccessBody') continue;
			const body = response?.[0]?.[0]?.json ?? {};
			const value = rule.properties.key.split('.').reduce<unknown>((obj, key) => (obj as IDataObject)?.[key], body);
			if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}

function toResult(run: IRun, workflow: Workflow): RunResult {
	const runData = run.data.resultData.runData;
	return {
		run,
		output(nodeName: string, outputIndex = 0) {
			const task = runData[nodeName]?.[0];
			if (!task) throw new Error(`Node ${nodeName} did not run${run.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
			return task.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName: string) {
			return runData[nodeName]?.[0]?.error as Error | undefined;
		},
		error: run.data.resultData.error as Error | undefined,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
	};
}

/**
 * Store binary data on disk as n8n does by default (N8N_DEFAULT_BINARY_DATA_MODE=filesystem), so
 * downloads stream to a file. Without this call n8n-core keeps binary data in memory (base64).
 */
export async function useFilesystemBinaryData(): Promise<void> {
	await Container.get(BinaryDataService).init();
}

/** The bytes of a binary property, whichever mode stored it. */
export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/**
 * Empty this process's login memory (the session brokers of the loaded package), as in a freshly
 * started n8n process: only the credential store (n8n's database) still holds sessions.
 */
export function forgetSessions(root = PACKAGE_ROOT): void {
	const services: Array<[string, string]> = [
		['dist/nodes/Yunke/transport/index.js', 'yunkeService'],
		['dist/nodes/Zhibang/transport/index.js', 'zhibangService'],
	];
	for (const [file, name] of services) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		(require(path.join(root, file)) as Record<string, { broker: { clear(): void } }>)[name].broker.clear();
	}
}

/**
 * Pin the clock the engine's expressions read ($now, $today: luxon's `DateTime.now()` inside
 * n8n-workflow), or back to the wall clock with no argument. Tests and the time sweep pass the
 * simulators' clock, so a workflow's "the last day" is the simulated day.
 */
export function setEngineClock(now?: () => number): void {
	// The very luxon n8n-workflow uses (one copy: see assertSharedEngine in scripts/n8n/nodes-base.ts).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Settings } = require(require.resolve('luxon', { paths: [path.dirname(require.resolve('n8n-workflow'))] })) as typeof import('luxon');
	Settings.now = now ?? (() => Date.now());
}

/** Stop n8n-core's background timers so jest can exit. */
export async function shutdownEngine(): Promise<void> {
	const { SSHClientsManager } = await import('n8n-core/dist/execution-engine/ssh-clients-manager');
	Container.get(SSHClientsManager).onShutdown();
}
