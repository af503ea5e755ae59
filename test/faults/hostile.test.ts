/**
 * Fault suite, issue 14: probed as an attacker and as an unlucky operator would, against both
 * simulators in n8n-core's engine. One test per finding (secrets that leave the node, writes that
 * go astray, work that never ends, the smaller ones), then a full-run scan: every output, error,
 * saved execution record and log line of all these runs, failing and succeeding, holds no live
 * session token, no password, and (in errors and logs) no unmasked mobile.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { recordingSizeFor, type YunkeSimulator } from '../../simulators/yunke';
import type { ZhibangSimulator } from '../../simulators/zhibang';
import { Engine, forgetSessions, loadPackage, shutdownEngine, type LoadedPackage, type RunResult, type WorkflowJson } from '../engine/engine';
import { captureLogs, unmaskedMobiles, type CapturedLogs } from '../engine/logs';
import { requestCookies } from '../support/cookies';
import { yunkeCredentialData, yunkeSim, zhibangCredentialData, zhibangSim } from '../support/sims';
import { chain, node, YUNKE_NODE, ZHIBANG_NODE } from '../support/workflows';

const LIST = '/sysa/mobilephone/salesmanage/custom/list.asp';
const CALLS = '/pc/calllog/list';

let pkg: LoadedPackage;
let zb: ZhibangSimulator;
let yk: YunkeSimulator;
let logs: CapturedLogs;

/** Everything the runs produced, for the scan at the end. */
const records: RunResult[] = [];
/** Every session token and cookie value the credentials held, and every password used. */
const secrets = new Set<string>();
const engines: Array<{ engine: Engine; id: string }> = [];

function remember(engine: Engine, id: string) {
	const data = engine.store.get(id).data;
	for (const field of ['sessionToken', 'password']) {
		const value = String(data[field] ?? '');
		if (value.length < 6) continue;
		secrets.add(value);
		for (const cookie of requestCookies(value)) {
			if (cookie.value.length >= 6) secrets.add(cookie.value);
		}
	}
}

function zhibang(overrides: IDataObject = {}) {
	const engine = new Engine(pkg);
	const credential = engine.store.add('zhibangApi', zhibangCredentialData(zb, { readRetries: 0, ...overrides }));
	engines.push({ engine, id: credential.id! });
	return { engine, credential };
}

function yunke(overrides: IDataObject = {}) {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(yk, { readRetries: 0, ...overrides }));
	engines.push({ engine, id: credential.id! });
	return { engine, credential };
}

async function run(
	engine: Engine,
	credential: INodeCredentialsDetails,
	type: 'zhibang' | 'yunke',
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	extra: IDataObject = {},
): Promise<RunResult> {
	const workflow: WorkflowJson = chain(
		items,
		node(type === 'zhibang' ? 'Zhibang' : 'Yunke', type === 'zhibang' ? ZHIBANG_NODE : YUNKE_NODE, parameters, {
			credentials: { [type === 'zhibang' ? 'zhibangApi' : 'yunkeApi']: credential },
			...extra,
		}),
	);
	const result = await engine.run(workflow);
	records.push(result);
	remember(engine, credential.id!);
	return result;
}

const out = (result: RunResult, name = 'Zhibang') => result.output(name).map((item) => item.json);
const errorText = (result: RunResult) => {
	const error = result.error as (Error & { description?: string }) | undefined;
	return `${error?.message ?? ''}\n${error?.description ?? ''}`;
};

const GET_MANY: INodeParameters = { resource: 'customer', operation: 'getAll', returnAll: true, filters: {}, sort: 'ord' };
const CALL_LOGS: INodeParameters = {
	resource: 'callLog',
	operation: 'getAll',
	startTime: '2000-01-01 00:00',
	endTime: '2100-01-01 00:00',
	callType: '',
	returnAll: true,
	options: {},
};
const UPSERT_BY_MOBILE: INodeParameters = {
	resource: 'customer',
	operation: 'upsert',
	customerType: 'person',
	matchBy: 'mobile',
	customerNumber: '',
	mobile: '={{ $json.mobile }}',
	name: '={{ $json.name }}',
};

beforeAll(async () => {
	pkg = await loadPackage();
	zb = await zhibangSim();
	yk = await yunkeSim({ callCount: 600, days: 5 });
	logs = captureLogs();
});

beforeEach(() => {
	zb.reset();
	yk.reset();
	forgetSessions();
});

afterAll(async () => {
	logs.restore();
	await zb.close();
	await yk.close();
	await shutdownEngine();
});

describe('secrets that leave the node', () => {
	test('Custom API Call shows a marker in place of the live session token', async () => {
		const { engine, credential } = zhibang();
		const result = await run(engine, credential, 'zhibang', { resource: 'custom', operation: 'apiCall', path: LIST, cmdkey: 'refresh', datas: '{"pagesize": 2}' });
		const token = String(engine.store.get(credential.id!).data.sessionToken);
		expect(token).toMatch(/^[0-9a-f]{32}$/);
		const [doc] = out(result);
		expect((doc.header as IDataObject).session).toBe('[会话已隐藏 / session hidden]');
		expect(JSON.stringify(result.run)).not.toContain(token);
	});

	test.each([
		['cut short', { kind: 'truncate' as const }],
		['a 5xx that still carries the JSON document', { kind: 'status-json' as const, status: 500 }],
	])('a response %s: the error and the continueOnFail item hold no session token', async (_name, fault) => {
		const { engine, credential } = zhibang();
		zb.addFault({ route: LIST, ...fault, times: 5 });
		const result = await run(engine, credential, 'zhibang', GET_MANY, [{}], { continueOnFail: true });
		const token = String(engine.store.get(credential.id!).data.sessionToken);
		const [item] = out(result);
		expect(String(item.error)).toMatch(/Zhibang/);
		// The excerpt still shows the answer, with the session hidden.
		expect(JSON.stringify(item)).toMatch(/session[^,]*redacted/);
		expect(JSON.stringify(result.run)).not.toContain(token);
	});

	test('error excerpts that echo the request show no password, ciphertext or login token', async () => {
		// Zhibang: the login body carries the password as `txt:…`.
		const z = zhibang();
		zb.addFault({ route: '/webapi/v3/ov1/login', kind: 'echo', status: 500 });
		const zr = await run(z.engine, z.credential, 'zhibang', GET_MANY);
		expect(errorText(zr)).toMatch(/HTTP 500/);
		expect(JSON.stringify(zr.run)).not.toContain(zb.demo.password);
		// Yunke: the pcLogin body carries the RSA ciphertext of the password; its answer carries data.token.
		const y = yunke();
		yk.addFault({ route: '/usercenter/login/pclogin', kind: 'echo', status: 500 });
		const yr = await run(y.engine, y.credential, 'yunke', CALL_LOGS);
		expect(errorText(yr)).toMatch(/HTTP 500/);
		expect(JSON.stringify(yr.run)).not.toMatch(/"password\\?"\s*:\s*\\?"(?!\[)/);
		expect(errorText(yr)).toMatch(/password\\?":\\?"\[已隐藏 \/ redacted\]/);
		expect(errorText(yr)).not.toMatch(/[0-9a-f]{32}|[A-Za-z0-9+/]{64}/);
		yk.addFault({ route: '/usercenter/login/pclogin', kind: 'status-json', status: 500 });
		const yt = await run(y.engine, y.credential, 'yunke', CALL_LOGS);
		expect(errorText(yt)).toMatch(/HTTP 500/);
		expect(JSON.stringify(yt.run)).not.toMatch(/token\\?"\s*:\s*\\?"(?!\[)/);
	});
});

describe('writes that go astray', () => {
	test('Extra Fields with ord (or another control key) fail the item; no other customer is touched', async () => {
		const { engine, credential } = zhibang();
		const victim = zb.customers()[0];
		const result = await run(
			engine,
			credential,
			'zhibang',
			{ ...UPSERT_BY_MOBILE, additionalFields: { extraFields: '={{ JSON.stringify($json.extra) }}' } },
			[
				{ mobile: '13912345678', name: '网络线索甲', extra: { ord: victim.ord, intro: 'from a webhook' } },
				{ mobile: '13912345679', name: '网络线索乙', extra: { INTSORT: 2, Session: 'x' } },
				{ mobile: '13912345670', name: '网络线索丙', extra: { zdy1: 'ok' } },
			],
			{ continueOnFail: true },
		);
		const [first, second, third] = out(result);
		expect(String(first.error)).toMatch(/控制字段 ord.*control key\(s\) ord/);
		expect(String(second.error)).toMatch(/INTSORT, Session/);
		expect(third).toMatchObject({ action: 'created' });
		expect(zb.customers().find((c) => c.ord === victim.ord)).toEqual(victim);
		expect(zb.oplog.filter((e) => e.action === 'customer.create')).toHaveLength(1);
	});

	test('two executions upsert the same new mobile at once, Customer Number empty: one customer, and later upserts work', async () => {
		zb.setKnobs({ latencyMs: 30 });
		const { engine, credential } = zhibang();
		const lead = [{ mobile: '13687654321', name: '并发线索' }];
		const results = await Promise.all([0, 1, 2].map(async () => await run(engine, credential, 'zhibang', UPSERT_BY_MOBILE, lead)));
		for (const result of results) expect(result.error).toBeUndefined();
		expect(zb.findCustomers((c) => c.mobile === '13687654321')).toHaveLength(1);
		expect(zb.findCustomers((c) => c.mobile === '13687654321')[0].khid).toBe('M13687654321');
		const again = await run(engine, credential, 'zhibang', UPSERT_BY_MOBILE, lead);
		expect(again.error).toBeUndefined();
		expect(out(again)[0]).toMatchObject({ action: 'unchanged' });
	});
});

describe('work that never ends', () => {
	test.each([
		['a huge page count', { pageCount: 1000000, totalCount: 99999999 }],
		['a non-numeric page count', { pageCount: 'many', totalCount: 'lots' }],
	])('Yunke call logs, page number ignored, %s: two requests, no duplicates', async (_name, lyingPager) => {
		yk.setKnobs({ lyingPager });
		const { engine, credential } = yunke();
		const result = await run(engine, credential, 'yunke', CALL_LOGS);
		const ids = out(result, 'Yunke').map((row) => String(row.id));
		expect(ids).toHaveLength(200);
		expect(new Set(ids).size).toBe(200);
		expect(yk.requestCount(CALLS)).toBe(2);
	});

	test.each([
		['a huge page count', { pageCount: 1000000, totalCount: 99999999 }],
		['a non-numeric page count', { pageCount: 'many', totalCount: 'lots' }],
	])('Zhibang Get Many, page number ignored, %s: two requests, no duplicates', async (_name, lyingPager) => {
		zb.setKnobs({ lyingPager, maxPageSize: 15 });
		const { engine, credential } = zhibang();
		const result = await run(engine, credential, 'zhibang', GET_MANY);
		const ords = out(result).map((row) => String(row.ord));
		expect(ords).toHaveLength(15);
		expect(new Set(ords).size).toBe(15);
		expect(zb.requestCount(LIST)).toBe(2);
	});

	test('the look-up by mobile, page number ignored with a huge page count: two list requests', async () => {
		const existing = zb.customers()[3];
		zb.setKnobs({ lyingPager: { pageCount: 1000000, totalCount: 1000000 } });
		const { engine, credential } = zhibang();
		const result = await run(engine, credential, 'zhibang', { ...UPSERT_BY_MOBILE, options: { verifySave: false } }, [{ mobile: existing.mobile, name: existing.name }]);
		expect(result.error).toBeUndefined();
		expect(out(result)[0]).toMatchObject({ customerId: String(existing.ord) });
		expect(zb.requestCount(LIST)).toBe(2);
	});

	test('a list response that trickles one byte at a time ends at the total deadline', async () => {
		zb.setKnobs({ trickleMs: 20 });
		zb.addFault({ route: LIST, kind: 'trickle' });
		const { engine, credential } = zhibang({ deadlineSeconds: 0.6 });
		const result = await run(engine, credential, 'zhibang', GET_MANY);
		expect(errorText(result)).toMatch(/总时限 0\.6 秒.*total deadline of 0\.6 s/);
	});

	test('a recording that trickles ends at the total deadline', async () => {
		yk.setKnobs({ trickleMs: 20 });
		yk.addFault({ route: '/oss/record/*', kind: 'trickle' });
		const { engine, credential } = yunke({ deadlineSeconds: 0.6 });
		const call = yk.calls.find((c) => c.recordFile !== '')!;
		const result = await run(engine, credential, 'yunke', { resource: 'recording', operation: 'download', source: 'callId', callId: call.id, binaryPropertyName: 'data' });
		expect(errorText(result)).toMatch(/total deadline of 0\.6 s/);
	});

	test('a recording body cut short is read again inside the retry loop, and fails cleanly when it stays cut', async () => {
		const call = yk.calls.find((c) => c.recordFile !== '')!;
		const params = { resource: 'recording', operation: 'download', source: 'callId', callId: call.id, binaryPropertyName: 'data' };
		yk.addFault({ route: '/oss/record/*', kind: 'cut' });
		const { engine, credential } = yunke({ readRetries: 1, retryDelayMs: 1 });
		const retried = await run(engine, credential, 'yunke', params);
		expect(retried.error).toBeUndefined();
		expect(retried.output('Yunke')[0].json.size).toBe(recordingSizeFor(call.callSeconds, 0));
		expect(yk.counters.faults.cut).toBe(1);

		yk.addFault({ route: '/oss/record/*', kind: 'cut', times: 5 });
		const failed = await run(engine, credential, 'yunke', params);
		const text = errorText(failed);
		expect(text).toMatch(/传输中断开.*dropped while the answer was arriving|不完整.*incomplete/);
		expect(text).not.toMatch(/^aborted$/m);
	});

	test('a recording larger than Max Size is refused before it is read', async () => {
		yk.setKnobs({ recordingBytes: 300 * 1024 });
		const call = yk.calls.find((c) => c.recordFile !== '')!;
		const { engine, credential } = yunke();
		const result = await run(engine, credential, 'yunke', {
			resource: 'recording',
			operation: 'download',
			source: 'callId',
			callId: call.id,
			binaryPropertyName: 'data',
			options: { maxSizeMb: 0.1 },
		});
		expect(errorText(result)).toMatch(/超过大小上限 0\.1 MB（0\.3 MB）.*larger than the limit of 0\.1 MB/);
	});
});

describe('smaller', () => {
	test.each(['0x50', '0b1010101', '1e2', 'Infinity', ' 8_0'])('the score %j is no number', async (score) => {
		const { engine, credential } = zhibang();
		const result = await run(engine, credential, 'zhibang', { ...UPSERT_BY_MOBILE, score: '={{ $json.score }}' }, [{ mobile: '13911112222', name: '评分测试', score }], {
			continueOnFail: true,
		});
		expect(String(out(result)[0].error)).toMatch(/评分无效.*Invalid Score: the score is not a number/);
		expect(zb.oplog).toHaveLength(0);
	});

	test.each([0, -3, 2.5])('a Limit of %p set by an expression fails instead of returning a row', async (limit) => {
		const { engine, credential } = zhibang();
		const result = await run(engine, credential, 'zhibang', { ...GET_MANY, returnAll: false, limit: `={{ ${limit} }}` });
		expect(errorText(result)).toMatch(/Limit must be a whole number of 1 or more/);
		expect(zb.requestCount(LIST)).toBe(0);
	});

	test.each(['138.0013.8000', '１３８００１３８０００', '+86 (138) 0013 8000', '＋８６ １３８-００１３-８０００'])(
		'the mobile %s echoed in an error is masked',
		async (mobile) => {
			const { engine, credential } = zhibang();
			zb.addFault({ route: '/webapi/v3/sales/customer/edit', kind: 'echo', status: 500 });
			const result = await run(engine, credential, 'zhibang', {
				resource: 'custom',
				operation: 'apiCall',
				path: '/webapi/v3/sales/customer/edit',
				bodyType: 'json',
				body: JSON.stringify({ mobile }),
			});
			const text = errorText(result);
			expect(text).toMatch(/HTTP 500/);
			expect(text).toContain('138****8000');
			expect(unmaskedMobiles(serialise(result.run.data.resultData.error, true))).toEqual([]);
		},
	);
});

test('full-run scan: no live session token, no password anywhere; no unmasked mobile in errors and logs', () => {
	for (const { engine, id } of engines) remember(engine, id);
	secrets.add(zb.demo.password);
	secrets.add(yk.demo.password);
	expect(records.length).toBeGreaterThan(20);
	const everything = records.map((r) => serialise(r.run)).join('\n');
	const errors = records.map((r) => serialise(errorsOf(r), true)).join('\n');
	const logText = logs.lines.join('\n');
	expect(errors.length).toBeGreaterThan(1000);
	for (const secret of secrets) {
		expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
		expect({ secret, found: logText.includes(secret) }).toEqual({ secret, found: false });
	}
	expect(unmaskedMobiles(errors)).toEqual([]);
	expect(unmaskedMobiles(logText)).toEqual([]);
});

/**
 * A run as n8n would save it, errors with every field (message, description, cause, stack).
 * `withoutNode`: leave out an error's `node` (the workflow's own node definition with the parameters
 * the user typed: the workflow, stored with it anyway, not something the node produced).
 */
function serialise(value: unknown, withoutNode = false): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (key, entry: unknown) => {
		if (withoutNode && key === 'node' && entry && typeof entry === 'object' && 'parameters' in entry) return '[node]';
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[circular]';
			seen.add(entry);
			if (entry instanceof Error) {
				const plain: Record<string, unknown> = {};
				for (const name of Object.getOwnPropertyNames(entry)) plain[name] = (entry as unknown as Record<string, unknown>)[name];
				return plain;
			}
		}
		return entry;
	});
}

/** The errors of a run: the execution's, each node's, and continueOnFail items. */
function errorsOf(result: RunResult): unknown[] {
	const runData = result.run.data.resultData.runData;
	const items = Object.values(runData).flatMap((tasks) =>
		tasks.flatMap((task) => [task.error, ...(task.data?.main ?? []).flat().filter((item) => item?.json?.error !== undefined).map((item) => item!.json)]),
	);
	return [result.run.data.resultData.error, ...items].filter(Boolean);
}
