/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * One measured run of the benchmarks, in a process of its own (forked by bench/run.ts, which
 * hosts the simulators): the node in n8n-core's WorkflowExecute, or the bare loop replaying the
 * node's requests through n8n's HTTP stack. A fresh process per run keeps one run's memory
 * high-water mark, and the simulators' data, out of another run's figures.
 *
 * Every run first warms up (JIT, lazy modules) on a simulator of its own, then is timed.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const workDir = mkdtempSync(path.join(tmpdir(), 'n8n-yz-bench-'));
process.env.N8N_USER_FOLDER = workDir;

import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { Engine, loadPackage, PACKAGE_ROOT, shutdownEngine, useFilesystemBinaryData, type LoadedPackage, type WorkflowJson } from '../test/engine/engine';
import { chain, node, UPSERT_LEADS_BY_KHID, YUNKE_NODE, ZHIBANG_NODE } from '../test/support/workflows';
import { measure, type Measured } from './lib/measure';
import { captureRequests, n8nHttpRequest, replayOptions, type CapturedRequest } from './lib/outbound';

export type Mode = 'node' | 'bare';

/** The node's requests of a capture run, and the simulator they went to. */
export interface Templates {
	baseUrl: string;
	requests: CapturedRequest[];
}

export interface YunkeAccount {
	phone: string;
	password: string;
	companyCode: string;
}

export type Task =
	| { kind: 'callLogs'; mode: Mode; baseUrl: string; warmUrl: string; account: YunkeAccount; capture?: boolean; templates?: Templates }
	| { kind: 'recording'; mode: Mode; baseUrl: string; callId: string; account: YunkeAccount; capture?: boolean; templates?: Templates }
	| {
			kind: 'upsert';
			mode: Mode;
			baseUrl: string;
			warmUrl: string;
			account: { username: string; password: string };
			inputs: IDataObject[];
			capture?: boolean;
			templates?: Templates;
	  };

export interface TaskResult extends Omit<Measured<unknown>, 'value'> {
	/** Rows (call logs), bytes (recording) or customers created (upsert). */
	count: number;
	/** The requests of the timed run, when the task asked for a capture. */
	captured?: CapturedRequest[];
}

type FullResponse = { statusCode: number; headers: Record<string, unknown>; body: unknown };

const CALL_LOG_PARAMETERS: INodeParameters = {
	resource: 'callLog',
	operation: 'getAll',
	startTime: '2000-01-01 00:00',
	endTime: '2100-01-01 00:00',
	callType: '',
	returnAll: true,
	options: { simplify: true },
};

function yunkeCredentials(account: YunkeAccount, domain: string): ICredentialDataDecryptedObject {
	return { phone: account.phone, password: account.password, companyCode: account.companyCode, domain };
}

/** The package's own login (dist), given n8n's plain request helper: exactly the node's login requests. */
function yunkeLogin(credentials: ICredentialDataDecryptedObject): Promise<Record<string, string>> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { yunkeLogin: login } = require(path.join(PACKAGE_ROOT, 'dist/nodes/Yunke/transport/login.js')) as {
		yunkeLogin: (http: typeof n8nHttpRequest, credentials: ICredentialDataDecryptedObject) => Promise<Record<string, string>>;
	};
	return login(n8nHttpRequest, credentials);
}

/** A captured request pointed at another simulator (`from` → `to` in every URL and header). */
function retarget(request: CapturedRequest, from: string, to: string): ReturnType<typeof replayOptions> {
	const options = replayOptions(request);
	const swap = (value: unknown) => (typeof value === 'string' ? value.split(from).join(to) : value);
	if (options.url) options.url = swap(options.url) as string;
	if (options.baseURL) options.baseURL = swap(options.baseURL) as string;
	if (options.headers) options.headers = Object.fromEntries(Object.entries(options.headers).map(([k, v]) => [k, swap(v)])) as IDataObject;
	return options;
}

/** A Yunke console request with this baseline's own session in place of the node's. */
function yunkeReplay(request: CapturedRequest, templates: Templates, to: string, session: Record<string, string>): ReturnType<typeof replayOptions> {
	const options = retarget(request, templates.baseUrl, to);
	const headers = (options.headers ?? {}) as Record<string, string>;
	if ('cookie' in headers) headers.cookie = session.sessionToken;
	if ('userid' in headers) headers.userid = session.sessionUserId;
	if ('company' in headers) headers.company = session.sessionCompanyCode;
	return options;
}

function isLogin(request: CapturedRequest): boolean {
	return /\/login\b/i.test(String(request.options.url ?? ''));
}

/**
 * The response body as JSON. The node asks for every body as a stream (it reads it against a total
 * deadline) and parses it itself: the baseline does the same work.
 */
async function jsonBody(response: FullResponse): Promise<unknown> {
	const body = response.body as unknown;
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? (JSON.parse(text) as unknown) : undefined;
}

async function yunkeEnvelope(response: FullResponse, what: string): Promise<IDataObject> {
	const body = (await jsonBody(response)) as IDataObject;
	if (response.statusCode !== 200 || !body || body.success !== true) {
		throw new Error(`bare loop: ${what} answered HTTP ${response.statusCode}: ${JSON.stringify(body).slice(0, 300)}`);
	}
	return body;
}

// ------------------------------------------------------------------------------------ call logs

async function callLogsNode(pkg: LoadedPackage, task: Extract<Task, { kind: 'callLogs' }>): Promise<TaskResult> {
	const workflow = (engine: Engine, domain: string): WorkflowJson => {
		const credential = engine.store.add('yunkeApi', yunkeCredentials(task.account, domain));
		return chain([{}], node('Yunke', YUNKE_NODE, CALL_LOG_PARAMETERS, { credentials: { yunkeApi: credential as INodeCredentialsDetails } }));
	};
	const warmEngine = new Engine(pkg);
	const warm = await warmEngine.run(workflow(warmEngine, task.warmUrl));
	if (warm.error) throw warm.error;
	const engine = new Engine(pkg);
	const json = workflow(engine, task.baseUrl);
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(async () => {
		const result = await engine.run(json);
		if (result.error) throw result.error;
		return result.output('Yunke').length;
	});
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

async function callLogsBare(task: Extract<Task, { kind: 'callLogs' }>): Promise<TaskResult> {
	const templates = task.templates!;
	const pages = templates.requests.filter((r) => !isLogin(r));
	const walk = async (to: string, list: CapturedRequest[]) => {
		const session = await yunkeLogin(yunkeCredentials(task.account, to));
		let rows = 0;
		for (const [index, request] of list.entries()) {
			const envelope = await yunkeEnvelope((await n8nHttpRequest(yunkeReplay(request, templates, to, session))) as FullResponse, 'callLog/list');
			const data = envelope.data as { data: unknown[]; pageCount: number };
			rows += data.data.length;
			if (list === pages && index === pages.length - 1 && Number(data.pageCount) !== pages.length) {
				throw new Error(`bare loop: the node read ${pages.length} pages, the simulator has ${data.pageCount}`);
			}
		}
		return rows;
	};
	await walk(task.warmUrl, pages.slice(0, 2));
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(async () => await walk(task.baseUrl, pages));
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

// ------------------------------------------------------------------------------------ recording

async function recordingNode(pkg: LoadedPackage, task: Extract<Task, { kind: 'recording' }>): Promise<TaskResult> {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentials(task.account, task.baseUrl));
	const workflow = chain(
		[{ id: task.callId }],
		node('Yunke', YUNKE_NODE, { resource: 'recording', operation: 'download', source: 'callId', callId: '={{ $json.id }}', binaryPropertyName: 'data' }, { credentials: { yunkeApi: credential as INodeCredentialsDetails } }),
	);
	const once = async () => {
		const result = await engine.run(workflow);
		if (result.error) throw result.error;
		return Number(result.output('Yunke')[0].binary?.data?.bytes ?? 0);
	};
	// Warm-up: the first download also logs in.
	await once();
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(once);
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

async function recordingBare(task: Extract<Task, { kind: 'recording' }>): Promise<TaskResult> {
	const templates = task.templates!;
	const session = await yunkeLogin(yunkeCredentials(task.account, task.baseUrl));
	let file = 0;
	const once = async () => {
		let recordUrl = '';
		let bytes = 0;
		for (const request of templates.requests.filter((r) => !isLogin(r))) {
			const options = yunkeReplay(request, templates, task.baseUrl, session);
			if (/\/oss\//.test(String(request.options.url ?? ''))) {
				// The file: the URL this run was given, the node's headers; written to disk as n8n's filesystem mode does.
				options.url = recordUrl;
				const response = (await n8nHttpRequest(options)) as FullResponse;
				if (response.statusCode !== 200) throw new Error(`bare loop: recording download answered HTTP ${response.statusCode}`);
				const target = path.join(workDir, `recording-${++file}.mp3`);
				let size = 0;
				const body = response.body as Readable;
				body.on('data', (chunk: Buffer) => (size += chunk.length));
				await pipeline(body, createWriteStream(target));
				rmSync(target, { force: true });
				bytes += size;
			} else {
				const envelope = await yunkeEnvelope((await n8nHttpRequest(options)) as FullResponse, String(options.url));
				if (typeof envelope.data === 'string') recordUrl = envelope.data;
			}
		}
		return bytes;
	};
	await once();
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(once);
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

// ------------------------------------------------------------------------------------ upsert

/** The bench's upsert: leads by customer number, defaults otherwise (Verify Save on, concurrency 1). */
export function upsertWorkflow(engine: Engine, baseUrl: string, username: string, password: string, inputs: IDataObject[], options: IDataObject = {}): WorkflowJson {
	const credential = engine.store.add('zhibangApi', { baseUrl, username, password, serialNumber: 'BENCHNODE01' });
	return chain(inputs, node('Zhibang', ZHIBANG_NODE, { ...UPSERT_LEADS_BY_KHID, options: options as INodeParameters }, { credentials: { zhibangApi: credential as INodeCredentialsDetails } }));
}

async function upsertNode(pkg: LoadedPackage, task: Extract<Task, { kind: 'upsert' }>): Promise<TaskResult> {
	const { username, password } = task.account;
	const warmEngine = new Engine(pkg);
	const warm = await warmEngine.run(upsertWorkflow(warmEngine, task.warmUrl, username, password, task.inputs.slice(0, 6)));
	if (warm.error) throw warm.error;
	const engine = new Engine(pkg);
	const json = upsertWorkflow(engine, task.baseUrl, username, password, task.inputs);
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(async () => {
		const result = await engine.run(json);
		if (result.error) throw result.error;
		return result.output('Zhibang').filter((item) => item.json.action === 'created').length;
	});
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

/**
 * The node's requests in the node's order, nothing decided: the login as captured, then every
 * request with this loop's session (body `session`, header ZBAPI-Token). The simulators of the
 * capture and of this run were set up identically, so the ERP hands out the same ids.
 */
async function upsertBare(task: Extract<Task, { kind: 'upsert' }>): Promise<TaskResult> {
	const templates = task.templates!;
	const replay = async (to: string, list: CapturedRequest[]) => {
		let session = '';
		let created = 0;
		for (const request of list) {
			const options = retarget(request, templates.baseUrl, to);
			const body = options.body as IDataObject | undefined;
			if (!isLogin(request)) {
				if (body && 'session' in body) body.session = session;
				const headers = (options.headers ?? {}) as Record<string, string>;
				if ('ZBAPI-Token' in headers) headers['ZBAPI-Token'] = session;
			}
			const response = (await n8nHttpRequest(options)) as FullResponse;
			const document = (await jsonBody(response)) as IDataObject | undefined;
			const header = (document?.header ?? {}) as IDataObject;
			if (response.statusCode !== 200 || Number(header.status) !== 0) {
				throw new Error(`bare loop: ${String(options.url)} answered HTTP ${response.statusCode}: ${JSON.stringify(document).slice(0, 300)}`);
			}
			if (isLogin(request)) session = String(header.session);
			if ((body?.cmdkey as string) === '__sys_dosave' && /custom\/add\.asp/i.test(String(options.url))) created++;
		}
		return created;
	};
	await replay(task.warmUrl, templates.requests.slice(0, 1 + 12));
	const capture = task.capture ? captureRequests() : undefined;
	const run = await measure(async () => await replay(task.baseUrl, templates.requests));
	capture?.stop();
	return { ...run, count: run.value, captured: capture?.requests };
}

// ------------------------------------------------------------------------------------ main

async function runTask(task: Task): Promise<TaskResult> {
	if (task.mode === 'bare') {
		if (task.kind === 'callLogs') return await callLogsBare(task);
		if (task.kind === 'recording') return await recordingBare(task);
		return await upsertBare(task);
	}
	await useFilesystemBinaryData();
	const pkg = await loadPackage();
	if (task.kind === 'callLogs') return await callLogsNode(pkg, task);
	if (task.kind === 'recording') return await recordingNode(pkg, task);
	return await upsertNode(pkg, task);
}

if (require.main === module) {
	process.once('message', (task: Task) => {
		runTask(task)
			.then(async (result) => {
				process.send!({ ok: true, result }, async () => {
					await shutdownEngine().catch(() => undefined);
					rmSync(workDir, { recursive: true, force: true });
					process.exit(0);
				});
			})
			.catch((error: Error) => {
				process.send!({ ok: false, error: error.stack ?? error.message }, () => {
					rmSync(workDir, { recursive: true, force: true });
					process.exit(1);
				});
			});
	});
}
