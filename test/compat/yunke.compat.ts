/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Yunke on n8n 2.8 (n8n-core 2.8.1 / Node 20), against the Yunke simulator in the same process:
 * login once and reuse the persisted session, the credential test button, a wrong password tried
 * exactly once, Get Many call logs (Return All over pages, Limit), a session expiring in the middle
 * of Return All, the trigger's polls, and a recording download (a stream into n8n 2.8's binary data).
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';

import { formatShanghai, recordingBytesFor, recordingSizeFor } from '../../simulators/yunke';
import { forgetSessions, type LoadedPackage, type RunResult, type WorkflowJson } from '../engine/engine';
import { useSimulator } from '../support/live';
import { yunkeCredentialData, yunkeSim } from '../support/sims';
import { node, YUNKE_TRIGGER, yunkeWorkflow } from '../support/workflows';
import { Engine28 } from './engine28';
import { assertOnlyCompatN8n, loadStagedPackage, NODE_TEST_HOOKS, nodeOutput } from './support';
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from './types';

const DAY = 86_400_000;
const LIST = '/pc/callLog/list';
/** The simulator's clock is pinned here (its generated history ends there): nothing reads the wall clock. */
const PIN = Date.parse('2026-03-02T10:00:00+08:00');

let pkg: LoadedPackage;
const sim = useSimulator('the Yunke simulator', async () => await yunkeSim({ callCount: 650, days: 30 }, { now: PIN }), NODE_TEST_HOOKS);

const yunke = (credential: INodeCredentialsDetails, parameters: INodeParameters) => yunkeWorkflow(credential, parameters);

const tree = (credential: INodeCredentialsDetails) => yunke(credential, { resource: 'department', operation: 'getTree', includeUsers: false });

/** Call logs of the whole generated history (30 days before the simulator's anchor). */
function callLogs(credential: INodeCredentialsDetails, extra: INodeParameters = {}): WorkflowJson {
	const end = sim.knobs.anchorTime;
	return yunke(credential, {
		resource: 'callLog',
		operation: 'getAll',
		startTime: new Date(end - 31 * DAY).toISOString(),
		endTime: new Date(end).toISOString(),
		returnAll: true,
		...extra,
	});
}

const output = (result: RunResult) => nodeOutput(result, 'Yunke');

const ids = (rows: ReadonlyArray<{ id?: unknown }>) => rows.map((row) => String(row.id));

before(async () => {
	pkg = await loadStagedPackage();
});

after(() => assertOnlyCompatN8n());

describe('Yunke credential on n8n 2.8', () => {
	test('one login for several executions; the persisted session is reused by a fresh process', async () => {
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		for (let run = 0; run < 3; run++) {
			const result = await engine.run(tree(credential));
			assert.equal(output(result)[0].name, '云客演示科技有限公司');
		}
		assert.equal(sim.counters.logins, 1);
		assert.equal(engine.helper.preAuthentications.yunkeApi, 1);
		// n8n 2.8 persisted what preAuthentication returned (the hidden expirable field).
		assert.match(String(engine.store.get(credential.id!).data.sessionToken), /user=.+; userToken=.+/);

		// Another process (a queue-mode worker, a restart): empty memory, same credentials table.
		forgetSessions();
		const worker = new Engine28(pkg, engine.store);
		assert.equal(output(await worker.run(tree(credential)))[0].name, '云客演示科技有限公司');
		assert.equal(sim.counters.logins, 1);
		assert.equal(worker.helper.preAuthentications.yunkeApi ?? 0, 0);
		assert.equal(sim.requestCount('/usercenter/dept/tree'), 4);
	});

	test('a wrong password: exactly one login attempt, a readable error, not retried by later executions', async () => {
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim, { password: 'not-the-password' }));
		const result = await engine.run(tree(credential));
		const message = result.error?.message ?? '';
		assert.match(message, /密码错误/);
		assert.match(message, /rejected the password/);
		assert.ok(!message.includes('not-the-password'));
		assert.equal(sim.counters.loginAttempts, 1);
		for (let run = 0; run < 2; run++) assert.ok((await engine.run(tree(credential))).error);
		assert.equal(sim.counters.loginAttempts, 1);
		assert.equal(sim.counters.logins, 0);
		assert.equal(sim.requestCount('/usercenter/dept/tree'), 0);
	});

	test('the credential test button (RoutingNode, as n8n 2.8 runs it) passes, and fails readably', async () => {
		const engine = new Engine28(pkg);
		const good = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const bad = engine.store.add('yunkeApi', yunkeCredentialData(sim, { password: 'wrong' }));
		assert.deepEqual(await engine.testCredential('yunkeApi', good.id!), { status: 'OK', message: 'Connection successful!' });
		const failed = await engine.testCredential('yunkeApi', bad.id!);
		assert.equal(failed.status, 'Error');
		assert.match(failed.message, /密码错误.*rejected the password/);
	});
});

describe('Yunke node: Call Log → Get Many on n8n 2.8', () => {
	test('Return All walks 4 pages and returns exactly the simulator rows, newest first', async () => {
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const rows = output(await engine.run(callLogs(credential)));
		assert.equal(rows.length, 650);
		assert.deepEqual(ids(rows), ids(sim.calls));
		assert.equal(sim.requestCount(LIST), 4);
		// Simplified output: typed fields, masked customer phone.
		assert.equal(typeof rows[0].durationSeconds, 'number');
		assert.equal(typeof rows[0].connected, 'boolean');
	});

	test('Limit 150 stops after one request with the newest rows', async () => {
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const rows = output(await engine.run(callLogs(credential, { returnAll: false, limit: 150 })));
		assert.deepEqual(ids(rows), ids(sim.calls.slice(0, 150)));
		assert.equal(sim.requestCount(LIST), 1);
	});

	test('a session expiring between two pages of Return All: one re-login, every call exactly once', async () => {
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		sim.addFault({ route: LIST, kind: 'expire', after: 1 });
		const rows = output(await engine.run(callLogs(credential, { options: { simplify: false } })));
		assert.equal(rows.length, 650);
		assert.equal(new Set(ids(rows)).size, 650);
		assert.deepEqual(new Set(ids(rows)), new Set(ids(sim.calls)));
		assert.equal(sim.counters.logins, 2);
		assert.equal(sim.counters.rejectedSessions, 1);
		// 4 pages of 200 plus the page the expired session was refused on.
		assert.equal(sim.requestCount(LIST), 5);
		assert.equal(engine.helper.preAuthentications.yunkeApi, 2);
	});

	for (const signal of ['body', 'http401', 'http302', 'html200'] as const) {
		test(`expiry signalled as ${signal}: refreshed once, the call succeeds`, async () => {
			sim.setKnobs({ expirySignal: signal });
			const engine = new Engine28(pkg);
			const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
			output(await engine.run(tree(credential)));
			assert.equal(sim.expireAllSessions(), 1);
			assert.equal(output(await engine.run(tree(credential))).length, 1);
			assert.equal(sim.counters.rejectedSessions, 1);
			assert.equal(sim.counters.logins, 2);
		});
	}
});

describe('Yunke Trigger on n8n 2.8 (PollContext)', () => {
	// The trigger reads Date.now() for its cursor: only Date is mocked (node:test MockTimers; timers,
	// performance and the simulator's own clock stay real), at instants each test sets like time passing.
	let now = PIN;
	const setNow = (ms: number) => {
		now = ms;
		mock.timers.setTime(ms);
		return ms;
	};
	/** A start time `msAgo` before the trigger's now, as Yunke writes it (Beijing wall time). */
	const at = (msAgo: number) => formatShanghai(now - msAgo);

	before(() => mock.timers.enable({ apis: ['Date'], now: PIN }));
	after(() => mock.timers.reset());

	test('polls emit each new call once, nothing when nothing is new, and continue after a restart', async () => {
		setNow(PIN);
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const workflow: WorkflowJson = {
			nodes: [
				node('Trigger', YUNKE_TRIGGER, { event: 'newCallLog', callType: '', filters: {}, options: { lookBackHours: 1, overlapMinutes: 10 } }, {
					credentials: { yunkeApi: credential },
				}),
			],
			connections: {},
		};
		const floor = at(3600_000);
		let staticData: IDataObject = {};
		const poll = async (on = engine) => {
			const result = await on.poll(workflow, 'Trigger', { staticData });
			staticData = result.staticData;
			return (result.items ?? []).map((item) => String(item.json.id));
		};

		// First poll: the look-back hour of history.
		sim.insertCalls([{ startCallTime: at(30 * 60_000) }, { startCallTime: at(45 * 60_000) }]);
		const history = sim.calls.filter((call) => call.startCallTime >= floor).map((call) => call.id);
		assert.ok(history.length >= 2);
		assert.deepEqual((await poll()).sort(), [...history].sort());
		setNow(now + 60_000);
		assert.deepEqual(await poll(), []);

		// New calls, one of them arriving late (started 6 minutes ago, inside the overlap window).
		setNow(now + 60_000);
		const fresh = sim.insertCalls([{ startCallTime: at(20_000) }, { startCallTime: at(6 * 60_000) }]);
		assert.deepEqual((await poll()).sort(), fresh.map((call) => call.id).sort());
		setNow(now + 60_000);
		assert.deepEqual(await poll(), []);

		// A restart: new engine, the static data as n8n persisted it (JSON).
		setNow(now + 60_000);
		staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const late = sim.insertCalls([{ startCallTime: at(3 * 60_000) }]);
		assert.deepEqual(await poll(new Engine28(pkg, engine.store)), [late[0].id]);
		assert.equal(sim.counters.logins, 1);
	});

	test('manual "Fetch Test Event" returns the latest calls and leaves the cursor alone', async () => {
		setNow(PIN + 3600_000);
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const workflow: WorkflowJson = {
			nodes: [node('Trigger', YUNKE_TRIGGER, { event: 'newCallLog', callType: '', filters: {}, options: {} }, { credentials: { yunkeApi: credential } })],
			connections: {},
		};
		const result = await engine.poll(workflow, 'Trigger', { mode: 'manual', staticData: {} });
		assert.equal(result.items?.length, 10);
		assert.deepEqual(result.staticData, {});
	});
});

describe('Yunke node: Recording → Download on n8n 2.8', () => {
	test('a 1 MB recording streamed into the binary property arrives byte for byte', async () => {
		sim.setKnobs({ recordingBytes: 1024 * 1024 + 7 });
		const engine = new Engine28(pkg);
		const credential = engine.store.add('yunkeApi', yunkeCredentialData(sim));
		const call = sim.calls.find((c) => c.recordFile !== '')!;
		const result = await engine.run(yunke(credential, { resource: 'recording', operation: 'download', source: 'callId', callId: call.id }));
		output(result);
		const [item] = result.output('Yunke');
		const binary = item.binary?.data;
		assert.ok(binary, 'binary property "data"');
		assert.equal(binary.fileName, `${call.id}.mp3`);
		assert.equal(binary.mimeType, 'audio/mpeg');
		const expected = recordingBytesFor(call.id, recordingSizeFor(call.callSeconds, sim.knobs.recordingBytes));
		const bytes = Buffer.from(binary.data, 'base64');
		assert.equal(bytes.length, expected.length);
		assert.ok(bytes.equals(expected), 'same bytes as the simulator served');
		assert.equal(sim.counters.recordingDownloads, 1);
	});
});
