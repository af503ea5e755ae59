/**
 * Version 1.1's customer and contact locators in the real engine against the simulator: every mode
 * of Get, Update, Assign, Follow-Up Create and Contact Create/Get, and the not-found and ambiguous
 * look-ups (exact matches, whatever the ERP's fuzzy list filters return).
 */
import type { INodeParameters } from 'n8n-workflow';

import { json, useHarness } from './harness';

const h = useHarness();
const V1_1 = { typeVersion: 1.1 };

const rl = (mode: string, value: string | number) => ({ __rl: true, mode, value: String(value) });

/** A seeded company customer with a mobile and an owner. */
function company() {
	return h.sim.customers().find((c) => c.intsort === 1 && c.mobile && c.cateids.length > 0)!;
}

async function nodeError(parameters: INodeParameters, items = [{}]) {
	const result = await h.run(parameters, items, V1_1);
	return result.nodeError('Zhibang') as Error & { description?: string };
}

describe('Customer locator (v1.1)', () => {
	const GET = { resource: 'customer', operation: 'get', simplify: false };

	it.each([
		['list', (c: ReturnType<typeof company>) => c.ord, {}],
		['id', (c: ReturnType<typeof company>) => c.ord, {}],
		['customerNumber', (c: ReturnType<typeof company>) => c.khid.toLowerCase(), { 'customer.list': 1 }],
		['mobile', (c: ReturnType<typeof company>) => `+86 ${c.mobile.slice(0, 3)}-${c.mobile.slice(3, 7)}-${c.mobile.slice(7)}`, { 'customer.list': 1 }],
	])('Get by %s finds the customer', async (mode, value, lookups) => {
		const c = company();
		const [out] = json(await h.output({ ...GET, customer: rl(mode, value(c)) }, [{}], V1_1));
		expect(out).toMatchObject({ ord: String(c.ord), name: c.name, khid: c.khid });
		expect(h.ops()).toEqual({ ...lookups, 'customer.detail': 1 });
	});

	it('a customer number is matched exactly, not as the ERP’s fuzzy filter does', async () => {
		const c = h.sim.customers().find((x) => x.khid.startsWith('KH'))!;
		const prefix = c.khid.slice(0, -3);
		expect(h.sim.customers().filter((x) => x.khid.startsWith(prefix)).length).toBeGreaterThan(0);
		const error = await nodeError({ ...GET, customer: rl('customerNumber', prefix) });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(`No customer with customer number ${prefix}`);
		expect(error.message).toContain(`没有客户编号为 ${prefix} 的客户`);
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});

	it('an unknown mobile: a bilingual error with the mobile masked, nothing read or written', async () => {
		const error = await nodeError({ ...GET, customer: rl('mobile', '13000001234') });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/No customer with mobile 130\*{4}1234/);
		expect(error.message).toMatch(/没有手机号为 130\*{4}1234 的客户/);
		expect(error.message).not.toContain('13000001234');
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});

	it('two customers with the mobile: an ambiguity error listing both ids', async () => {
		const [a, b] = h.sim.customers().filter((c) => c.intsort === 1 && c.mobile);
		await h.output({ resource: 'customer', operation: 'update', customer: rl('id', b.ord), updateFields: { mobile: a.mobile }, options: { verifySave: false } }, [{}], V1_1);
		h.sim.resetCounters();
		const error = await nodeError({ ...GET, customer: rl('mobile', a.mobile) });
		expect(error.message).toContain(`2 customers have the mobile ${a.mobile.slice(0, 3)}****${a.mobile.slice(7)} (ids ${a.ord}, ${b.ord})`);
		expect(error.message).toContain('无法确定是哪一个');
		expect(error.message).not.toContain(a.mobile);
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});

	it('an ID or mobile that evaluates empty or invalid fails before any request', async () => {
		// The editor checks typed values; expressions are only known per item.
		const byId = { ...GET, customer: rl('id', '={{ $json.v }}') };
		expect((await nodeError(byId, [{ v: '' }])).message).toMatch(/Missing required field "Customer ID"/);
		expect((await nodeError(byId, [{ v: 'abc' }])).message).toMatch(/Customer ID must be a number \(abc\)/);
		expect((await nodeError({ ...GET, customer: rl('mobile', '={{ $json.v }}') }, [{ v: '12345' }])).message).toMatch(/Not a valid mobile/);
		expect(h.ops()).toEqual({});
	});

	it('Update by customer number writes the field on that customer', async () => {
		const c = company();
		const [out] = json(await h.output({ resource: 'customer', operation: 'update', customer: rl('customerNumber', c.khid), updateFields: { address: '杭州市西湖区1号' } }, [{}], V1_1));
		expect(out).toMatchObject({ customerId: String(c.ord), verified: true });
		expect(h.sim.customer(c.ord)?.fields.address).toBe('杭州市西湖区1号');
	});

	const MODES = ['list', 'id', 'customerNumber', 'mobile'] as const;
	const valueFor = (mode: (typeof MODES)[number], c: ReturnType<typeof company>) => (mode === 'customerNumber' ? c.khid : mode === 'mobile' ? c.mobile : c.ord);
	const OPERATIONS: Array<[string, INodeParameters, (c: ReturnType<typeof company>) => boolean]> = [
		['Update', { resource: 'customer', operation: 'update', updateFields: { zip: '200001' } }, (c) => h.sim.customer(c.ord)?.fields.zip === '200001'],
		['Assign', { resource: 'customer', operation: 'assign', assignTo: 'pool' }, (c) => h.sim.customer(c.ord)?.cateids.length === 0],
		['Follow-Up Create', { resource: 'followUp', operation: 'create', datatype: 'tel', content: '上门拜访', method: '483' }, (c) => h.sim.followups().some((f) => f.ord === c.ord)],
	];
	describe.each(OPERATIONS)('%s', (_name, parameters, written) => {
		it.each(MODES)('by %s writes on that customer only', async (mode) => {
			const c = company();
			const [out] = json(await h.output({ ...parameters, customer: rl(mode, valueFor(mode, c)) }, [{}], V1_1));
			expect(out.customerId).toBe(String(c.ord));
			expect(written(c)).toBe(true);
			expect(h.sim.oplog.every((entry) => entry.ord === c.ord)).toBe(true);
		});
	});

	it('Update by mobile with an unknown mobile writes nothing', async () => {
		const error = await nodeError({ resource: 'customer', operation: 'update', customer: rl('mobile', '13000001234'), updateFields: { address: 'x' } });
		expect(error.message).toMatch(/No customer with mobile/);
		expect(h.sim.oplog).toEqual([]);
	});

	it('Assign by mobile and by list pick assigns that customer', async () => {
		const c = company();
		const other = h.sim.customers().find((x) => x.ord !== c.ord)!;
		const [byMobile] = json(await h.output({ resource: 'customer', operation: 'assign', customer: rl('mobile', c.mobile), assignTo: 'pool' }, [{}], V1_1));
		expect(byMobile).toMatchObject({ customerId: String(c.ord), assignment: { mode: 'pool' }, verified: true });
		expect(h.sim.customer(c.ord)?.cateids).toEqual([]);
		const [byList] = json(await h.output({ resource: 'customer', operation: 'assign', customer: rl('list', other.ord), assignTo: 'users', userIds: ['61'] }, [{}], V1_1));
		expect(byList).toMatchObject({ customerId: String(other.ord), owner: '61' });
		expect(h.sim.customer(other.ord)?.cateids).toEqual([61]);
	});

	it('Follow-Up Create by customer number is written on that customer; by contact mobile on that contact', async () => {
		const c = company();
		const contact = h.sim.contacts().find((p) => p.company === c.ord && p.mobile)!;
		const FOLLOW = { resource: 'followUp', operation: 'create', content: '电话沟通', method: '481' };
		const [out] = json(await h.output({ ...FOLLOW, datatype: 'tel', customer: rl('customerNumber', c.khid) }, [{}], V1_1));
		expect(out).toMatchObject({ saved: true, customerId: String(c.ord) });
		const [person] = json(await h.output({ ...FOLLOW, datatype: 'person', contact: rl('mobile', contact.mobile) }, [{}], V1_1));
		expect(person).toMatchObject({ saved: true, contactId: String(contact.ord) });
		expect(h.sim.followups().map((f) => [f.datatype, f.ord, f.intro])).toEqual([
			['tel', c.ord, '电话沟通'],
			['person', contact.ord, '电话沟通'],
		]);
	});

	it('Contact Create under a customer given by mobile', async () => {
		const c = company();
		const [out] = json(await h.output({ resource: 'contact', operation: 'create', customer: rl('mobile', c.mobile), contactName: '新联系人' }, [{}], V1_1));
		expect(out).toMatchObject({ customerId: String(c.ord), verified: true });
		expect(h.sim.contact(Number(out.contactId))).toMatchObject({ company: c.ord, person_name: '新联系人' });
	});
});

describe('Contact locator (v1.1)', () => {
	const GET = { resource: 'contact', operation: 'get', simplify: false };

	it.each(['list', 'id', 'mobile'])('Contact Get by %s', async (mode) => {
		const contact = h.sim.contacts().find((p) => p.mobile)!;
		const [out] = json(await h.output({ ...GET, contact: rl(mode, mode === 'mobile' ? contact.mobile : contact.ord) }, [{}], V1_1));
		expect(out).toMatchObject({ ord: String(contact.ord), person_name: contact.person_name, company: String(contact.company) });
	});

	it('an unknown contact mobile is a clear error, masked', async () => {
		const error = await nodeError({ ...GET, contact: rl('mobile', '13000001234') });
		expect(error.message).toMatch(/No contact with mobile 130\*{4}1234/);
		expect(error.message).toMatch(/没有手机号为 130\*{4}1234 的联系人/);
	});
});

describe('version 1 keeps the plain IDs', () => {
	it('Get, Update and Follow-Up of a v1 node read customerId and return the raw record', async () => {
		const c = company();
		const [got] = json(await h.output({ resource: 'customer', operation: 'get', customerId: String(c.ord) }));
		expect(got).toMatchObject({ ord: String(c.ord), khid: c.khid, lyName: c.lyName });
		expect(got).not.toHaveProperty('customerId');
		const [updated] = json(await h.output({ resource: 'customer', operation: 'update', customerId: String(c.ord), updateFields: { zip: '310000' } }));
		expect(updated).toMatchObject({ customerId: String(c.ord), zip: '310000' });
		const [followed] = json(await h.output({ resource: 'followUp', operation: 'create', customerId: String(c.ord), content: 'x', method: '481' }));
		expect(followed).toMatchObject({ customerId: String(c.ord), saved: true });
		// A v1 node never looks customers up by list and never loads dictionaries.
		expect(h.ops()['customer.list']).toBeUndefined();
		expect(h.ops().enum).toBeUndefined();
	});
});
