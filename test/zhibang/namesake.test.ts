/**
 * Create or Update with namesakes: the ERP refuses a second customer with the same name (查重).
 * A different person with the same name gets the last 4 digits of its mobile (刘总（8001）) or, with
 * "Fail the Item", a clear error; the same customer under another key always fails with the advice
 * to match by mobile. Re-runs converge: the tagged name is recognised as the customer's own.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { json, useHarness } from './harness';

const h = useHarness();

/** Workflow 1's mapping: person customers keyed by YK{mobile}. */
const LEADS: INodeParameters = {
	resource: 'customer',
	operation: 'upsert',
	customerType: 'person',
	matchBy: 'khid',
	customerNumber: '=YK{{ $json.mobile }}',
	mobile: '={{ $json.mobile }}',
	name: '={{ $json.name }}',
	category: '微信客户',
};

const lead = (name: string, mobile: string): IDataObject => ({ name, mobile });
const byMobile = (mobile: string) => h.sim.findCustomers((c) => c.mobile === mobile);

describe('a different person with the same name', () => {
	it('is saved under the name with its mobile’s last 4 digits; a re-run changes nothing', async () => {
		const before = h.sim.customers().length;
		const items = [lead('刘总', '13800008000'), lead('刘总', '13900008001')];
		const first = json(await h.output(LEADS, items));
		expect(first.map((o) => o.action)).toEqual(['created', 'created']);
		expect(first[0].storedName).toBeUndefined();
		expect(first[1].storedName).toBe('刘总（8001）');
		expect(first.every((o) => o.verified === true)).toBe(true);
		expect(byMobile('13800008000').map((c) => c.name)).toEqual(['刘总']);
		expect(byMobile('13900008001').map((c) => c.name)).toEqual(['刘总（8001）']);
		expect(h.sim.customers()).toHaveLength(before + 2);

		h.sim.resetCounters();
		const second = json(await h.output(LEADS, items));
		expect(second.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
		expect(second[1].storedName).toBe('刘总（8001）');
		expect(h.ops()).toEqual({ 'customer.list': 2 });
		expect(h.sim.customers()).toHaveLength(before + 2);
	});

	it('matched by mobile, a namesake of a seeded customer is tagged as well', async () => {
		const [seeded] = h.sim.customers().filter((c) => c.name && c.mobile);
		const items = [lead(seeded.name, '13700001234')];
		const params = { ...LEADS, matchBy: 'mobile', customerNumber: '' };
		const [out] = json(await h.output(params, items));
		expect(out).toMatchObject({ action: 'created', storedName: `${seeded.name}（1234）` });
		expect(h.sim.customer(seeded.ord)?.name).toBe(seeded.name);
		expect(json(await h.output(params, items))[0].action).toBe('unchanged');
	});

	it('with “Fail the Item” the item fails with the namesake advice and nothing is written for it', async () => {
		const before = h.sim.customers().length;
		const params = { ...LEADS, options: { onNameConflict: 'fail' } };
		const out = json(await h.output(params, [lead('张先生', '13800001111'), lead('张先生', '13800002222')], { continueOnFail: true } as never));
		expect(out[0].action).toBe('created');
		expect(String(out[1].error)).toMatch(/已被另一位客户使用.*不同的人/);
		expect(String(out[1].error)).toMatch(/already used by a different customer/);
		expect(String(out[1].error)).not.toMatch(/13800001111/);
		expect(h.sim.customers()).toHaveLength(before + 1);
		expect(byMobile('13800002222')).toHaveLength(0);
	});

	it('a renamed customer whose new name a namesake holds is updated under the tagged name', async () => {
		await h.output(LEADS, [lead('李女士', '13600003333'), lead('王经理', '13600004444')]);
		h.sim.resetCounters();
		const [out] = json(await h.output(LEADS, [lead('李女士', '13600004444')]));
		expect(out).toMatchObject({ action: 'updated', storedName: '李女士（4444）', changedFields: ['name'] });
		expect(byMobile('13600004444').map((c) => c.name)).toEqual(['李女士（4444）']);
		expect(byMobile('13600003333').map((c) => c.name)).toEqual(['李女士']);
		expect(json(await h.output(LEADS, [lead('李女士', '13600004444')]))[0].action).toBe('unchanged');
	});

	it('when the tagged name is taken too, the item fails after two saves, with the namesake advice', async () => {
		await h.output(LEADS, [lead('赵总', '13500005555'), lead('赵总', '13800005555')]);
		expect(byMobile('13800005555').map((c) => c.name)).toEqual(['赵总（5555）']);
		h.sim.resetCounters();
		const out = json(await h.output(LEADS, [lead('赵总', '13900005555')], { continueOnFail: true } as never));
		expect(String(out[0].error)).toMatch(/赵总（5555）.*already used by a different customer/);
		expect(h.ops()['customer.save']).toBe(2);
		expect(byMobile('13900005555')).toHaveLength(0);
	});
});

describe('the same customer under another key', () => {
	it('fails with the advice to match by mobile, also with the suffix option, and creates nothing', async () => {
		await h.output({ ...LEADS, customerNumber: '=OLD{{ $json.mobile }}' }, [lead('陈建国', '13711112222')]);
		const before = h.sim.customers().length;
		const result = await h.run(LEADS, [lead('陈建国', '13711112222')]);
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/most likely the same customer under another key/);
		expect(error.message).not.toMatch(/13711112222/);
		expect(error.description).toMatch(/Match by mobile/);
		expect(h.sim.customers()).toHaveLength(before);
	});
});
