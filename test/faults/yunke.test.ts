/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Fault suite, Yunke side: each scenario runs a workflow in n8n-core's engine against the
 * simulator's fault knobs and checks what the simulator saw afterwards. Everything the engine and
 * the nodes log is captured and scanned for secrets and unmasked mobile numbers.
 */
import type { INodeCredentialsDetails, INodeExecutionData } from 'n8n-workflow';
import { performance } from 'node:perf_hooks';

import { Engine, loadPackage, type LoadedPackage } from '../engine/engine';
import { captureLogs, unmaskedMobiles, type CapturedLogs } from '../engine/logs';
import { useSimulator } from '../support/live';
import { yunkeCredentialData, yunkeSim } from '../support/sims';
import { chain, node, YUNKE_NODE } from '../support/workflows';

/** The simulator's clock is pinned here, so its generated history is the same on every run. */
const PIN = Date.parse('2026-03-02T10:00:00+08:00');

let pkg: LoadedPackage;
const sim = useSimulator('the Yunke simulator', async () => await yunkeSim({ callCount: 2000, days: 5 }, { now: PIN }));
let logs: CapturedLogs;
const outputs: unknown[] = [];

function callsWorkflow(credential: INodeCredentialsDetails, extra: Record<string, unknown> = {}) {
	return chain(
		[{}],
		node(
			'Yunke',
			YUNKE_NODE,
			{ resource: 'callLog', operation: 'getAll', startTime: '2000-01-01 00:00', endTime: '2100-01-01 00:00', callType: '', returnAll: true, options: {} },
			{ credentials: { yunkeApi: credential }, ...extra },
		),
	);
}

async function run(engine: Engine, workflow: ReturnType<typeof callsWorkflow>) {
	const result = await engine.run(workflow);
	for (const name of Object.keys(result.run.data.resultData.runData)) {
		if (name !== 'Start') outputs.push(result.run.data.resultData.runData[name]);
	}
	if (result.error) outputs.push({ message: result.error.message, description: (result.error as { description?: string }).description });
	return result;
}

beforeAll(async () => {
	pkg = await loadPackage();
	logs = captureLogs();
});

afterAll(() => logs.restore());

function fresh(overrides = {}) {
	const engine = new Engine(pkg);
	return { engine, credential: engine.store.add('yunkeApi', yunkeCredentialData(sim, overrides)) };
}

describe('1, 3. a session expiring in the middle of a 10-page fetch', () => {
	test.each(['body', 'http401', 'http302', 'html200'] as const)('signalled as %s: one re-login, all records, none twice', async (signal) => {
		sim.setKnobs({ expirySignal: signal });
		sim.addFault({ route: '/pc/calllog/list', kind: 'expire', after: 5 });
		const { engine, credential } = fresh();
		const result = await run(engine, callsWorkflow(credential));
		expect(result.error).toBeUndefined();
		const ids = result.output('Yunke').map((item) => String(item.json.id));
		expect(ids).toHaveLength(2000);
		expect(new Set(ids)).toEqual(new Set(sim.calls.map((c) => c.id)));
		expect(sim.counters.logins).toBe(2);
		expect(sim.counters.rejectedSessions).toBe(1);
		expect(sim.requestCount('/pc/calllog/list')).toBe(11);
	});
});

test('4. a second expiry right after the re-login: a clear error, two logins, no loop', async () => {
	sim.addFault({ route: '/pc/calllog/list', kind: 'expire', after: 2, times: 10 });
	const { engine, credential } = fresh();
	const result = await run(engine, callsWorkflow(credential));
	expect(result.error?.message).toMatch(/expired again right after logging in again/);
	expect(sim.counters.logins).toBe(2);
	expect(sim.requestCount('/pc/calllog/list')).toBe(4);
});

describe('5. refused logins: exactly one attempt, the message names the cause', () => {
	test.each([
		['wrong password', {}, { password: 'wrong' }, /密码错误.*rejected the password/],
		['locked account', {}, { phone: '13700137000', password: 'Locked@2026' }, /已被锁定.*is locked/],
		['disabled account', {}, { phone: '13600136000', password: 'Disabled@2026' }, /已被禁用.*is disabled/],
	])('%s', async (_name, knobs, overrides, message) => {
		sim.setKnobs({ lockoutAfter: 3, ...knobs });
		const { engine, credential } = fresh(overrides);
		const batch = chain(
			[{}, {}, {}, {}],
			node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential }, continueOnFail: true }),
		);
		const first = await run(engine, batch);
		expect(first.output('Yunke').map((item) => String(item.json.error))).toEqual(Array(4).fill(expect.stringMatching(message)));
		await run(engine, batch);
		expect(sim.counters.loginAttempts).toBe(1);
	});
});

describe('6. 5xx bursts and timeouts on reads', () => {
	test('a burst shorter than the retry budget is absorbed with backoff', async () => {
		sim.addFault({ route: '/pc/calllog/list', kind: 'http5xx', status: 503, after: 3, times: 2 });
		const { engine, credential } = fresh({ readRetries: 2, retryDelayMs: 40 });
		const started = performance.now();
		const result = await run(engine, callsWorkflow(credential));
		expect(result.error).toBeUndefined();
		expect(result.output('Yunke')).toHaveLength(2000);
		// 10 pages + 2 refused attempts; the waits were 40 ms then 80 ms.
		expect(sim.requestCount('/pc/calllog/list')).toBe(12);
		expect(performance.now() - started).toBeGreaterThanOrEqual(120);
	});

	test('a longer burst ends in a clear error after the configured retries', async () => {
		sim.addFault({ route: '/pc/calllog/list', kind: 'http5xx', status: 502, times: 10 });
		const { engine, credential } = fresh({ readRetries: 2, retryDelayMs: 5 });
		const result = await run(engine, callsWorkflow(credential));
		expect(result.error?.message).toMatch(/暂时不可用.*HTTP 502.*temporarily unavailable/);
		expect(sim.requestCount('/pc/calllog/list')).toBe(3);
	});

	test('a timeout is retried; the request that never answers is given up after the timeout', async () => {
		sim.setKnobs({ timeoutHoldMs: 5000 });
		sim.addFault({ route: '/usercenter/dept/tree', kind: 'timeout', times: 1 });
		const { engine, credential } = fresh({ timeoutSeconds: 1, readRetries: 1, retryDelayMs: 5 });
		const started = performance.now();
		const result = await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } })));
		expect(result.error).toBeUndefined();
		expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
		expect(sim.requestCount('/usercenter/dept/tree')).toBe(2);
	});

	test('only timeouts: a clear timeout error', async () => {
		sim.setKnobs({ timeoutHoldMs: 5000 });
		sim.addFault({ route: '/usercenter/dept/tree', kind: 'timeout', times: 5 });
		const { engine, credential } = fresh({ timeoutSeconds: 1, readRetries: 1, retryDelayMs: 5 });
		const result = await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } })));
		expect(result.error?.message).toMatch(/请求超时.*did not answer in time/);
		expect(sim.requestCount('/usercenter/dept/tree')).toBe(2);
	});
});

describe('7. broken response bodies become NodeApiError with the HTTP status and an excerpt', () => {
	test.each([
		['malformed', /无法解析的 JSON.*malformed JSON.*HTTP 200/, /"success":true/],
		['empty', /空响应.*empty body.*HTTP 200/, /\(empty\)/],
		['html', /HTML 页面.*an HTML page.*HTTP 200/, /Runtime Error/],
	] as const)('%s body', async (kind, message, excerpt) => {
		sim.addFault({ route: '/usercenter/dept/tree', kind, times: 10 });
		const { engine, credential } = fresh({ readRetries: 1, retryDelayMs: 1 });
		const result = await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } })));
		const error = result.error as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(excerpt);
		expect(error.description!.length).toBeLessThan(260);
	});
});

describe('8. throttling', () => {
	test('"请勿频繁操作" is waited out and the call succeeds', async () => {
		sim.addFault({ route: '/pc/calllog/list', kind: 'throttle', after: 1, times: 2 });
		const { engine, credential } = fresh({ retryDelayMs: 50, throttleBudgetSeconds: 5 });
		const started = performance.now();
		const result = await run(engine, callsWorkflow(credential));
		expect(result.error).toBeUndefined();
		expect(result.output('Yunke')).toHaveLength(2000);
		expect(sim.counters.faults.throttle).toBe(2);
		// Waited 250 ms then 500 ms (min 250, doubling).
		expect(performance.now() - started).toBeGreaterThanOrEqual(750);
	});

	test('endless throttling stops at the wait budget with a clear error', async () => {
		sim.addFault({ route: '/usercenter/dept/tree', kind: 'throttle', times: 100 });
		const { engine, credential } = fresh({ retryDelayMs: 50, throttleBudgetSeconds: 1 });
		const result = await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } })));
		expect(result.error?.message).toMatch(/持续限流.*kept throttling/);
		// 250 + 500 ms waited, the next 1000 ms wait would exceed the 1 s budget.
		expect(sim.counters.faults.throttle).toBe(3);
	});
});

test('8b. throttling at login is waited out like any other, and is not taken for a refused password', async () => {
	sim.addFault({ route: '/usercenter/login/pclogin', kind: 'throttle' });
	const { engine, credential } = fresh({ retryDelayMs: 50, throttleBudgetSeconds: 5 });
	const result = await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } })));
	expect(result.error).toBeUndefined();
	expect(sim.counters.faults.throttle).toBe(1);
	// The throttled login request, then the one that went through.
	expect(sim.requestCount('/usercenter/login/pclogin')).toBe(2);
	expect(sim.counters.logins).toBe(1);
});

test('9. ten executions in parallel on one credential: one login in total', async () => {
	const { engine, credential } = fresh();
	const results = await Promise.all(
		Array.from({ length: 10 }, async () => await run(engine, chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getAllUsers', returnAll: true }, { credentials: { yunkeApi: credential } })))),
	);
	expect(results.every((r) => r.error === undefined)).toBe(true);
	expect(sim.counters.logins).toBe(1);
});

test('10. continueOnFail: 50 items with 5 bad ones give 45 results and 5 error items, paired', async () => {
	const { engine, credential } = fresh();
	const good = sim.calls.filter((c) => c.recordFile).slice(0, 45).map((c) => c.id);
	const items = good.map((id) => ({ id }));
	for (const at of [3, 11, 20, 33, 47]) items.splice(at, 0, { id: `phone-${'0'.repeat(31)}${at % 10}` });
	const result = await run(
		engine,
		chain(items, node('Yunke', YUNKE_NODE, { resource: 'recording', operation: 'getUrl', callId: '={{ $json.id }}' }, { credentials: { yunkeApi: credential }, continueOnFail: true })),
	);
	const out: INodeExecutionData[] = result.output('Yunke');
	expect(out).toHaveLength(50);
	const errors = out.filter((item) => item.json.error);
	expect(errors).toHaveLength(5);
	expect(errors.map((item) => (item.pairedItem as { item: number }).item)).toEqual([3, 11, 20, 33, 47]);
	for (const [index, item] of out.entries()) {
		expect((item.pairedItem as { item: number }).item).toBe(index);
		if (!item.json.error) expect(item.json).toMatchObject({ id: items[index].id, recordingUrl: expect.stringContaining(items[index].id) });
		else expect(item.json.error).toMatch(/录音地址.*no recording URL/);
	}
});

test('11. logs and outputs of all the above hold no password, cookie, session token or unmasked mobile', () => {
	const logText = logs.lines.join('\n');
	expect(logs.lines.length).toBeGreaterThan(0);
	const everything = `${logText}\n${JSON.stringify(outputs.filter((o) => JSON.stringify(o).includes('error')))}`;
	for (const secret of [sim.demo.password, 'Locked@2026', 'Disabled@2026', 'userToken=', 'user=']) {
		expect(everything).not.toContain(secret);
	}
	expect(unmaskedMobiles(logText)).toEqual([]);
	// Error items and error messages: phones masked (data items legitimately carry customer phones).
	const errorTexts = outputs.flatMap((o) => JSON.stringify(o).match(/"(error|message|description)":"[^"]*"/g) ?? []);
	expect(errorTexts.length).toBeGreaterThan(0);
	expect(unmaskedMobiles(errorTexts.join('\n'))).toEqual([]);
	expect(logText).toMatch(/session expired/);
});
