/**
 * Upsert benchmark: requests per customer (new / existing) and time against a bare HTTP loop doing
 * the same requests, with the node's Concurrency option at 1 and at 5.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { startZhibangSimulator, type ZhibangSimulator } from '../simulators/zhibang';
import { Engine, type LoadedPackage } from '../test/engine/engine';
import { chain, node, UPSERT_LEADS_BY_KHID, ZHIBANG_NODE } from '../test/support/workflows';

export interface UpsertFigures {
	customers: number;
	/** Requests per new customer with the defaults (lookup, allocate, save, read-back). */
	requestsPerNew: number;
	/** The same with "Verify Save" off. */
	requestsPerNewWithoutVerify: number;
	/** Requests per existing, unchanged customer. */
	requestsPerExisting: number;
	/** Time of 1,000 upserts (half existing) at concurrency 1, against a bare loop doing the same requests. */
	ratioToBareLoop: number;
	ratioToBareLoopConcurrency5: number;
	seconds: { concurrency1: number; concurrency5: number; bare1: number; bare5: number };
	table: Array<[string, string, string]>;
}

const M = '/sysa/mobilephone/salesmanage/custom';

function leads(from: number, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		id: from + i,
		name: `联系人${from + i}`,
		company: `基准测试公司${from + i}`,
		phone: `136${String(from + i).padStart(8, '0')}`,
		score: 70,
	}));
}

function upsertParameters(options: IDataObject): INodeParameters {
	return { ...UPSERT_LEADS_BY_KHID, options: options as INodeParameters };
}

/** Requests the ERP served other than logins. */
function businessRequests(sim: ZhibangSimulator): number {
	return Object.entries(sim.ops)
		.filter(([name]) => name !== 'login')
		.reduce((sum, [, n]) => sum + n, 0);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value };
}

/** The same requests as the node, one customer after another (or `concurrency` at a time), nothing else. */
async function bareUpsertLoop(sim: ZhibangSimulator, inputs: IDataObject[], concurrency: number): Promise<number> {
	const post = async (path: string, cmdkey: string, datas: Record<string, string | number>, session: string) => {
		const response = await fetch(`${sim.baseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: JSON.stringify({ session, cmdkey, datas: Object.entries(datas).map(([id, val]) => ({ id, val: String(val) })) }),
		});
		return (await response.json()) as { header: { status: number; session?: string }; body?: { bill?: { value?: number }; source?: { table: { rows: unknown[][] } } } };
	};
	const login = await post('/webapi/v3/ov1/login', 'login', { user: `txt:${sim.demo.username}`, password: `txt:${sim.demo.password}`, serialnum: 'txt:BENCHBARE01', rndcode: '' }, '');
	const session = String(login.header.session);
	let created = 0;
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const lead = inputs[next++];
			const khid = `WX${lead.id}`;
			const found = await post(`${M}/list.asp`, 'refresh', { khid, _rpt_sort: 'khid', pagesize: 200, pageindex: 1 }, session);
			if ((found.body?.source?.table.rows ?? []).length > 0) continue;
			const bill = await post(`${M}/add.asp?intsort=1`, '', { intsort: 1, edit: '' }, session);
			const ord = String(bill.body?.bill?.value);
			await post(`${M}/add.asp?intsort=1`, '__sys_dosave', { ord, name: String(lead.company), khid, sort1: '微信客户', person_name: String(lead.name), mobile: String(lead.phone), ly: 171, jz: 176 }, session);
			await post(`${M}/add.asp?edit=1`, '', { ord, edit: 1 }, session);
			created++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return created;
}

export async function runUpsertBench(pkg: LoadedPackage, latencyMs: number): Promise<UpsertFigures> {
	const sim = await startZhibangSimulator({ knobs: { latencyMs } });
	try {
		const engine = new Engine(pkg);
		const credential = engine.store.add('zhibangApi', { baseUrl: sim.baseUrl, username: sim.demo.username, password: sim.demo.password, serialNumber: 'BENCHNODE01' });
		const run = async (inputs: IDataObject[], options: IDataObject) => {
			const result = await engine.run(chain(inputs, node('Zhibang', ZHIBANG_NODE, upsertParameters(options), { credentials: { zhibangApi: credential as INodeCredentialsDetails } })));
			if (result.error) throw result.error;
			return result.output('Zhibang');
		};
		// Set-up: 500 existing customers (fast: Verify Save off, 10 at a time). Not measured.
		const existing = leads(100_000, 500);
		await run(existing, { verifySave: false, concurrency: 10 });

		const count = async (fn: () => Promise<unknown>) => {
			const before = businessRequests(sim);
			await fn();
			return businessRequests(sim) - before;
		};
		const perNew = (await count(async () => await run(leads(200_000, 100), {}))) / 100;
		const perNewNoVerify = (await count(async () => await run(leads(210_000, 100), { verifySave: false }))) / 100;
		const perExisting = (await count(async () => await run(existing.slice(0, 100), {}))) / 100;

		// 1,000 upserts, half existing, interleaved; fresh ids for every timed run.
		const mixed = (newFrom: number) => existing.flatMap((lead, i) => [lead, leads(newFrom + i, 1)[0]]);
		const node1 = await timed(async () => await run(mixed(300_000), { concurrency: 1 }));
		const node5 = await timed(async () => await run(mixed(400_000), { concurrency: 5 }));
		const bare1 = await timed(async () => await bareUpsertLoop(sim, mixed(500_000), 1));
		const bare5 = await timed(async () => await bareUpsertLoop(sim, mixed(600_000), 5));
		const actions = node1.value.map((item) => item.json.action);
		if (actions.filter((a) => a === 'created').length !== 500 || bare1.value !== 500) {
			throw new Error('upsert bench: the runs did not create exactly 500 customers each');
		}
		const figures = {
			customers: 1000,
			requestsPerNew: perNew,
			requestsPerNewWithoutVerify: perNewNoVerify,
			requestsPerExisting: perExisting,
			ratioToBareLoop: node1.ms / bare1.ms,
			ratioToBareLoopConcurrency5: node5.ms / bare5.ms,
			seconds: { concurrency1: node1.ms / 1000, concurrency5: node5.ms / 1000, bare1: bare1.ms / 1000, bare5: bare5.ms / 1000 },
		};
		const f = (n: number) => n.toFixed(2);
		return {
			...figures,
			table: [
				['Upsert: requests per new customer', `${f(perNew)} (Verify Save off: ${f(perNewNoVerify)})`, '≤ 3 (read-back adds 1)'],
				['Upsert: requests per existing, unchanged', f(perExisting), '≤ 1'],
				['Upsert 1,000 (half existing), concurrency 1', `${f(figures.ratioToBareLoop)}× (${f(node1.ms / 1000)} s vs ${f(bare1.ms / 1000)} s)`, ''],
				['Upsert 1,000 (half existing), concurrency 5', `${f(figures.ratioToBareLoopConcurrency5)}× (${f(node5.ms / 1000)} s vs ${f(bare5.ms / 1000)} s)`, ''],
			],
		};
	} finally {
		await sim.close();
	}
}
