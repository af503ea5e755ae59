/**
 * Customer → Create or Update at version 1.1 against the simulator: the defaults suit Yunke call
 * logs (match by the caller's mobile), follow-ups only when something changed, no demo IDs, and
 * editable score bands. One test pins version 1's defaults.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { json, useHarness } from './harness';

const h = useHarness();

const V11 = { typeVersion: 1.1 };

/** Only what version 1.1 requires: name, category (the simulator's 21 微信客户), contact of a company. */
const REQUIRED: INodeParameters = {
	resource: 'customer',
	operation: 'upsert',
	name: '={{ $json.customerCompany || $json.planCustomerCompany }}',
	contactName: '={{ $json.customerName || $json.planCustomerName }}',
	category: '21',
};

/** Two calls of one caller, as the Yunke node outputs them with Simplify (customerPhone) and without (callNumber). */
const CALLS: Record<string, IDataObject[]> = {
	simplified: [
		{ id: '880001', direction: 'outbound', customerPhone: '+86 139-0000-1234', customerName: '周先生', customerCompany: '周氏贸易', connected: true, durationSeconds: 95 },
		{ id: '880002', direction: 'outbound', customerPhone: '13900001234', customerName: '周先生', customerCompany: '周氏贸易', connected: true, durationSeconds: 30 },
	],
	raw: [
		{ id: 880001, callNumber: '13900001234', planCustomerName: '周先生', planCustomerCompany: '周氏贸易', callStatus: 2, callSeconds: 95, incomingCall: 0 },
		{ id: 880002, callNumber: '13900001234', planCustomerName: '周先生', planCustomerCompany: '周氏贸易', callStatus: 2, callSeconds: 30, incomingCall: 0 },
	],
};

const caller = () => h.sim.findCustomers((c) => c.mobile === '13900001234');

describe('version 1.1 defaults on Yunke call logs', () => {
	it.each(Object.keys(CALLS))('two %s call logs of the same caller make one customer, numbered M + mobile', async (shape) => {
		const out = json(await h.output(REQUIRED, CALLS[shape], V11));
		expect(out.map((o) => o.action)).toEqual(['created', 'unchanged']);
		expect(out[1].customerId).toBe(out[0].customerId);
		expect(out.map((o) => o.matchedBy)).toEqual(['mobile', 'mobile']);
		const customers = caller();
		expect(customers).toHaveLength(1);
		// The category as picked (its id), no source: version 1.1 sends no demo IDs of its own.
		expect(customers[0]).toMatchObject({ khid: 'M13900001234', name: '周氏贸易', sort1: 21, ly: 0 });
	});

	it('a re-run with follow-ups on adds no follow-up (added only when the customer was created or updated)', async () => {
		const params = { ...REQUIRED, addFollowUp: true, followUpContent: '=通话 {{ $json.durationSeconds }} 秒', followUpMethod: '481' };
		const before = h.sim.followups().length;
		const first = json(await h.output(params, CALLS.simplified, V11));
		expect(first.map((o) => o.action)).toEqual(['created', 'unchanged']);
		expect(first.map((o) => o.followUp)).toEqual([{ saved: true, method: '481', content: '通话 95 秒' }, null]);
		expect(h.sim.followups()).toHaveLength(before + 1);

		const rerun = json(await h.output(params, CALLS.simplified, V11));
		expect(rerun.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
		expect(rerun.map((o) => o.followUp)).toEqual([null, null]);
		expect(h.sim.followups()).toHaveLength(before + 1);
	});

	it('has no default category, follow-up method or template: an unset one stops the run before any request', async () => {
		const one = CALLS.simplified.slice(0, 1);
		// Required parameters without a value: the editor and the engine refuse to run the workflow.
		await expect(h.run({ ...REQUIRED, category: '' }, one, V11)).rejects.toThrow(/"分类 \/ Category Name or ID" is required/);
		await expect(h.run({ ...REQUIRED, addFollowUp: true, followUpContent: 'x' }, one, V11)).rejects.toThrow(/"跟进方式 \/ Follow-Up Method Name or ID" is required/);
		// No content and no template: the item fails.
		const noContent = await h.run({ ...REQUIRED, addFollowUp: true, followUpMethod: '481' }, one, V11);
		expect(noContent.nodeError('Zhibang')?.message).toMatch(/跟进内容为空.*follow-up is empty|follow-up is empty/);
		expect(h.requests()).toBe(0);
		expect(caller()).toHaveLength(0);
	});
});

describe('version 1.1 score bands', () => {
	const LEVELS = { veryHigh: '175', high: '289', medium: '176', low: '177', veryLow: '290' };
	const lead = (score: number) => [{ customerPhone: '13900001234', customerName: '周先生', customerCompany: '周氏贸易', score }];
	const scored = (options: INodeParameters): INodeParameters => ({ ...REQUIRED, score: '={{ $json.score }}', options });

	it('moved lower bounds decide the band', async () => {
		// The seed's bands put 80 in 75–89 (289 较高); with Very High from 80 it is 很高.
		await h.output(scored({ ...LEVELS, veryHighFrom: 80 }), lead(80), V11);
		expect(caller()[0]).toMatchObject({ jz: 175 });
		// Low from 20: 30 is no longer 很低.
		const [out] = json(await h.output(scored({ ...LEVELS, veryHighFrom: 80, lowFrom: 20 }), lead(30), V11));
		expect(out).toMatchObject({ action: 'updated', changedFields: ['jz'] });
		expect(caller()[0]).toMatchObject({ jz: 177 });
	});

	it.each([
		['High above Very High', { highFrom: 95 }],
		['Medium equal to High', { mediumFrom: 75 }],
		['Very High above 100', { veryHighFrom: 101 }],
		['Low starting at 0', { lowFrom: 0 }],
		['a fraction', { mediumFrom: 60.5 }],
	])('lower bounds with %s are refused with a bilingual reason, before any request', async (_case, bounds) => {
		const result = await h.run(scored({ ...LEVELS, ...bounds }), lead(70), V11);
		const message = result.nodeError('Zhibang')?.message ?? '';
		expect(message).toMatch(/评分档设置有误.*从高到低严格递减/);
		expect(message).toMatch(/strictly descending \(Very High > High > Medium > Low > Very Low = 0\)/);
		expect(h.requests()).toBe(0);
	});

	it('a score in a band without a chosen value level fails the item, naming the band', async () => {
		const result = await h.run(scored({ veryHigh: '175' }), lead(80), V11);
		expect(result.nodeError('Zhibang')?.message).toMatch(/75–89 \/ 较高/);
		expect(h.requests()).toBe(0);
	});
});

describe('Create at version 1.1', () => {
	it('requires a category picked from the ERP and sends no source of its own', async () => {
		const create: INodeParameters = { resource: 'customer', operation: 'create', customerType: 'person', name: '赵六' };
		await expect(h.run(create, [{}], V11)).rejects.toThrow(/"分类 \/ Category Name or ID" is required/);
		const [out] = json(await h.output({ ...create, category: '21' }, [{}], V11));
		expect(h.sim.customer(Number(out.customerId))).toMatchObject({ name: '赵六', sort1: 21, ly: 0 });
	});
});

describe('version 1 keeps its defaults', () => {
	it('khid WX{id}, category text 微信客户, source 171, seed value levels, template 106 on every run', async () => {
		const params: INodeParameters = {
			resource: 'customer',
			operation: 'upsert',
			name: '={{ $json.company }}',
			contactName: '={{ $json.name }}',
			score: '={{ $json.score }}',
			addFollowUp: true,
		};
		const items = [{ id: 7701, company: '旧版公司', name: '王五', score: 95 }];
		const [out] = json(await h.output(params, items));
		expect(out).toMatchObject({ action: 'created', khid: 'WX7701', matchedBy: 'khid', followUp: { saved: true, method: '481', content: '谈的很好，让发合同' } });
		expect(h.sim.findCustomers((c) => c.khid === 'WX7701')[0]).toMatchObject({ sort1Name: '微信客户', ly: 171, jz: 175 });
		const before = h.sim.followups().length;
		const [again] = json(await h.output(params, items));
		expect(again.action).toBe('unchanged');
		expect(h.sim.followups()).toHaveLength(before + 1);
	});
});
