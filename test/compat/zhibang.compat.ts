/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Zhibang on n8n 2.8 (n8n-core 2.8.1 / Node 20), against the Zhibang simulator in the same process:
 * one login for several executions and a persisted token reused by a fresh process, the credential
 * test button, a wrong password tried exactly once, a token expiring in the middle of a paged
 * Get Many, and Customer → Create or Update run twice over the same contacts (no duplicates).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { forgetSessions, type LoadedPackage, type RunResult } from '../engine/engine';
import { useSimulator } from '../support/live';
import { zhibangCredentialData, zhibangSim } from '../support/sims';
import { UPSERT_LEADS_BY_KHID, zhibangWorkflow } from '../support/workflows';
import { Engine28 } from './engine28';
import { assertOnlyCompatN8n, loadStagedPackage, NODE_TEST_HOOKS, nodeOutput } from './support';
import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentialsDetails, INodeParameters } from './types';

const LIST_ROUTE = '/sysa/mobilephone/salesmanage/custom/list.asp';
const SEEDED = 450;

let pkg: LoadedPackage;
const sim = useSimulator('the Zhibang simulator', async () => await zhibangSim({ seedCustomers: SEEDED }), NODE_TEST_HOOKS);

const zhibang = zhibangWorkflow;

const users = (credential: INodeCredentialsDetails) => zhibang(credential, { resource: 'user', operation: 'getAll', returnAll: true });
const customers = (credential: INodeCredentialsDetails) => zhibang(credential, { resource: 'customer', operation: 'getAll', returnAll: true });

const output = (result: RunResult) => nodeOutput(result, 'Zhibang');

function fresh(overrides: ICredentialDataDecryptedObject = {}) {
	const engine = new Engine28(pkg);
	return { engine, credential: engine.store.add('zhibangApi', zhibangCredentialData(sim, overrides)) };
}

before(async () => {
	pkg = await loadStagedPackage();
});

after(() => assertOnlyCompatN8n());

describe('Zhibang credential on n8n 2.8', () => {
	test('one login for several executions; the persisted token is reused by a fresh process', async () => {
		const { engine, credential } = fresh();
		for (let run = 0; run < 3; run++) {
			assert.ok(output(await engine.run(users(credential))).some((user) => user.name === '张伟'));
		}
		assert.equal(sim.counters.logins, 1);
		assert.match(String(engine.store.get(credential.id!).data.sessionToken), /^[0-9a-f]{32,}$/);

		forgetSessions();
		const worker = new Engine28(pkg, engine.store);
		assert.ok(output(await worker.run(users(credential))).length > 0);
		assert.equal(sim.counters.logins, 1);
		assert.equal(worker.helper.preAuthentications.zhibangApi ?? 0, 0);
	});

	test('a wrong password: exactly one login attempt and an error that says so', async () => {
		const { engine, credential } = fresh({ password: 'not-the-password' });
		const message = (await engine.run(users(credential))).error?.message ?? '';
		assert.match(message, /用户名或密码错误.*rejected the user name or password/);
		assert.ok(!message.includes('not-the-password'));
		assert.equal(sim.counters.loginAttempts, 1);
		assert.equal(sim.counters.logins, 0);
	});

	test('the credential test button passes, and fails readably on a wrong password', async () => {
		const { engine, credential: good } = fresh();
		const bad = engine.store.add('zhibangApi', zhibangCredentialData(sim, { password: 'wrong' }));
		assert.deepEqual(await engine.testCredential('zhibangApi', good.id!), { status: 'OK', message: 'Connection successful!' });
		const failed = await engine.testCredential('zhibangApi', bad.id!);
		assert.equal(failed.status, 'Error');
		assert.match(failed.message, /用户名或密码错误.*rejected the user name or password/);
	});

	test('a token expiring between two pages of Customer → Get Many: one re-login, every customer once', async () => {
		const { engine, credential } = fresh();
		sim.addFault({ route: LIST_ROUTE, kind: 'expire', after: 1 });
		const ords = output(await engine.run(customers(credential))).map((row) => String(row.ord));
		assert.equal(ords.length, SEEDED);
		assert.deepEqual(new Set(ords), new Set(sim.customers().map((c) => String(c.ord))));
		assert.equal(sim.counters.logins, 2);
		assert.equal(sim.counters.rejectedSessions, 1);
		assert.equal(sim.requestCount(LIST_ROUTE), 4);
	});

	for (const signal of ['body', 'http401', 'http302', 'html200'] as const) {
		test(`expiry signalled as ${signal}: refreshed once, the call succeeds`, async () => {
			sim.setKnobs({ expirySignal: signal });
			const { engine, credential } = fresh();
			output(await engine.run(users(credential)));
			assert.equal(sim.expireAllSessions(), 1);
			assert.ok(output(await engine.run(users(credential))).length > 0);
			assert.equal(sim.counters.rejectedSessions, 1);
			assert.equal(sim.counters.logins, 2);
		});
	}
});

describe('Zhibang node: Customer → Create or Update on n8n 2.8', () => {
	/** Admitted leads as workflow 1 hands them over: phone, company, contact, score, call summary. */
	const leads: IDataObject[] = Array.from({ length: 20 }, (_, i) => ({
		id: 7000 + i,
		company: `兼容测试公司${i}`,
		name: `联系人${i}`,
		phone: `137${String(20000000 + i).padStart(8, '0')}`,
		score: (i * 7) % 101,
		summary: `第 ${i} 通电话：客户有意向`,
	}));

	const UPSERT: INodeParameters = {
		...UPSERT_LEADS_BY_KHID,
		customerNumber: '=CP{{ $json.id }}',
		assignByScore: true,
		goldUserId: '61',
		salesUserId: '62',
		addFollowUp: true,
		followUpWhen: 'created',
		followUpContent: '={{ $json.summary }}',
		followUpMethod: '481',
	};

	const ours = () => sim.findCustomers((c) => c.khid.startsWith('CP7'));
	const tier = (score: number) => (score >= 80 ? 'gold' : score >= 60 ? 'sales' : 'pool');

	test('the same 20 leads twice: 20 customers, assigned and followed up once; the second run changes nothing', async () => {
		const { engine, credential } = fresh();
		const before = sim.customers().length;

		const first = output(await engine.run(zhibang(credential, UPSERT, leads)));
		assert.deepEqual(first.map((o) => o.action), Array(20).fill('created'));
		assert.deepEqual(first.map((o) => o.khid), leads.map((lead) => `CP${lead.id}`));
		assert.ok(first.every((o) => o.verified === true));
		assert.deepEqual(first.map((o) => (o.assignment as IDataObject).tier), leads.map((lead) => tier(Number(lead.score))));
		assert.equal(sim.customers().length, before + 20);
		assert.deepEqual(
			sim.followups().map((f) => f.intro),
			leads.map((lead) => lead.summary),
		);
		for (const o of first) {
			const stored = sim.customer(Number(o.customerId))!;
			const expected = { gold: [61], sales: [62], pool: [] }[String((o.assignment as IDataObject).tier)];
			assert.deepEqual(stored.cateids, expected, `owner of ${String(o.khid)}`);
		}

		const second = output(await engine.run(zhibang(credential, UPSERT, leads)));
		assert.deepEqual(second.map((o) => o.action), Array(20).fill('unchanged'));
		assert.deepEqual(second.map((o) => o.customerId), first.map((o) => o.customerId));
		assert.equal(sim.customers().length, before + 20);
		assert.equal(new Set(ours().map((c) => c.khid)).size, 20);
		assert.equal(ours().length, 20);
		assert.equal(sim.oplog.filter((e) => e.action === 'customer.create').length, 20);
		assert.equal(sim.followups().length, 20);
		assert.equal(sim.counters.logins, 1);
	});
});
