/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Example workflows 2–5, the very files in examples/workflows, in n8n-core's engine with n8n's own
 * nodes (Webhook, Respond to Webhook, Edit Fields, If, No Operation) against both simulators.
 */
import type { IDataObject, IExecuteResponsePromiseData } from 'n8n-workflow';
import path from 'node:path';

import { formatShanghai, recordingBytesFor, recordingSizeFor } from '../../simulators/yunke';
import { binaryBuffer, shutdownEngine } from '../engine/engine';
import { EXAMPLES, readWorkflow, startExamples, type Examples } from '../../scripts/story';

let env: Examples;

beforeAll(async () => {
	// A busy call centre: about 100 calls an hour, so the last hour has work in it.
	env = await startExamples({ yunke: { callCount: 2400, days: 1 } });
}, 300_000);

afterAll(async () => {
	await env?.close();
	await shutdownEngine();
});

describe('2. webhook lead → admission → ERP', () => {
	const workflow = readWorkflow(path.join(EXAMPLES, '2-webhook-lead-to-erp.json'));

	async function post(lead: IDataObject) {
		const responses: IExecuteResponsePromiseData[] = [];
		const result = await env.engine.run(
			{ ...workflow, pinData: { 'Lead webhook': [{ json: { headers: {}, params: {}, query: {}, body: lead } }] } },
			{ startNode: 'Lead webhook', onResponse: (response) => responses.push(response) },
		);
		expect(result.error).toBeUndefined();
		expect(responses).toHaveLength(1);
		return responses[0] as { statusCode: number; body: IDataObject };
	}

	test('an admitted lead is created once and answered with its ERP customer id', async () => {
		const lead = { name: '王小明', mobile: '+86 139-1234-5678', company: '网页线索科技有限公司', score: 85 };
		const first = await post(lead);
		expect(first.statusCode).toBe(200);
		expect(first.body).toMatchObject({ ok: true, action: 'created' });
		const [customer] = env.zhibang.findCustomers((c) => c.mobile === '13912345678');
		expect(String(customer.ord)).toBe(String(first.body.customerId));
		expect(customer).toMatchObject({ name: '网页线索科技有限公司', person_name: '王小明', intsort: 1, jz: 289, ly: 171 });

		const again = await post(lead);
		expect(again.body).toMatchObject({ ok: true, action: 'unchanged', customerId: first.body.customerId });
		expect(env.zhibang.findCustomers((c) => c.mobile === '13912345678')).toHaveLength(1);
	});

	test('a rejected lead gets HTTP 422 with the reasons, and nothing is written', async () => {
		const writes = env.zhibang.oplog.length;
		const response = await post({ name: '', mobile: '12345', company: '', score: 30 });
		expect(response.statusCode).toBe(422);
		expect(response.body.ok).toBe(false);
		expect(response.body.rules).toEqual(['mobile', 'name', 'score']);
		expect((response.body.reasons as string[]).every((r) => / \/ /.test(r))).toBe(true);
		expect(env.zhibang.oplog.length).toBe(writes);
	});
});

describe('3. new connected calls → recordings', () => {
	const workflow = readWorkflow(path.join(EXAMPLES, '3-new-call-recordings.json'));

	test('"Fetch Test Event" downloads the MP3 of each latest connected call that has one, byte for byte', async () => {
		// A connected call without a recording (dirty data) among the latest ones: it is skipped. It
		// starts at the simulator's now (no startCallTime). The trigger's "Fetch Test Event" reads the
		// real clock (Date.now()), which this simulator follows (not pinned in beforeAll), so the call
		// is inside the trigger's window (the last 30 days up to now).
		env.yunke.insertCalls([{ callStatus: 2, callSeconds: 33, recordFile: '' }]);
		const result = await env.engine.run(workflow, { startNode: 'On new connected call' });
		expect(result.error).toBeUndefined();
		const fetched = result.output('On new connected call');
		const items = result.output('Store or transcribe here');
		expect(items.length).toBeGreaterThan(0);
		const withoutRecording = fetched.filter((i) => !i.json.recordingUrl).length;
		expect(withoutRecording).toBeGreaterThanOrEqual(1);
		expect(items).toHaveLength(fetched.length - withoutRecording);
		const connected = env.yunke.calls.filter((c) => c.callStatus === 2 && c.recordFile);
		for (const item of items) {
			const call = connected.find((c) => c.id === item.json.id)!;
			expect(call).toBeDefined();
			const binary = item.binary!.recording;
			expect(binary).toMatchObject({ fileName: `${call.id}.mp3`, mimeType: 'audio/mpeg' });
			const expected = recordingBytesFor(call.id, recordingSizeFor(call.callSeconds));
			expect((await binaryBuffer(binary)).equals(expected)).toBe(true);
		}
	});
});

describe('4. sync health check', () => {
	const workflow = readWorkflow(path.join(EXAMPLES, '4-sync-health-alert.json'));

	test('a healthy hour goes to "Healthy" with its figures', async () => {
		const result = await env.engine.run(workflow, { startNode: 'When clicking ‘Execute workflow’' });
		expect(result.error).toBeUndefined();
		const [figures] = result.output('Healthy').map((i) => i.json);
		// The figures are the upsert's own results: errors (e.g. a name the ERP already has) are counted, not hidden.
		const upserts = result.output('Create or update customer in Zhibang').map((i) => i.json);
		const failures = upserts.filter((u) => u.error).length;
		expect(upserts.length).toBeGreaterThan(0);
		expect(figures).toMatchObject({ total: upserts.length, failures, sessionExpiries: 0, alerts: [] });
		expect(figures.successRate).toBeCloseTo((upserts.length - failures) / upserts.length, 3);
		expect(Number(figures.successRate)).toBeGreaterThanOrEqual(0.8);
		expect(() => result.output('Alert')).toThrow(/did not run/);
	});

	test('failed saves and session expiries cross the thresholds: one alert with every reason', async () => {
		// Every save reports success without saving (the read-back catches it), and sessions expire repeatedly.
		env.zhibang.setKnobs({ saveWithoutPersist: 1000 });
		for (const after of [0, 3, 6, 9, 12]) {
			env.zhibang.addFault({ route: '/sysa/mobilephone/salesmanage/custom/list.asp', kind: 'expire', after });
		}
		// New calls this hour, so there are customers to create.
		env.yunke.generateCalls(150, { spreadMs: 20 * 60_000 });
		try {
			const result = await env.engine.run(workflow, { startNode: 'When clicking ‘Execute workflow’' });
			expect(result.error).toBeUndefined();
			const alerts = result.output('Alert').map((i) => i.json);
			expect(alerts).toHaveLength(1);
			const [alert] = alerts;
			expect(Number(alert.failures)).toBeGreaterThan(10);
			expect(Number(alert.successRate)).toBeLessThan(0.8);
			expect(Number(alert.sessionExpiries)).toBeGreaterThan(3);
			expect(alert.alerts).toEqual(
				expect.arrayContaining([expect.stringMatching(/success rate/), expect.stringMatching(/failures/), expect.stringMatching(/session expiries/)]),
			);
			expect(String(alert.message)).toMatch(/同步告警/);
		} finally {
			env.zhibang.setKnobs({ saveWithoutPersist: 0 });
			env.zhibang.clearFaults();
		}
	});
});

describe('5. Yunke Trigger → admission → ERP (the production form of workflow 1)', () => {
	const workflow = readWorkflow(path.join(EXAMPLES, '5-new-calls-to-erp.json'));
	const TRIGGER = 'On new connected outbound call';

	test('each new connected outbound call is polled once and becomes one customer; a later poll emits none of them again', async () => {
		// First activation with a 1-hour look-back (the file starts from now): three calls of half an hour ago.
		const trigger = workflow.nodes.find((n) => n.name === TRIGGER)!;
		const activated = { ...workflow, nodes: workflow.nodes.map((n) => (n === trigger ? { ...n, parameters: { ...n.parameters, options: { ...(n.parameters.options as IDataObject), lookBackHours: 1 } } } : n)) };
		const at = formatShanghai(env.yunke.now() - 30 * 60_000);
		const leads = [
			{ planCustomerName: '周建华', callNumber: '13500135001' },
			{ planCustomerName: '吴海燕', callNumber: '13500135002' },
			{ planCustomerName: '郑先生', callNumber: '13500135003' },
		];
		env.yunke.insertCalls(leads.map((lead) => ({ ...lead, startCallTime: at, callStatus: 2, callSeconds: 120, incomingCall: 0, planCustomerCompany: '' })));

		const polled = await env.engine.poll(activated, TRIGGER);
		const ours = (polled.items ?? []).filter((i) => leads.some((l) => l.callNumber === i.json.customerPhone));
		expect(ours).toHaveLength(3);
		const result = await env.engine.run({ ...activated, pinData: { [TRIGGER]: polled.items ?? [] } }, { startNode: TRIGGER });
		expect(result.error).toBeUndefined();
		for (const lead of leads) {
			const found = env.zhibang.findCustomers((c) => c.khid === `YK${lead.callNumber}`);
			expect(found).toHaveLength(1);
			expect(found[0].name.startsWith(lead.planCustomerName)).toBe(true);
		}
		expect(result.output('Create or update customer in Zhibang', 1)).toEqual([]); // nothing on the error output

		// The next poll continues from the stored cursor: none of these calls again.
		const next = await env.engine.poll(activated, TRIGGER, { staticData: polled.staticData });
		expect((next.items ?? []).filter((i) => leads.some((l) => l.callNumber === i.json.customerPhone))).toEqual([]);
	});
});
