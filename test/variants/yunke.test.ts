/**
 * The Yunke nodes against every server variant the protocol reference allows (docs/fidelity.md):
 * each variant is one simulator knob changed from the defaults; under each one every operation of
 * the Yunke node and the trigger runs once against a shared simulator reset between cases, and an
 * expired session costs exactly one login.
 */
import type { INodeCredentialsDetails } from 'n8n-workflow';

import { formatShanghai, type YunkeKnobs, type YunkeSimulator } from '../../simulators/yunke';
import { Engine, forgetSessions, loadPackage, shutdownEngine } from '../engine/engine';
import { yunkeCredentialData, yunkeSim } from '../support/sims';
import { node, YUNKE_TRIGGER } from '../support/workflows';
import { binaryBytes, jsonOf, outputOf, runYunke } from '../yunke/helpers';

export const YUNKE_VARIANTS: Array<[string, Partial<YunkeKnobs>]> = [
	['defaults', {}],
	['usercenter key directly under data', { usercenterKeyNested: false }],
	['no key cookie required', { requireKeyCookie: false }],
	['numbers sent as strings', { numericStyle: 'string' }],
	['dept tree as an object', { deptTreeShape: 'object' }],
	['expiry: body code 302', { expirySignal: 'body', expiryBodyCode: '302' }],
	['expiry: body code 10002', { expirySignal: 'body', expiryBodyCode: '10002' }],
	['expiry: unknown code, message only', { expirySignal: 'body', expiryBodyCode: '40100', expiryMessage: '登录已失效，请重新登录' }],
	['expiry: HTTP 401', { expirySignal: 'http401' }],
	['expiry: 302 to the login page', { expirySignal: 'http302' }],
	['expiry: the HTML login page', { expirySignal: 'html200' }],
	['company/userid headers checked when present', { headerCheck: 'lenient' }],
	['company/userid headers not checked', { headerCheck: 'off' }],
	['one session per user', { singleSession: true }],
	['recordings without Referer check', { ossCheckReferer: false }],
	['recordings without signature check', { ossCheckSignature: false }],
	['validation errors with code 400', { validationCode: '400' }],
];

let engine: Engine;
let sim: YunkeSimulator;
let cred: INodeCredentialsDetails;

beforeAll(async () => {
	engine = new Engine(await loadPackage());
	sim = await yunkeSim({ callCount: 200, days: 3 });
	cred = engine.store.add('yunkeApi', yunkeCredentialData(sim));
});

afterAll(async () => {
	await sim.close();
	await shutdownEngine();
});

describe.each(YUNKE_VARIANTS)('Yunke, %s', (_label, knobs) => {
	beforeEach(() => {
		sim.reset();
		forgetSessions();
		sim.setKnobs(knobs);
	});

	it('every operation of the node and the trigger works', async () => {
		expect(await engine.testCredential('yunkeApi', cred.id!)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const anchor = sim.knobs.anchorTime;
		const start = new Date(anchor - 2 * 86_400_000).toISOString();
		const end = new Date(anchor).toISOString();
		const expected = sim.calls.filter((c) => c.startCallTime >= formatShanghai(anchor - 2 * 86_400_000)).length;

		const calls = jsonOf(await runYunke(engine, cred, { resource: 'callLog', operation: 'getAll', startTime: start, endTime: end, returnAll: true }));
		expect(calls.length).toBeGreaterThan(0);
		expect(Math.abs(calls.length - expected)).toBeLessThanOrEqual(1);
		const recorded = sim.calls.find((c) => c.recordFile)!;

		const [url] = jsonOf(await runYunke(engine, cred, { resource: 'recording', operation: 'getUrl' }, { items: [{ id: recorded.id }] }));
		expect(String(url.url ?? url.recordingUrl ?? JSON.stringify(url))).toMatch(/^http|"http/);
		const [download] = outputOf(await runYunke(engine, cred, { resource: 'recording', operation: 'download', source: 'callId' }, { items: [{ id: recorded.id }] }));
		expect(binaryBytes(download).length).toBeGreaterThan(0);

		const day = (offset: number) => new Date(anchor + offset * 86_400_000).toISOString().slice(0, 10);
		const report = jsonOf(await runYunke(engine, cred, { resource: 'report', operation: 'getCallReport', childModule: 'allCall', startDate: day(-2), endDate: day(0), returnAll: true }));
		expect(report.length).toBeGreaterThan(0);

		const [tree] = jsonOf(await runYunke(engine, cred, { resource: 'department', operation: 'getTree' }));
		expect(tree).toMatchObject({ id: expect.any(String), name: expect.any(String) });
		const users = jsonOf(await runYunke(engine, cred, { resource: 'department', operation: 'getAllUsers', departmentId: 'd_sales1', returnAll: true }));
		expect(users.length).toBeGreaterThan(0);

		const [raw] = jsonOf(await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', method: 'POST', path: '/usercenter/dept/tree', body: '{"showUser":false}' }));
		expect(raw).toBeDefined();

		const inserted = sim.insertCalls([{ startCallTime: formatShanghai(Date.now() - 60_000) }]);
		const trigger = node('Trigger', YUNKE_TRIGGER, { event: 'newCallLog', callType: '', filters: {}, options: { lookBackHours: 1, overlapMinutes: 10 } }, { credentials: { yunkeApi: cred } });
		const polled = await engine.poll({ nodes: [trigger], connections: {} }, 'Trigger');
		expect((polled.items ?? []).map((item) => item.json.id)).toContain(inserted[0].id);
	});

	it('an expired session costs exactly one login', async () => {
		await runYunke(engine, cred, { resource: 'department', operation: 'getTree' });
		sim.expireAllSessions();
		sim.resetCounters();
		const [tree] = jsonOf(await runYunke(engine, cred, { resource: 'department', operation: 'getTree' }));
		expect(tree).toMatchObject({ id: expect.any(String) });
		expect(sim.counters.logins).toBe(1);
	});
});
