/**
 * Example workflow 1 — examples/workflows/1-call-logs-to-erp.json, the very file users import —
 * in n8n-core's engine with n8n's own Manual Trigger and Edit Fields nodes, against both
 * simulators. The ERP is checked item by item: customers, value levels, owners, follow-ups.
 */
import type { IDataObject } from 'n8n-workflow';

import { shutdownEngine } from '../engine/engine';
import { startStory, W1, type Story } from '../../scripts/story';

let story: Story;

/** A fixed instant (Beijing 2026-03-02 10:17): the test never reads the wall clock. */
const NOW = Date.parse('2026-03-02T10:17:00+08:00');

/** The seed's bands (90–100→175, 75–89→289, 60–74→176, 45–59→177, 0–44→290). */
const seedBand = (score: number) => (score >= 90 ? 175 : score >= 75 ? 289 : score >= 60 ? 176 : score >= 45 ? 177 : 290);

beforeAll(async () => {
	story = await startStory({ now: NOW });
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
	const dayAgo = NOW - 86_400_000;
	const expectedCalls = story.yunke.calls.filter(
		(c) => c.incomingCall === 0 && c.callStatus === 2 && Date.parse(`${c.startCallTime.replace(' ', 'T')}+08:00`) >= dayAgo - 60_000,
	);
	expect(calls.length).toBeGreaterThan(10);
	expect(new Set(calls.map((c) => c.id))).toEqual(new Set(expectedCalls.map((c) => c.id)));
	expect(admitted.length + rejected.length).toBe(calls.length);
	expect(admitted.length).toBeGreaterThan(0);
	expect(rejected.length).toBeGreaterThan(0);

	// Admitted: one customer per call, found by the khid built from the phone; a namesake carries
	// the last 4 digits of its mobile (the demo data always has some, and title-only names).
	const upserts = first.output(W1.upsert).map((i) => i.json);
	expect(upserts).toHaveLength(admitted.length);
	const namesakes = upserts.filter((u) => u.storedName);
	expect(namesakes.length).toBeGreaterThanOrEqual(3);
	expect(first.figures).toMatchObject({ failed: 0, failures: [], namesakes: namesakes.length });
	expect(first.figures.titleOnlyNames).toBeGreaterThanOrEqual(5);
	const followUps = story.zhibang.followups();
	for (const [index, call] of (admitted as IDataObject[]).entries()) {
		const [customer] = story.zhibang.findCustomers((c) => c.khid === `YK${call.normalizedMobile}`);
		expect(customer).toBeDefined();
		const tagged = `${String(call.customerName)}（${String(call.normalizedMobile).slice(-4)}）`;
		expect(customer.name).toBe(upserts[index].storedName ? tagged : call.customerName);
		expect(upserts[index].customerId).toBe(String(customer.ord));
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

test('one lead the ERP refuses goes to the error branch with its reason; the others are written (Name Already Used → Fail the Item)', async () => {
	story.moveTo(NOW);
	const upsert = story.workflow.nodes.find((n) => n.name === W1.upsert)!;
	const original = upsert.parameters;
	upsert.parameters = { ...original, options: { ...(original.options as IDataObject), onNameConflict: 'fail' } };
	try {
		const { figures, output } = await story.run();
		const admitted = output(W1.admission, 0).map((i) => i.json);
		// The demo data always has namesakes in the last day: with "Fail the Item" they fail, one by one.
		expect(figures.failed).toBeGreaterThanOrEqual(3);
		expect(figures.created).toBe(admitted.length - figures.failed);
		for (const failure of figures.failures) {
			expect(failure.reason).toMatch(/已被另一位客户使用.*already used by a different customer/);
			expect(admitted.some((a) => String(a.id) === failure.callId && a.customerName === failure.name)).toBe(true);
		}
		const advice = output(W1.failed).map((i) => String(i.json.advice));
		expect(advice.every((a) => /Add Last 4 Digits of Mobile/.test(a))).toBe(true);
		expect(story.zhibang.customers().filter((c) => c.khid.startsWith('YK'))).toHaveLength(figures.created);
	} finally {
		upsert.parameters = original;
	}
});
