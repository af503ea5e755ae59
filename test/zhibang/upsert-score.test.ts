/**
 * Customer → Create or Update (Upsert) against the simulator: score bands (value level), assignment by score, follow-up records, read-back.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { wechatContacts } from '../support/leads';
import { UPSERT_LEADS_BY_KHID } from '../support/workflows';
import { json, useHarness } from './harness';

const h = useHarness();

const UPSERT = UPSERT_LEADS_BY_KHID;

/** Customers this file creates (the seed has WX1001…WX1004 of its own). */
const ours = () => h.sim.findCustomers((c) => c.khid.startsWith('WX5'));

describe('score → value level (jz)', () => {
	it.each([
		[0, 290],
		[44, 290],
		[45, 177],
		[59, 177],
		[60, 176],
		[74, 176],
		[75, 289],
		[89, 289],
		[90, 175],
		[100, 175],
	])('score %p is stored as jz %p', async (score, jz) => {
		const [out] = json(await h.output(UPSERT, [{ ...wechatContacts(1)[0], score }]));
		expect(h.sim.customer(Number(out.customerId))!.jz).toBe(jz);
	});

	it('uses the band ids chosen for this install', async () => {
		h.sim.setKnobs({ enums: { jz: [{ id: 901, text: '很高' }, { id: 902, text: '较高' }, { id: 903, text: '一般' }, { id: 904, text: '较低' }, { id: 905, text: '很低' }] } });
		const bands = { veryHigh: '901', high: '902', medium: '903', low: '904', veryLow: '905' };
		const out = json(await h.output({ ...UPSERT, options: bands }, [95, 80, 65, 50, 10].map((score, i) => ({ ...wechatContacts(1, i)[0], score }))));
		expect(out.map((o) => h.sim.customer(Number(o.customerId))!.jz)).toEqual([901, 902, 903, 904, 905]);
	});

	it('leaves the value level alone without a score', async () => {
		const [out] = json(await h.output(UPSERT, [{ ...wechatContacts(1)[0], score: '' }]));
		expect(h.sim.customer(Number(out.customerId))!.jz).toBe(0);
	});
});

describe('assignment by score', () => {
	const ASSIGN: INodeParameters = { ...UPSERT, assignByScore: true, goldUserId: '61', salesUserId: '62' };

	it.each([
		[100, 'gold', [61]],
		[80, 'gold', [61]],
		[79, 'sales', [62]],
		[60, 'sales', [62]],
		[59, 'pool', []],
		[0, 'pool', []],
	])('score %p → %s', async (score, tier, owners) => {
		const [out] = json(await h.output(ASSIGN, [{ ...wechatContacts(1)[0], score }]));
		expect(out.assignment).toMatchObject({ tier, changed: true, score });
		expect(h.sim.customer(Number(out.customerId))!.cateids).toEqual(owners);
		expect(h.sim.oplog.map((e) => e.action)).toEqual(['customer.create', 'customer.assign']);
	});

	it('uses edited thresholds, and a second run with the owner already right costs 1 request', async () => {
		const params = { ...ASSIGN, goldThreshold: 90, salesThreshold: 50 };
		const items = [85, 90, 49].map((score, i) => ({ ...wechatContacts(1, i)[0], score }));
		const out = json(await h.output(params, items));
		expect(out.map((o) => (o.assignment as IDataObject).tier)).toEqual(['sales', 'gold', 'pool']);
		h.sim.resetCounters();
		const again = json(await h.output(params, items));
		expect(again.map((o) => [o.action, (o.assignment as IDataObject).changed])).toEqual([
			['unchanged', false],
			['unchanged', false],
			['unchanged', false],
		]);
		expect(h.ops()).toEqual({ 'customer.list': 3 });
	});

	it('moves an existing customer whose score changed', async () => {
		const [item] = wechatContacts(1);
		await h.output(ASSIGN, [{ ...item, score: 85 }]);
		h.sim.resetCounters();
		const [out] = json(await h.output(ASSIGN, [{ ...item, score: 30 }]));
		expect(out).toMatchObject({ action: 'updated', assignment: { tier: 'pool', changed: true }, verified: true });
		expect(ours()[0]).toMatchObject({ cateids: [], jz: 290 });
		expect(h.ops()).toEqual({ 'customer.list': 1, 'customer.save': 1, 'customer.assign': 1, 'customer.detail': 2 });
	});

	it('refuses to assign without a score or without users', async () => {
		const noScore = await h.run(ASSIGN, [{ ...wechatContacts(1)[0], score: '' }]);
		expect(noScore.nodeError('Zhibang')?.message).toMatch(/Assign by Score needs a Score/);
		const noUser = await h.run({ ...ASSIGN, goldUserId: '={{ "" }}' }, wechatContacts(1));
		expect(noUser.nodeError('Zhibang')?.message).toMatch(/choose the gold sales user/);
		expect(h.sim.ops).toEqual({});
	});
});

describe('follow-up record', () => {
	const FOLLOW: INodeParameters = { ...UPSERT, addFollowUp: true, followUpContent: '={{ $json.summary }}', followUpMethod: '481' };

	it('adds the content (or the template text) with the chosen method', async () => {
		const items = [
			{ ...wechatContacts(1)[0], summary: '客户对产品很感兴趣，准备下周面谈' },
			{ ...wechatContacts(1, 1)[0], summary: '' },
		];
		const out = json(await h.output(FOLLOW, items));
		expect(out.map((o) => o.followUp)).toEqual([
			{ saved: true, method: '481', content: '客户对产品很感兴趣，准备下周面谈' },
			{ saved: true, method: '481', content: '谈的很好，让发合同' },
		]);
		expect(h.sim.followups().map((f) => [f.customer, f.intro, f.sort, f.datatype, f.authorName])).toEqual([
			[Number(out[0].customerId), '客户对产品很感兴趣，准备下周面谈', 481, 'tel', '接口账号'],
			[Number(out[1].customerId), '谈的很好，让发合同', 481, 'tel', '接口账号'],
		]);
	});

	it('"Created" adds it only for new customers; "Always" on every run', async () => {
		const [item] = wechatContacts(1);
		const once = { ...FOLLOW, followUpWhen: 'created' };
		await h.output(once, [{ ...item, summary: 'a' }]);
		const [second] = json(await h.output(once, [{ ...item, summary: 'b' }]));
		expect(second.followUp).toBeNull();
		expect(h.sim.followups().map((f) => f.intro)).toEqual(['a']);
		await h.output(FOLLOW, [{ ...item, summary: 'c' }]);
		expect(h.sim.followups().map((f) => f.intro)).toEqual(['a', 'c']);
	});

	it('a follow-up longer than the ERP takes fails before anything is written, customer included', async () => {
		const result = await h.run(FOLLOW, [{ ...wechatContacts(1)[0], summary: '通话摘要'.repeat(300) }]);
		expect(result.nodeError('Zhibang')?.message).toMatch(/跟进内容超过 1000 字.*longer than 1000 characters/);
		expect(h.sim.ops).toEqual({});
		expect(ours()).toHaveLength(0);
	});
});

describe('read-back', () => {
	it('a save the ERP reports but does not store → clear NodeApiError; the re-run creates it once', async () => {
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const items = wechatContacts(3);
		const result = await h.run(UPSERT, items, { continueOnFail: true });
		const out = json(result.output('Zhibang'));
		expect(out[0].error).toMatch(/reported the save as successful, but customer \d+ does not exist when read back/);
		expect(out[1].action).toBe('created');
		expect(ours()).toHaveLength(2);

		const rerun = json(await h.output(UPSERT, items));
		expect(rerun.map((o) => o.action)).toEqual(['created', 'unchanged', 'unchanged']);
		expect(ours()).toHaveLength(3);
	});

	it('a failed read-back says what to do, and doing it converges: every field written, then unchanged', async () => {
		const [item] = wechatContacts(1);
		await h.output({ ...UPSERT, additionalFields: { qq: '10001' } }, [item]);
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const changed = { ...UPSERT, additionalFields: { qq: '20002' } };
		const failed = await h.run(changed, [{ ...item, company: '改名后的公司' }]);
		const error = failed.nodeError('Zhibang') as Error & { description?: string };
		expect(error.message).toMatch(/were not stored/);
		expect(error.description).toMatch(/Compare All Fields/);
		// As advised: the same item again, with Compare All Fields on.
		const advised = { ...changed, options: { compareAllFields: true } };
		const [rerun] = json(await h.output(advised, [{ ...item, company: '改名后的公司' }]));
		expect(rerun).toMatchObject({ action: 'updated', verified: true });
		expect(ours()[0]).toMatchObject({ name: '改名后的公司', fields: expect.objectContaining({ qq: '20002' }) });
		const [again] = json(await h.output(advised, [{ ...item, company: '改名后的公司' }]));
		expect(again.action).toBe('unchanged');
	});

	it('an update the ERP does not store names the fields', async () => {
		const [item] = wechatContacts(1);
		await h.output(UPSERT, [item]);
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const result = await h.run(UPSERT, [{ ...item, company: '新名字公司', score: 99 }]);
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/these fields were not stored: name, jz/);
		expect(error.description).toMatch(/name: "新名字公司" → "微信测试公司0"/);
	});
});
