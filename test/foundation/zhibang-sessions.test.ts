/**
 * Zhibang sessions end to end in n8n-core's engine: one login for concurrent executions, refresh on
 * every expiry signal, no page lost or repeated, wrong passwords never retried, the credential
 * test button, and the token reused across executions and "processes".
 */
import type { INodeCredentialsDetails } from 'n8n-workflow';

import { Engine, forgetSessions, loadPackage, type LoadedPackage } from '../engine/engine';
import { useSimulator } from '../support/live';
import { zhibangCredentialData, zhibangSim } from '../support/sims';
import { chain, node, ZHIBANG_NODE } from '../support/workflows';

const LIST_ROUTE = '/sysa/mobilephone/salesmanage/custom/list.asp';

let pkg: LoadedPackage;
const sim = useSimulator('the Zhibang simulator', async () => await zhibangSim({ seedCustomers: 450 }));

function usersWorkflow(credential: INodeCredentialsDetails) {
	return chain([{}], node('Zhibang', ZHIBANG_NODE, { resource: 'user', operation: 'getAll', returnAll: true }, { credentials: { zhibangApi: credential } }));
}

function customersWorkflow(credential: INodeCredentialsDetails) {
	return chain([{}], node('Zhibang', ZHIBANG_NODE, { resource: 'customer', operation: 'getAll', returnAll: true }, { credentials: { zhibangApi: credential } }));
}

beforeAll(async () => {
	pkg = await loadPackage();
});

function fresh(overrides = {}) {
	const engine = new Engine(pkg);
	return { engine, credential: engine.store.add('zhibangApi', zhibangCredentialData(sim, overrides)) };
}

test('20 executions in parallel with no stored token log in exactly once', async () => {
	const { engine, credential } = fresh();
	const results = await Promise.all(Array.from({ length: 20 }, async () => await engine.run(usersWorkflow(credential))));
	for (const result of results) {
		expect(result.error).toBeUndefined();
		expect(result.output('Zhibang').map((item) => item.json.name)).toContain('张伟');
	}
	expect(sim.counters.logins).toBe(1);
	expect(engine.store.get(credential.id!).data.sessionToken).toMatch(/^[0-9a-f]{32,}$/);
});

test('a token expiring between two pages: one re-login, every customer once', async () => {
	const { engine, credential } = fresh();
	sim.addFault({ route: LIST_ROUTE, kind: 'expire', after: 1 });
	const result = await engine.run(customersWorkflow(credential));
	expect(result.error).toBeUndefined();
	const ords = result.output('Zhibang').map((item) => String(item.json.ord));
	expect(ords).toHaveLength(450);
	expect(new Set(ords)).toEqual(new Set(sim.customers().map((c) => String(c.ord))));
	expect(sim.counters.logins).toBe(2);
	expect(sim.counters.rejectedSessions).toBe(1);
	expect(sim.requestCount(LIST_ROUTE)).toBe(4);
});

test.each(['body', 'http401', 'http302', 'html200'] as const)('expiry signalled as %s: refreshed once, the call succeeds', async (signal) => {
	sim.setKnobs({ expirySignal: signal });
	const { engine, credential } = fresh();
	expect((await engine.run(usersWorkflow(credential))).error).toBeUndefined();
	expect(sim.expireAllSessions()).toBe(1);
	const result = await engine.run(usersWorkflow(credential));
	expect(result.error).toBeUndefined();
	expect(result.output('Zhibang').length).toBeGreaterThan(0);
	expect(sim.counters.rejectedSessions).toBe(1);
	expect(sim.counters.logins).toBe(2);
});

test('a wrong password: exactly one login attempt and an error that says so', async () => {
	const { engine, credential } = fresh({ password: 'not-the-password' });
	const result = await engine.run(usersWorkflow(credential));
	const message = result.error?.message ?? '';
	expect(message).toMatch(/用户名或密码错误.*rejected the user name or password/);
	expect(message).not.toContain('not-the-password');
	expect(sim.counters.loginAttempts).toBe(1);
	expect(sim.counters.logins).toBe(0);
});

test('the credential test button passes, and fails readably on a wrong password', async () => {
	const { engine, credential: good } = fresh();
	const bad = engine.store.add('zhibangApi', zhibangCredentialData(sim, { password: 'wrong' }));
	expect(await engine.testCredential('zhibangApi', good.id!)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const failed = await engine.testCredential('zhibangApi', bad.id!);
	expect(failed.status).toBe('Error');
	expect(failed.message).toMatch(/用户名或密码错误.*rejected the user name or password/);
});

test('a token persisted by one execution is reused by the next, also by a fresh process', async () => {
	const { engine, credential } = fresh();
	await engine.run(usersWorkflow(credential));
	await engine.run(usersWorkflow(credential));
	expect(sim.counters.logins).toBe(1);
	forgetSessions();
	const worker = new Engine(pkg, engine.store);
	expect((await worker.run(usersWorkflow(credential))).error).toBeUndefined();
	expect(sim.counters.logins).toBe(1);
	expect(worker.helper.preAuthentications.zhibangApi ?? 0).toBe(0);
});

test('an empty serial number logs in with one stable serial derived from the account', async () => {
	const { engine, credential } = fresh({ serialNumber: '' });
	expect((await engine.run(usersWorkflow(credential))).error).toBeUndefined();
	const [first] = sim.liveSessions();
	expect(first.serialnum).toMatch(/^N8N[0-9A-F]{12}$/);
	sim.expireAllSessions();
	expect((await engine.run(usersWorkflow(credential))).error).toBeUndefined();
	expect(sim.counters.logins).toBe(2);
	expect(sim.liveSessions().map((s) => s.serialnum)).toEqual([first.serialnum]);
});
