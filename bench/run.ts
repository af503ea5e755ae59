/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run bench` — performance figures of the nodes in a real n8n engine (n8n-core's
 * WorkflowExecute) against the simulators with a realistic latency, printed as ratios against a
 * bare HTTP loop doing the same requests in the same run. Writes bench/results/latest.json.
 *
 *   npm run bench [-- --latency-ms 20] [-- --only callLogs,recording,upsert]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-yz-bench-'));

import { yunkeEncrypt } from '../nodes/Yunke/transport/rsa';
import { startYunkeSimulator, type YunkeSimulator } from '../simulators/yunke';
import { Engine, loadPackage, shutdownEngine, useFilesystemBinaryData, type LoadedPackage } from '../test/engine/engine';
import { chain, node, YUNKE_NODE } from '../test/support/workflows';
import { runUpsertBench, type UpsertFigures } from './upsert';

function option(name: string, fallback: string): string {
	const args = process.argv.slice(2);
	const index = args.indexOf(`--${name}`);
	return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
}

const LATENCY_MS = Number(option('latency-ms', '20'));
const ONLY = new Set(option('only', 'callLogs,recording,upsert').split(','));

/** Samples RSS every few ms; `peakMb()` is the highest value seen since `start()`. */
export class RssSampler {
	private peak = 0;
	private timer?: NodeJS.Timeout;

	start(): void {
		this.peak = process.memoryUsage().rss;
		this.timer = setInterval(() => {
			this.peak = Math.max(this.peak, process.memoryUsage().rss);
		}, 5);
	}

	stop(): number {
		clearInterval(this.timer);
		this.peak = Math.max(this.peak, process.memoryUsage().rss);
		return this.peak / 1024 / 1024;
	}
}

export function settle(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ json: Record<string, unknown>; cookies: string[] }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { json: (await response.json()) as Record<string, unknown>, cookies: response.headers.getSetCookie() };
}

/** The same requests the node makes (login, then every page of 200), with nothing else around them. */
async function bareCallLogLoop(sim: YunkeSimulator): Promise<number> {
	const base = sim.baseUrl;
	const key = await postJson(`${base}/usercenter/login/getSecureKey`, { phone: sim.demo.phone });
	const { modulus, public_exponent } = (key.json.data as { data: { modulus: string; public_exponent: string } }).data;
	const login = await postJson(
		`${base}/usercenter/login/pcLogin`,
		{ phone: sim.demo.phone, password: yunkeEncrypt(sim.demo.password, modulus, public_exponent), loginType: 'yunkecn', companyCode: sim.demo.companyCode, smsCode: '', validCode: '', codeUuid: '' },
		{ cookie: key.cookies.map((c) => c.split(';')[0]).join('; ') },
	);
	const headers = {
		cookie: login.cookies.map((c) => c.split(';')[0]).join('; '),
		company: sim.demo.companyCode,
		userid: String((login.json.data as { id: string }).id),
	};
	let rows = 0;
	for (let page = 1; ; page++) {
		const { json } = await postJson(
			`${base}/pc/callLog/list`,
			{ page, pageSize: 200, lastConnectTimeStart: '2000-01-01 00:00', lastConnectTimeEnd: '2100-01-01 00:00', departmentId: '', userId: '', callType: '' },
			headers,
		);
		const data = json.data as { data: unknown[]; pageCount: number };
		rows += data.data.length;
		if (page >= Number(data.pageCount)) return rows;
	}
}

export interface CallLogFigures {
	rows: number;
	requests: number;
	logins: number;
	nodeMs: number;
	bareLoopMs: number;
	ratioToBareLoop: number;
	peakRssMb: number;
}

async function benchCallLogs(pkg: LoadedPackage): Promise<CallLogFigures> {
	const sim = await startYunkeSimulator({ knobs: { callCount: 20_000, days: 30, latencyMs: LATENCY_MS } });
	try {
		const workflow = (credential: { id: string; name: string }) =>
			chain(
				[{}],
				node(
					'Yunke',
					YUNKE_NODE,
					{ resource: 'callLog', operation: 'getMany', startTime: '2000-01-01 00:00', endTime: '2100-01-01 00:00', callType: '', returnAll: true, options: { simplify: true } },
					{ credentials: { yunkeApi: credential } },
				),
			);
		const runs: Array<Omit<CallLogFigures, 'ratioToBareLoop'>> = [];
		// Alternate node and bare runs twice; keep the faster of each, so a noisy moment hurts neither.
		let bestBare = Infinity;
		for (let round = 0; round < 2; round++) {
			bestBare = Math.min(bestBare, (await timed(async () => await bareCallLogLoop(sim))).ms);
			const engine = new Engine(pkg);
			const credential = engine.store.add('yunkeApi', { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode, domain: sim.baseUrl });
			sim.resetCounters();
			settle();
			const sampler = new RssSampler();
			sampler.start();
			const { ms, value } = await timed(async () => await engine.run(workflow(credential as { id: string; name: string })));
			const peakRssMb = sampler.stop();
			if (value.error) throw value.error;
			runs.push({
				rows: value.output('Yunke').length,
				requests: sim.requestCount('/pc/calllog/list'),
				logins: sim.counters.logins,
				nodeMs: ms,
				bareLoopMs: 0,
				peakRssMb,
			});
		}
		const best = runs.reduce((a, b) => (a.nodeMs <= b.nodeMs ? a : b));
		return { ...best, bareLoopMs: bestBare, ratioToBareLoop: best.nodeMs / bestBare };
	} finally {
		await sim.close();
	}
}

export interface RecordingFigures {
	bytes: number;
	rssGrowthMb: number;
	ms: number;
	bareLoopMs: number;
	ratioToBareLoop: number;
}

async function benchRecording(pkg: LoadedPackage): Promise<RecordingFigures> {
	const size = 50 * 1024 * 1024;
	const sim = await startYunkeSimulator({ knobs: { recordingBytes: size, callCount: 200, latencyMs: LATENCY_MS } });
	try {
		const call = sim.calls.find((c) => c.recordFile)!;
		const engine = new Engine(pkg);
		const credential = engine.store.add('yunkeApi', { phone: sim.demo.phone, password: sim.demo.password, companyCode: sim.demo.companyCode, domain: sim.baseUrl });
		const workflow = chain(
			[{ id: call.id }],
			node('Yunke', YUNKE_NODE, { resource: 'recording', operation: 'download', source: 'callId', callId: '={{ $json.id }}', binaryPropertyName: 'data' }, { credentials: { yunkeApi: credential } }),
		);
		// Warm up the engine and the session with a first download, then measure the second.
		const warm = await engine.run(workflow);
		if (warm.error) throw warm.error;
		settle();
		const sampler = new RssSampler();
		const before = process.memoryUsage().rss / 1024 / 1024;
		sampler.start();
		const { ms, value } = await timed(async () => await engine.run(workflow));
		const peak = sampler.stop();
		if (value.error) throw value.error;
		const binary = value.output('Yunke')[0].binary?.data;

		// Bare: the same two requests (record URL, then the file) streamed to nowhere.
		const callId = String(warm.output('Yunke')[0].json.id);
		const bare = await timed(async () => {
			const session = engine.store.get(credential.id!).data;
			const form = new FormData();
			form.set('callActionId', callId);
			const recordUrl = await fetch(`${sim.baseUrl}/pc/callLog/getRecordUrl`, {
				method: 'POST',
				body: form,
				headers: { cookie: String(session.sessionToken), company: sim.demo.companyCode, userid: String(session.sessionUserId) },
			});
			const file = await fetch(String(((await recordUrl.json()) as { data: string }).data), { headers: { referer: `${sim.baseUrl}/cms/customer/callDetail` } });
			let total = 0;
			for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) total += chunk.length;
			return total;
		});
		if (bare.value !== size) throw new Error(`bare download got ${bare.value} bytes`);
		return { bytes: Number(binary?.bytes ?? 0), rssGrowthMb: peak - before, ms, bareLoopMs: bare.ms, ratioToBareLoop: ms / bare.ms };
	} finally {
		await sim.close();
	}
}

function fmt(n: number, digits = 2): string {
	return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

async function main(): Promise<void> {
	await useFilesystemBinaryData();
	const pkg = await loadPackage();
	const results: { latencyMs: number; at: string; node: string; callLogs?: CallLogFigures; recording?: RecordingFigures; upsert?: UpsertFigures } = {
		latencyMs: LATENCY_MS,
		at: new Date().toISOString(),
		node: process.version,
	};
	if (ONLY.has('callLogs')) results.callLogs = await benchCallLogs(pkg);
	if (ONLY.has('recording')) results.recording = await benchRecording(pkg);
	if (ONLY.has('upsert')) results.upsert = await runUpsertBench(pkg, LATENCY_MS);

	const rows: Array<[string, string, string]> = [];
	if (results.callLogs) {
		const c = results.callLogs;
		rows.push(['Call logs: rows / list requests / logins', `${c.rows} / ${c.requests} / ${c.logins}`, `requests = ceil(rows/200) = ${Math.ceil(c.rows / 200)}; logins = 1`]);
		rows.push(['Call logs: time vs bare HTTP loop', `${fmt(c.ratioToBareLoop)}× (${fmt(c.nodeMs / 1000)} s vs ${fmt(c.bareLoopMs / 1000)} s)`, '≤ 1.3×']);
		rows.push(['Call logs: peak RSS', `${fmt(c.peakRssMb, 0)} MB`, '']);
	}
	if (results.recording) {
		const r = results.recording;
		rows.push(['Recording 50 MB: memory growth', `${fmt(r.rssGrowthMb, 1)} MB (${r.bytes} bytes stored)`, '< 30 MB']);
		rows.push(['Recording 50 MB: time vs bare HTTP', `${fmt(r.ratioToBareLoop)}× (${fmt(r.ms / 1000)} s vs ${fmt(r.bareLoopMs / 1000)} s)`, '']);
	}
	if (results.upsert) {
		for (const line of results.upsert.table) rows.push(line);
	}
	const width = Math.max(...rows.map((r) => r[0].length));
	const out = [
		`Benchmarks (latency ${LATENCY_MS} ms per request, ${process.version}, n8n-core WorkflowExecute)`,
		'',
		`| ${'measure'.padEnd(width)} | result | target |`,
		`|${'-'.repeat(width + 2)}|---|---|`,
		...rows.map(([a, b, c]) => `| ${a.padEnd(width)} | ${b} | ${c} |`),
	];
	process.stdout.write(`${out.join('\n')}\n`);
	const dir = path.join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, (key, value) => (key === 'table' ? undefined : value), 2)}\n`);
	process.stdout.write(`\nWritten to bench/results/latest.json\n`);
}

main()
	.then(async () => {
		await shutdownEngine();
		process.exit(0);
	})
	.catch(async (error: Error) => {
		process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
		await shutdownEngine();
		process.exit(1);
	});
