/**
 * Fault suite, Zhibang side: the customer upsert and reads under the simulator's fault knobs, in
 * n8n-core's engine; afterwards the simulator's customers, operation log and counters are checked.
 * Everything logged is captured and scanned for secrets and unmasked mobile numbers.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { Engine, loadPackage, type LoadedPackage, type RunResult } from '../engine/engine';
import { captureLogs, unmaskedMobiles, type CapturedLogs } from '../engine/logs';
import { useSimulator } from '../support/live';
import { zhibangCredentialData, zhibangSim } from '../support/sims';
import { chain, node, UPSERT_LEADS_BY_KHID, ZHIBANG_NODE } from '../support/workflows';

const ADD_ROUTE = '/sysa/mobilephone/salesmanage/custom/add.asp';
const LIST_ROUTE = '/sysa/mobilephone/salesmanage/custom/list.asp';

let pkg: LoadedPackage;
const sim = useSimulator('the Zhibang simulator', async () => await zhibangSim());
let logs: CapturedLogs;
const seen: RunResult[] = [];
/** Every session token the runs held, to prove none leaks. */
const tokens = new Set<string>();

const UPSERT = UPSERT_LEADS_BY_KHID;

function leads(count: number, offset = 0): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		id: 7000 + offset + i,
		name: `客户${offset + i}`,
		company: `故障测试公司${offset + i}`,
		phone: `137${String(20000000 + offset + i).padStart(8, '0')}`,
		score: 70,
	}));
}

function fresh(overrides = {}) {
	const engine = new Engine(pkg);
	return { engine, credential: engine.store.add('zhibangApi', zhibangCredentialData(sim, overrides)) };
}

async function run(engine: Engine, credential: INodeCredentialsDetails, parameters: INodeParameters, items: IDataObject[] = [{}], extra = {}) {
	const result = await engine.run(chain(items, node('Zhibang', ZHIBANG_NODE, parameters, { credentials: { zhibangApi: credential }, ...extra })));
	seen.push(result);
	const token = String(engine.store.get(credential.id!).data.sessionToken ?? '');
	if (token) tokens.add(token);
	return result;
}

const ours = () => sim.findCustomers((c) => c.khid.startsWith('WX7'));

beforeAll(async () => {
	pkg = await loadPackage();
	logs = captureLogs();
});

afterAll(() => logs.restore());

test('2. the session expires between the lookup and the create of an upsert: one re-login, no duplicate', async () => {
	const { engine, credential } = fresh();
	// The first request to the add page (allocating the new id) finds the session expired.
	sim.addFault({ route: ADD_ROUTE, kind: 'expire' });
	const result = await run(engine, credential, UPSERT, leads(1));
	expect(result.error).toBeUndefined();
	expect(result.output('Zhibang')[0].json).toMatchObject({ action: 'created', khid: 'WX7000', sessionRefreshes: 1 });
	expect(sim.counters.logins).toBe(2);
	expect(ours()).toHaveLength(1);
	// A re-run finds it: still one customer.
	await run(engine, credential, UPSERT, leads(1));
	expect(ours()).toHaveLength(1);
});

test('2b. two executions create the same new customer at the same moment: one customer, both succeed', async () => {
	// No lock spans two executions (or two workers): both look up, find nothing and create; the ERP's
	// duplicate check refuses the second, which then finds the first one's customer and carries on.
	sim.setKnobs({ latencyMs: 30 });
	const { engine, credential } = fresh();
	const results = await Promise.all([0, 1, 2, 3].map(async () => await run(engine, credential, UPSERT, leads(3))));
	for (const result of results) expect(result.error).toBeUndefined();
	const actions = results.flatMap((r) => r.output('Zhibang').map((i) => String(i.json.action)));
	expect(actions.filter((a) => a === 'created')).toHaveLength(3);
	expect(actions.filter((a) => a !== 'created').every((a) => a === 'unchanged' || a === 'updated')).toBe(true);
	expect(ours()).toHaveLength(3);
});

test.each(['body', 'http401', 'http302', 'html200'] as const)('3. expiry signalled as %s in the middle of an upsert batch', async (signal) => {
	sim.setKnobs({ expirySignal: signal });
	const { engine, credential } = fresh();
	sim.addFault({ route: LIST_ROUTE, kind: 'expire', after: 3 });
	const result = await run(engine, credential, UPSERT, leads(5));
	expect(result.error).toBeUndefined();
	expect(result.output('Zhibang').map((i) => i.json.action)).toEqual(Array(5).fill('created'));
	expect(ours()).toHaveLength(5);
	expect(sim.counters.logins).toBe(2);
});

test('4. a second expiry right after the re-login: a clear error, two logins, nothing written', async () => {
	const { engine, credential } = fresh();
	sim.addFault({ route: LIST_ROUTE, kind: 'expire', times: 10 });
	const result = await run(engine, credential, UPSERT, leads(1));
	expect(result.error?.message).toMatch(/expired again right after logging in again/);
	expect(sim.counters.logins).toBe(2);
	expect(sim.oplog).toHaveLength(0);
});

describe('5. refused logins: one attempt, the cause named, the captcha threshold never reached', () => {
	test.each([
		['wrong password', { password: 'wrong' }, /用户名或密码错误.*rejected the user name or password/],
		['frozen account', { username: 'frozen_user', password: 'Frozen@2026' }, /已被冻结.*is frozen/],
	])('%s', async (_name, overrides, message) => {
		const { engine, credential } = fresh(overrides);
		const batch = await run(engine, credential, UPSERT, leads(5), { continueOnFail: true });
		expect(batch.output('Zhibang').map((i) => String(i.json.error))).toEqual(Array(5).fill(expect.stringMatching(message)));
		for (let again = 0; again < 3; again++) await run(engine, credential, UPSERT, leads(1));
		expect(sim.counters.loginAttempts).toBe(1);
	});
});

describe('6. 5xx and timeouts', () => {
	test('reads: a burst is absorbed by bounded retries', async () => {
		const { engine, credential } = fresh({ readRetries: 2, retryDelayMs: 5 });
		sim.addFault({ route: LIST_ROUTE, kind: 'http5xx', status: 503, times: 2 });
		const result = await run(engine, credential, { resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.output('Zhibang')).toHaveLength(sim.customers().length);
		expect(sim.counters.faults.http5xx).toBe(2);
		expect(sim.requestCount(LIST_ROUTE)).toBe(3);
	});

	test('reads: a long burst ends in a clear error', async () => {
		const { engine, credential } = fresh({ readRetries: 2, retryDelayMs: 5 });
		sim.addFault({ route: LIST_ROUTE, kind: 'http5xx', status: 502, times: 10 });
		const result = await run(engine, credential, { resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error?.message).toMatch(/暂时不可用.*HTTP 502.*temporarily unavailable/);
		expect(sim.requestCount(LIST_ROUTE)).toBe(3);
	});

	test('writes: a 5xx on the save is not retried blindly; a re-check by khid finds nothing, then one more save', async () => {
		const { engine, credential } = fresh({ readRetries: 2, retryDelayMs: 5 });
		// Requests to the add page: 1 allocates the id, 2 is the save.
		sim.addFault({ route: ADD_ROUTE, kind: 'http5xx', status: 500, after: 1, times: 1 });
		const result = await run(engine, credential, UPSERT, leads(1));
		expect(result.error).toBeUndefined();
		expect(result.output('Zhibang')[0].json).toMatchObject({ action: 'created', recovered: true });
		expect(ours()).toHaveLength(1);
		expect(sim.oplog.filter((e) => e.action === 'customer.create')).toHaveLength(1);
	});

	test('writes: a timeout after the save was applied: adopted, never written twice', async () => {
		sim.setKnobs({ timeoutHoldMs: 3000 });
		const { engine, credential } = fresh({ timeoutSeconds: 1, readRetries: 1, retryDelayMs: 5 });
		sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 1 });
		const result = await run(engine, credential, UPSERT, leads(1));
		expect(result.error).toBeUndefined();
		expect(result.output('Zhibang')[0].json).toMatchObject({ action: 'created', recovered: true });
		expect(sim.oplog.filter((e) => e.action === 'customer.create')).toHaveLength(1);
		expect(ours()).toHaveLength(1);
	});
});

describe('7. broken bodies: NodeApiError with the HTTP status and an excerpt', () => {
	test.each([
		['malformed', /malformed JSON.*HTTP 200/],
		['empty', /empty body.*HTTP 200/],
		['html', /HTML page.*HTTP 200/],
	] as const)('%s', async (kind, message) => {
		const { engine, credential } = fresh({ readRetries: 0 });
		sim.addFault({ route: LIST_ROUTE, kind });
		const result = await run(engine, credential, { resource: 'customer', operation: 'getAll', returnAll: true });
		const error = result.error as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/HTTP 200/);
	});
});

test('8. throttling ("操作过于频繁") is waited out; nothing is lost or doubled', async () => {
	const { engine, credential } = fresh({ retryDelayMs: 10, throttleBudgetSeconds: 5 });
	sim.addFault({ route: ADD_ROUTE, kind: 'throttle', times: 2 });
	const result = await run(engine, credential, UPSERT, leads(3));
	expect(result.error).toBeUndefined();
	expect(result.output('Zhibang').map((i) => i.json.action)).toEqual(['created', 'created', 'created']);
	expect(ours()).toHaveLength(3);
	expect(sim.counters.faults.throttle).toBe(2);
});

test('8b. throttling at login is waited out, and is not taken for a refused password', async () => {
	sim.addFault({ route: '/webapi/v3/ov1/login', kind: 'throttle' });
	const { engine, credential } = fresh({ retryDelayMs: 50, throttleBudgetSeconds: 5 });
	const result = await run(engine, credential, UPSERT, leads(1));
	expect(result.error).toBeUndefined();
	expect(sim.counters.faults.throttle).toBe(1);
	// The throttled login request, then the one that went through.
	expect(sim.requestCount('/webapi/v3/ov1/login')).toBe(2);
	expect(ours()).toHaveLength(1);
});

test('9. ten executions in parallel on one credential: one login in total, no duplicates', async () => {
	const { engine, credential } = fresh();
	const results = await Promise.all(Array.from({ length: 10 }, async (_, i) => await run(engine, credential, UPSERT, leads(2, i * 2))));
	expect(results.every((r) => r.error === undefined)).toBe(true);
	expect(sim.counters.logins).toBe(1);
	expect(ours()).toHaveLength(20);
});

test('10. continueOnFail: 50 items with 5 bad ones → 45 results and 5 error items, paired', async () => {
	const { engine, credential } = fresh();
	const items = leads(50);
	for (const bad of [4, 9, 25, 26, 49]) items[bad].company = '';
	const result = await run(engine, credential, UPSERT, items, { continueOnFail: true });
	const out = result.output('Zhibang');
	expect(out).toHaveLength(50);
	out.forEach((item, index) => expect((item.pairedItem as { item: number }).item).toBe(index));
	const errors = out.filter((item) => item.json.error);
	expect(errors.map((item) => (item.pairedItem as { item: number }).item)).toEqual([4, 9, 25, 26, 49]);
	expect(errors.every((item) => /客户名称|name/i.test(String(item.json.error)))).toBe(true);
	expect(ours()).toHaveLength(45);
});

test('11. logs and error outputs hold no password, session token or unmasked mobile', () => {
	const logText = logs.lines.join('\n');
	const errorText = seen
		.flatMap((r) => [r.error?.message ?? '', (r.error as { description?: string } | undefined)?.description ?? '', ...Object.values(r.run.data.resultData.runData).flatMap((tasks) => JSON.stringify(tasks).match(/"error":"[^"]*"/g) ?? [])])
		.join('\n');
	expect(errorText.length).toBeGreaterThan(0);
	expect(tokens.size).toBeGreaterThan(0);
	for (const secret of [sim.demo.password, 'Frozen@2026', ...tokens]) {
		expect(logText).not.toContain(secret);
		expect(errorText).not.toContain(secret);
	}
	expect(logText).not.toMatch(/"session":"[0-9a-f]{16,}"/);
	expect(unmaskedMobiles(logText)).toEqual([]);
	expect(unmaskedMobiles(errorText)).toEqual([]);
});
