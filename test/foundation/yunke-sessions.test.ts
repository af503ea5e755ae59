/**
 * Yunke sessions end to end in n8n-core's engine: one login for concurrent executions, refresh on
 * every expiry signal, no page lost or repeated, wrong passwords never retried, the credential
 * test button, and sessions reused across executions and "processes".
 */
import type { INodeCredentialsDetails } from 'n8n-workflow';

import { Engine, forgetSessions, loadPackage, type LoadedPackage } from '../engine/engine';
import { useSimulator } from '../support/live';
import { yunkeCredentialData, yunkeSim } from '../support/sims';
import { chain, node, YUNKE_NODE } from '../support/workflows';

let pkg: LoadedPackage;
const sim = useSimulator('the Yunke simulator', async () => await yunkeSim({ callCount: 450, days: 3 }));

function treeWorkflow(credential: INodeCredentialsDetails) {
	return chain([{}], node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential } }));
}

function allCallsWorkflow(credential: INodeCredentialsDetails) {
	return chain(
		[{}],
		node(
			'Yunke',
			YUNKE_NODE,
			{ resource: 'callLog', operation: 'getAll', startTime: '2000-01-01 00:00', endTime: '2100-01-01 00:00', callType: '', returnAll: true, options: { simplify: false } },
			{ credentials: { yunkeApi: credential } },
		),
	);
}

beforeAll(async () => {
	pkg = await loadPackage();
});

test('20 executions in parallel with no stored session log in exactly once', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	const results = await Promise.all(Array.from({ length: 20 }, async () => await engine.run(treeWorkflow(credential))));
	for (const result of results) {
		expect(result.error).toBeUndefined();
		expect(result.output('Yunke')[0].json.name).toBe('云客演示科技有限公司');
	}
	expect(sim.counters.logins).toBe(1);
	expect(sim.requestCount('/usercenter/dept/tree')).toBe(20);
	// The session is persisted in the credential store like n8n's database.
	expect(engine.store.get(credential.id!).data.sessionToken).toMatch(/user=.+; userToken=.+/);
});

test('a session expiring between two pages: one re-login, every call once', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	sim.addFault({ route: '/pc/calllog/list', kind: 'expire', after: 1 });
	const result = await engine.run(allCallsWorkflow(credential));
	expect(result.error).toBeUndefined();
	const ids = result.output('Yunke').map((item) => item.json.id);
	expect(ids).toHaveLength(450);
	expect(new Set(ids).size).toBe(450);
	expect(new Set(ids)).toEqual(new Set(sim.calls.map((c) => c.id)));
	expect(sim.counters.logins).toBe(2);
	expect(sim.counters.rejectedSessions).toBe(1);
	// 3 pages of 200 plus the one that was refused.
	expect(sim.requestCount('/pc/calllog/list')).toBe(4);
});

test.each(['body', 'http401', 'http302', 'html200'] as const)('expiry signalled as %s: refreshed once, the call succeeds', async (signal) => {
	sim.setKnobs({ expirySignal: signal });
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	expect((await engine.run(treeWorkflow(credential))).error).toBeUndefined();
	expect(sim.expireAllSessions()).toBe(1);
	const result = await engine.run(treeWorkflow(credential));
	expect(result.error).toBeUndefined();
	expect(result.output('Yunke')).toHaveLength(1);
	expect(sim.counters.rejectedSessions).toBe(1);
	expect(sim.counters.logins).toBe(2);
});

test('a second expiry right after the re-login is a clear error, not a loop', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	sim.addFault({ route: '/usercenter/dept/tree', kind: 'expire', times: 5 });
	const result = await engine.run(treeWorkflow(credential));
	expect(result.error?.message).toMatch(/再次失效.*expired again right after logging in again/);
	expect(sim.counters.logins).toBe(2);
	expect(sim.requestCount('/usercenter/dept/tree')).toBe(2);
});

test('a wrong password: exactly one login attempt and an error that says so', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim, { password: 'not-the-password' }));
	const result = await engine.run(treeWorkflow(credential));
	const message = result.error?.message ?? '';
	expect(message).toMatch(/密码错误/);
	expect(message).toMatch(/rejected the password/);
	expect(message).toContain('138****8000');
	expect(message).not.toContain(sim.demo.phone);
	expect(message).not.toContain('not-the-password');
	expect(sim.counters.loginAttempts).toBe(1);
	expect(sim.counters.logins).toBe(0);
	expect(sim.requestCount('/usercenter/dept/tree')).toBe(0);
});

test('a refused password is not tried again by later items or executions, so the lockout is never reached', async () => {
	sim.setKnobs({ lockoutAfter: 3 });
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim, { password: 'wrong' }));
	const items = chain(
		[{}, {}, {}, {}, {}],
		node('Yunke', YUNKE_NODE, { resource: 'department', operation: 'getTree', includeUsers: false }, { credentials: { yunkeApi: credential }, continueOnFail: true }),
	);
	const batch = await engine.run(items);
	expect(batch.output('Yunke')).toHaveLength(5);
	expect(batch.output('Yunke').every((item) => /密码错误/.test(String(item.json.error)))).toBe(true);
	expect(String(batch.output('Yunke')[0].json.description)).toMatch(/not try this login again with the same credential settings for 15 minutes/);
	for (let run = 0; run < 3; run++) await engine.run(treeWorkflow(credential));
	expect(sim.counters.loginAttempts).toBe(1);
	// Correcting the password in the credential tries again, and the account is not locked.
	engine.store.patch(credential.id!, { password: sim.demo.password });
	expect((await engine.run(treeWorkflow(credential))).error).toBeUndefined();
	expect(sim.counters.loginAttempts).toBe(2);
});

test('locked and disabled accounts: one attempt each, the message names the cause', async () => {
	const engine = new Engine(pkg);
	const locked = engine.store.add('yunkeApi', yunkeCredentialData(sim, { phone: '13700137000', password: 'Locked@2026' }));
	const disabled = engine.store.add('yunkeApi', yunkeCredentialData(sim, { phone: '13600136000', password: 'Disabled@2026' }));
	expect((await engine.run(treeWorkflow(locked))).error?.message).toMatch(/已被锁定.*is locked/);
	expect(sim.counters.loginAttempts).toBe(1);
	expect((await engine.run(treeWorkflow(disabled))).error?.message).toMatch(/已被禁用.*is disabled/);
	expect(sim.counters.loginAttempts).toBe(2);
});

test('the credential test button passes, and fails readably on a wrong password', async () => {
	const engine = new Engine(pkg);
	const good = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	const bad = engine.store.add('yunkeApi', yunkeCredentialData(sim, { password: 'wrong' }));
	expect(await engine.testCredential('yunkeApi', good.id!)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const failed = await engine.testCredential('yunkeApi', bad.id!);
	expect(failed.status).toBe('Error');
	expect(failed.message).toMatch(/密码错误.*rejected the password/);
	expect(sim.counters.loginAttempts).toBe(2);
});

test('company discovery: a single-company account needs no code; several companies need one', async () => {
	const engine = new Engine(pkg);
	const discovered = engine.store.add('yunkeApi', yunkeCredentialData(sim, { companyCode: '', domain: sim.baseUrl }));
	expect((await engine.run(treeWorkflow(discovered))).error).toBeUndefined();
	expect(engine.store.get(discovered.id!).data).toMatchObject({ sessionCompanyCode: '2fy7qa', sessionDomain: sim.baseUrl });

	const multi = engine.store.add('yunkeApi', yunkeCredentialData(sim, { phone: '13900139000', password: 'Multi@2026', companyCode: '', domain: sim.baseUrl }));
	const error = (await engine.run(treeWorkflow(multi))).error?.message ?? '';
	expect(error).toMatch(/2fy7qa/);
	expect(error).toMatch(/k8m3zq/);
	expect(error).toMatch(/Company Code/);

	// The second company lives on the other cluster (crm2).
	const onCrm2 = engine.store.add('yunkeApi', yunkeCredentialData(sim, { phone: '13900139000', password: 'Multi@2026', companyCode: 'k8m3zq', domain: sim.baseUrls[1] }));
	const result = await engine.run(treeWorkflow(onCrm2));
	expect(result.error).toBeUndefined();
	expect(result.output('Yunke')[0].json.name).toBe('云客华南分公司');
});

test('a session persisted by one execution is reused by the next, also by a fresh process', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	await engine.run(treeWorkflow(credential));
	expect(sim.counters.logins).toBe(1);
	await engine.run(treeWorkflow(credential));
	expect(sim.counters.logins).toBe(1);

	// Another worker: new engine and credentials helper, empty process memory, same credential store.
	forgetSessions();
	const worker = new Engine(pkg, engine.store);
	const result = await worker.run(treeWorkflow(credential));
	expect(result.error).toBeUndefined();
	expect(sim.counters.logins).toBe(1);
	expect(worker.helper.preAuthentications.yunkeApi ?? 0).toBe(0);
});

test('changing the password in the credential drops the stored session', async () => {
	const engine = new Engine(pkg);
	const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	await engine.run(treeWorkflow(credential));
	engine.store.patch(credential.id!, { password: 'changed-and-wrong' });
	const result = await engine.run(treeWorkflow(credential));
	expect(result.error?.message).toMatch(/密码错误/);
	expect(sim.counters.loginAttempts).toBe(2);
});
