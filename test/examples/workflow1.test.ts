/**
 * Example workflow 1 — examples/workflows/1-call-logs-to-erp.json, the very file users import —
 * in n8n-core's engine with n8n's own Manual Trigger and Edit Fields nodes, against both
 * simulators. The ERP is checked item by item: customers, value levels, owners, follow-ups.
 */
import type { IDataObject } from 'n8n-workflow';

import { shutdownEngine } from '../engine/engine';
import { startStory, W1, type Story } from '../../scripts/story';

let story: Story;

/** The seed's bands (90–100→175, 75–89→289, 60–74→176, 45–59→177, 0–44→290). */
const seedBand = (score: number) => (score >= 90 ? 175 : score >= 75 ? 289 : score >= 60 ? 176 : score >= 45 ? 177 : 290);

beforeAll(async () => {
	story = await startStory();
}, 300_000);

afterAll(async () => {
	await story?.close();
	await shutdownEngine();
});

test('calls → admission → ERP: every admitted call becomes a customer with its value level, owner and follow-up; a re-run creates none', async () => {
	const customersBefore = story.zhibang.customers().length;
	const first = await story.run();
	const calls = first.output(W1.calls).map((i) => i.json);
	const admitted = first.output(W1.admission, 0).map((i) => i.json);
	const rejected = first.output(W1.admission, 1).map((i) => i.json);

	// The Yunke step: connected outbound calls of the last day, exactly as the simulator has them.
	const dayAgo = Date.now() - 86_400_000;
	const expectedCalls = story.yunke.calls.filter(
		(c) => c.incomingCall === 0 && c.callStatus === 2 && Date.parse(`${c.startCallTime.replace(' ', 'T')}+08:00`) >= dayAgo - 60_000,
	);
	expect(calls.length).toBeGreaterThan(10);
	expect(new Set(calls.map((c) => c.id))).toEqual(new Set(expectedCalls.map((c) => c.id)));
	expect(admitted.length + rejected.length).toBe(calls.length);
	expect(admitted.length).toBeGreaterThan(0);
	expect(rejected.length).toBeGreaterThan(0);

	// Admitted: one customer per call, found by the khid built from the phone.
	const followUps = story.zhibang.followups();
	for (const call of admitted as IDataObject[]) {
		const [customer] = story.zhibang.findCustomers((c) => c.khid === `YK${call.normalizedMobile}`);
		expect(customer).toBeDefined();
		expect(customer.name).toBe(call.customerName);
		expect(customer.mobile).toBe(call.normalizedMobile);
		expect(customer.ly).toBe(171);
		expect(customer.jz).toBe(seedBand(Number(call.score)));
		expect(customer.cateid).toBe(Number(call.score) >= 80 ? 61 : 62);
		const notes = followUps.filter((f) => f.customer === customer.ord);
		expect(notes).toHaveLength(1);
		expect(notes[0]).toMatchObject({ sort: 481, intro: call.summary });
		expect(notes[0].intro).toContain(String(call.id));
	}
	// Rejected: nothing written, and the reasons are the admission rules that failed.
	for (const call of rejected as IDataObject[]) {
		expect(story.zhibang.findCustomers((c) => c.khid === `YK${String(call.customerPhone)}`)).toHaveLength(0);
		const rules = (call.failedRules as IDataObject[]).map((r) => r.rule);
		expect(rules.length).toBeGreaterThan(0);
		if (rules.includes('score')) expect(Number(call.score)).toBeLessThan(60);
		if (rules.includes('name')) expect(String(call.customerName ?? '').trim()).toBe('');
	}
	const reasons = first.output(W1.rejected).map((i) => i.json);
	expect(reasons).toHaveLength(rejected.length);
	expect(reasons.every((r) => typeof r.reason === 'string' && / \/ /.test(String(r.reason)))).toBe(true);

	expect(first.figures).toMatchObject({ created: admitted.length, updated: 0, unchanged: 0, logins: { yunke: 1, zhibang: 1 } });
	expect(story.zhibang.customers().length).toBe(customersBefore + admitted.length);

	// The same workflow again, same simulator state: nothing created, no second follow-up, no login.
	const second = await story.run();
	expect(second.figures).toMatchObject({ created: 0, updated: 0, unchanged: admitted.length, followUps: 0, logins: { yunke: 0, zhibang: 0 } });
	expect(story.zhibang.customers().length).toBe(customersBefore + admitted.length);
	expect(story.zhibang.followups()).toHaveLength(followUps.length);
});
