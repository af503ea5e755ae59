/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * PostgreSQL and Redis from Debian's packages, started on free loopback ports with their data in a
 * temp folder, for n8n queue mode (EXECUTIONS_MODE=queue). Nothing is installed globally except
 * the two Debian packages (apt-get, only when missing; needs root).
 *
 *   ensureDebianPackages();                    // apt-get install postgresql redis-server (once, ~20–60 s)
 *   const pg = await startPostgres();           // initdb + pg_ctl start, db "n8n", ~3 s
 *   const redis = await startRedis();           // ~0.1 s
 *   const env = { ...pg.n8nEnv, ...redis.n8nEnv, EXECUTIONS_MODE: 'queue' };
 *   …; await redis.stop(); await pg.stop();     // stops them and removes their data
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { escalateAfter, poll } from '../timing';
import { freePort } from './env';

export interface Service {
	port: number;
	/** The environment variables n8n needs to use this service. */
	n8nEnv: Record<string, string>;
	stop(): Promise<void>;
}

/** Directory of the newest installed PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin), or undefined. */
export function postgresBinDir(): string | undefined {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const majors = readdirSync(base)
		.filter((d) => existsSync(path.join(base, d, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(base, majors[0], 'bin') : undefined;
}

function redisServer(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
}

/** apt-get install postgresql / redis-server when missing (the Debian packages don't autostart without systemd). */
export function ensureDebianPackages(): void {
	const missing = [!postgresBinDir() && 'postgresql', !redisServer() && 'redis-server'].filter(Boolean) as string[];
	if (!missing.length) return;
	if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(', ')}: install them as root (apt-get install -y ${missing.join(' ')})`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 300_000 });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 600_000 });
}

async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
	const listening = await poll(
		async () => {
			if (child && child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before listening on ${port}`);
			return await new Promise<true | undefined>((resolve) => {
				const socket = net.connect(port, '127.0.0.1');
				socket.once('connect', () => (socket.destroy(), resolve(true)));
				socket.once('error', () => resolve(undefined));
			});
		},
		{ timeoutMs, intervalMs: 100 },
	);
	if (listening) return;
	throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/**
 * initdb + pg_ctl start in a temp folder, on a free port, listening on 127.0.0.1 only; trust auth for
 * user `n8n`; database `n8n`. PostgreSQL refuses to run as root: as root, the server runs as the
 * `postgres` user the Debian package creates (via runuser), and the data folder is chowned to it.
 */
export async function startPostgres(options: { port?: number } = {}): Promise<Service & { dataDir: string }> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL server binaries not found: run ensureDebianPackages() or apt-get install postgresql');
	const port = options.port ?? (await freePort());
	const root = mkdtempSync(path.join(os.tmpdir(), 'n8n-pg-'));
	const dataDir = path.join(root, 'data');
	const asRoot = process.getuid?.() === 0;
	let as: string[] = [];
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(root, uid, gid);
		chmodSync(root, 0o700);
		as = ['runuser', '-u', 'postgres', '--'];
	}
	const run = (cmd: string, args: string[]) => {
		const [file, ...rest] = [...as, path.join(bin, cmd), ...args];
		return execFileSync(file, rest, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
	};
	const stop = async () => {
		try {
			run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
		} catch {
			// not running
		}
		rmSync(root, { recursive: true, force: true });
	};
	try {
		run('initdb', ['-D', dataDir, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
		run('pg_ctl', [
			'-D', dataDir, '-w', '-t', '60', '-l', path.join(root, 'server.log'),
			'-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off -c max_connections=200`,
			'start',
		]);
		run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	} catch (error) {
		const e = error as { stderr?: string; stdout?: string; message: string };
		await stop();
		throw new Error(`PostgreSQL did not start: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
	}
	return {
		port,
		dataDir,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop,
	};
}

/** redis-server on a free port, 127.0.0.1 only, no persistence, as a child process. */
export async function startRedis(options: { port?: number } = {}): Promise<Service> {
	const server = redisServer();
	if (!server) throw new Error('redis-server not found: run ensureDebianPackages() or apt-get install redis-server');
	const port = options.port ?? (await freePort());
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-redis-'));
	const child = spawn(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await escalateAfter(exited, 5_000, () => child.kill('SIGKILL'));
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitForPort(port, 10_000, child);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		port,
		n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop,
	};
}
