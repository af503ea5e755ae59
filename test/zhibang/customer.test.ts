/**
 * Customer Create / Get / Get Many / Update / Assign against the Zhibang simulator, run in the real
 * n8n engine; the simulator's state is checked after every call.
 */
import type { IDataObject } from 'n8n-workflow';

import { ADD_ROUTE, json, useHarness } from './harness';

const h = useHarness();

const CREATE = { resource: 'customer', operation: 'create' };

describe('Customer → Create', () => {
	it('creates a company customer with its contact, written by the API user, in 3 requests', async () => {
		const before = h.sim.customers().length;
		const [out] = json(
			await h.output({
				...CREATE,
				customerType: 'company',
				name: '苏州微信测试科技有限公司',
				category: '微信客户',
				contactName: '王小明',
				additionalFields: { mobile: '+86 139-1234-5678', source: '171', valueLevel: '289', email: 'wxm@example.cn', customerNumber: 'WX777' },
			}),
		);
		expect(out).toMatchObject({ customerId: expect.any(String), khid: 'WX777', verified: true, recovered: false, name: '苏州微信测试科技有限公司' });
		const customer = h.sim.customer(Number(out.customerId))!;
		expect(customer).toMatchObject({
			intsort: 1,
			name: '苏州微信测试科技有限公司',
			khid: 'WX777',
			sort1Name: '微信客户',
			ly: 171,
			jz: 289,
			person_name: '王小明',
			mobile: '13912345678',
			email: 'wxm@example.cn',
		});
		expect(h.sim.customers()).toHaveLength(before + 1);
		const log = h.sim.oplog;
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ user: 'api_user', op: 'customer.save', action: 'customer.create', ord: customer.ord });
		// allocate + save + read-back
		expect(h.ops()).toEqual({ 'customer.allocate': 1, 'customer.save': 1, 'customer.detail': 1 });
	});

	it('creates a person customer without a contact name and keeps the number the ERP proposed', async () => {
		const [out] = json(await h.output({ ...CREATE, customerType: 'person', name: '李雷', category: '微信客户', options: { verifySave: false } }));
		const customer = h.sim.customer(Number(out.customerId))!;
		expect(customer).toMatchObject({ intsort: 2, name: '李雷', sort1Name: '微信客户' });
		expect(customer.khid).toMatch(/^KH\d{8}\d{3}$/);
		expect(out).toMatchObject({ khid: customer.khid, verified: false });
		expect(h.ops()).toEqual({ 'customer.allocate': 1, 'customer.save': 1 });
	});

	it.each([
		['company', { name: '={{ $json.company }}', contactName: '张三' }, /Missing required field "Customer Name" \(name\)/, /客户名称/],
		['company', { name: '甲公司', category: '={{ $json.category }}', contactName: '张三' }, /Missing required field "Category" \(sort1\)/, /客户分类/],
		['company', { name: '甲公司', contactName: '={{ $json.contact }}' }, /Missing required field "Contact Name" \(person_name\)/, /联系人/],
		['company', { name: '={{ $json.nothing }}', contactName: '张三' }, /"Customer Name" \(name\)/, /客户名称/],
		['person', { name: '={{ "  " }}' }, /"Customer Name" \(name\)/, /客户名称/],
		['person', { name: '李雷', category: '={{ "" }}' }, /"Category" \(sort1\)/, /客户分类/],
	])('%s customer with %p → NodeOperationError naming the field, nothing sent', async (type, fields, en, zh) => {
		// Items whose fields are empty: the expressions evaluate to '' (the editor cannot catch that).
		const result = await h.run({ ...CREATE, customerType: type, category: '微信客户', ...fields }, [{ company: '', category: '', contact: null }]);
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error?.name).toBe('NodeOperationError');
		expect(error.message).toMatch(en);
		expect(error.message).toMatch(zh);
		expect(h.sim.oplog).toEqual([]);
		expect(h.sim.ops).toEqual({});
		expect(h.sim.counters.requests).toEqual({});
		expect(h.sim.counters.loginAttempts).toBe(0);
	});

	it('with Continue On Fail: the bad item gets an error, the good ones are created', async () => {
		const result = await h.run(
			{ ...CREATE, customerType: 'company', name: '={{ $json.n }}', category: '微信客户', contactName: '={{ $json.c }}' },
			[
				{ n: '甲公司', c: '张三' },
				{ n: '乙公司', c: '' },
				{ n: '丙公司', c: '王五' },
			],
			{ continueOnFail: true },
		);
		const out = json(result.output('Zhibang'));
		expect(out[0].name).toBe('甲公司');
		expect(out[1]).toEqual({ error: expect.stringMatching(/Contact Name/), description: expect.stringMatching(/nothing was sent/) });
		expect(out[2].name).toBe('丙公司');
		expect(result.output('Zhibang').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(h.sim.oplog.map((e) => e.data.name)).toEqual(['甲公司', '丙公司']);
	});

	it('adopts the customer when the save answer is lost after it was applied (no duplicate)', async () => {
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 1 });
		const before = h.sim.customers().length;
		const [out] = json(await h.output({ ...CREATE, customerType: 'person', name: '韩梅梅', category: '微信客户' }));
		expect(out).toMatchObject({ recovered: true, verified: true, name: '韩梅梅' });
		expect(h.sim.customers()).toHaveLength(before + 1);
		expect(h.sim.findCustomers((c) => c.name === '韩梅梅')).toHaveLength(1);
		expect(h.sim.counters.faults).toEqual({ 'reset-after-apply': 1 });
		expect(h.ops()['customer.save']).toBe(1);
	});

	it('saves again (same id) when the connection dropped before the save was applied', async () => {
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset', after: 1 });
		const [out] = json(await h.output({ ...CREATE, customerType: 'person', name: '韩梅梅', category: '微信客户' }));
		expect(out).toMatchObject({ recovered: true, verified: true });
		expect(h.sim.findCustomers((c) => c.name === '韩梅梅')).toHaveLength(1);
		// The dropped request never reached the handler: allocate, save (dropped), detail check, save, read-back.
		expect(h.sim.requestCount(ADD_ROUTE)).toBe(5);
		expect(h.ops()).toEqual({ 'customer.allocate': 1, 'customer.save': 1, 'customer.detail': 2 });
	});

	it('fails clearly when the ERP says "saved" but did not save, unless Verify Save is off', async () => {
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const result = await h.run({ ...CREATE, customerType: 'person', name: '韩梅梅', category: '微信客户' });
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/reported the save as successful, but customer \d+ does not exist when read back/);
		expect(error.message).toMatch(/回读/);
		expect(h.sim.findCustomers((c) => c.name === '韩梅梅')).toHaveLength(0);

		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const quiet = await h.output({ ...CREATE, customerType: 'person', name: '韩梅梅', category: '微信客户', options: { verifySave: false } });
		expect(quiet[0].json.verified).toBe(false);
		expect(h.sim.counters.unpersistedSaves).toBe(2);
	});

	it('reports an ERP validation error with its message', async () => {
		const result = await h.run({ ...CREATE, customerType: 'person', name: '李雷', category: '不存在的分类' });
		expect(result.nodeError('Zhibang')?.message).toMatch(/客户分类无效/);
		expect(h.sim.oplog).toEqual([]);
	});
});

describe('Customer → Get', () => {
	it('returns every field of the detail', async () => {
		const seeded = h.sim.customers()[0];
		const [out] = json(await h.output({ resource: 'customer', operation: 'get', customerId: String(seeded.ord) }));
		expect(out).toMatchObject({ ord: String(seeded.ord), name: seeded.name, khid: seeded.khid, ly: String(seeded.ly) });
		expect(h.ops()).toEqual({ 'customer.detail': 1 });
	});

	it('fails for an unknown id and for a non-numeric one (without a request)', async () => {
		expect((await h.run({ resource: 'customer', operation: 'get', customerId: '999999' })).nodeError('Zhibang')?.message).toMatch(/客户不存在/);
		h.sim.resetCounters();
		expect((await h.run({ resource: 'customer', operation: 'get', customerId: 'abc' })).nodeError('Zhibang')?.message).toMatch(
			/Customer ID must be a number/,
		);
		expect(h.ops()).toEqual({});
	});
});

describe('Customer → Get Many', () => {
	const GET_MANY = { resource: 'customer', operation: 'getAll' };

	it('returns all customers over several pages, mapped by column id, newest first', async () => {
		h.sim.setKnobs({ maxPageSize: 15, columnOrder: 'shuffled' });
		const out = json(await h.output({ ...GET_MANY, returnAll: true }));
		const all = h.sim.customers();
		expect(out).toHaveLength(all.length);
		expect(h.ops()).toEqual({ 'customer.list': Math.ceil(all.length / 15) });
		const first = out.find((row) => row.ord === all[0].ord)!;
		expect(first).toMatchObject({ name: all[0].name, khid: all[0].khid, mobile: all[0].mobile, ly: all[0].ly });
		const dates = out.map((row) => String(row.date1));
		expect(dates).toEqual([...dates].sort().reverse());
	});

	it('stops at the limit with one request', async () => {
		const out = json(await h.output({ ...GET_MANY, returnAll: false, limit: 7, sort: 'ord' }));
		expect(out.map((row) => row.ord)).toEqual(h.sim.customers().slice(0, 7).map((c) => c.ord));
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});

	it.each([
		['source', { sources: ['171', '977'] }, (c: IDataObject) => [171, 977].includes(c.ly as number)],
		['value level', { valueLevels: ['175'] }, (c: IDataObject) => c.jz === 175],
		['owner', { owners: ['61'] }, (c: IDataObject) => (c.cateids as number[]).includes(61)],
		['public pool', { publicPoolOnly: true }, (c: IDataObject) => (c.cateids as number[]).length === 0],
		['added range', { addedAfter: '2026-01-01', addedBefore: '2026-06-30 23:59:59' }, (c: IDataObject) => String(c.date1) >= '2026-01-01' && String(c.date1) <= '2026-06-30 23:59:59'],
	])('filters by %s', async (_name, filters, predicate) => {
		const expected = h.sim.customers().filter((c) => predicate(c as unknown as IDataObject)).map((c) => c.ord).sort();
		expect(expected.length).toBeGreaterThan(0);
		const out = json(await h.output({ ...GET_MANY, returnAll: true, filters }));
		expect(out.map((row) => row.ord).sort()).toEqual(expected);
	});

	it('filters by keyword', async () => {
		const target = h.sim.customers()[3];
		const out = json(await h.output({ ...GET_MANY, returnAll: true, filters: { keyword: target.khid } }));
		expect(out.map((row) => row.ord)).toEqual([target.ord]);
	});
});

describe('Customer → Update', () => {
	it('changes only the given fields', async () => {
		const target = h.sim.customers().find((c) => c.intsort === 1)!;
		const [out] = json(
			await h.output({ resource: 'customer', operation: 'update', customerId: String(target.ord), updateFields: { valueLevel: '175', wechat: 'wx_abc' } }),
		);
		expect(out).toMatchObject({ customerId: String(target.ord), updatedFields: ['jz', 'weixinAcc'], verified: true });
		const after = h.sim.customer(target.ord)!;
		expect(after).toMatchObject({ jz: 175, name: target.name, khid: target.khid, ly: target.ly, sort1: target.sort1, mobile: target.mobile });
		expect(after.fields.weixinAcc).toBe('wx_abc');
		// One save, carrying the given fields on top of the whole customer as the detail showed it.
		expect(h.sim.oplog).toEqual([expect.objectContaining({ action: 'customer.update', ord: target.ord, user: 'api_user' })]);
		expect(h.sim.oplog[0].data).toMatchObject({ jz: '175', weixinAcc: 'wx_abc', khid: target.khid, name: target.name, person_name: target.person_name, mobile: target.mobile });
		expect(h.ops()).toEqual({ 'customer.save': 1, 'customer.detail': 2 });
	});

	it('refuses an empty update and an emptied required field before any request', async () => {
		const ord = String(h.sim.customers()[0].ord);
		const none = await h.run({ resource: 'customer', operation: 'update', customerId: ord, updateFields: {} });
		expect(none.nodeError('Zhibang')?.message).toMatch(/No fields to update/);
		const emptied = await h.run({ resource: 'customer', operation: 'update', customerId: ord, updateFields: { name: ' ' } });
		expect(emptied.nodeError('Zhibang')?.message).toMatch(/"Name" must not be empty \(name\)/);
		expect(h.sim.ops).toEqual({});
	});

	it('detects an update the ERP did not store', async () => {
		const ord = String(h.sim.customers()[0].ord);
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const result = await h.run({ resource: 'customer', operation: 'update', customerId: ord, updateFields: { notes: '新备注' } });
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/these fields were not stored: intro/);
		expect(error.description).toMatch(/intro: "新备注" → ""/);
	});
});

describe('Customer → Assign', () => {
	it('assigns to chosen users, then back to the public pool', async () => {
		const target = h.sim.customers()[0];
		const [toUsers] = json(
			await h.output({ resource: 'customer', operation: 'assign', customerId: String(target.ord), assignTo: 'users', userIds: ['62', '63'] }),
		);
		expect(toUsers).toMatchObject({ assignment: { mode: 'users', userIds: ['62', '63'] }, verified: true, owner: '62,63' });
		expect(h.sim.customer(target.ord)!.cateids).toEqual([62, 63]);

		const [toPool] = json(await h.output({ resource: 'customer', operation: 'assign', customerId: String(target.ord), assignTo: 'pool' }));
		expect(toPool).toMatchObject({ assignment: { mode: 'pool' }, verified: true, owner: '' });
		expect(h.sim.customer(target.ord)!.cateids).toEqual([]);
		expect(h.sim.oplog.map((e) => [e.action, e.data.member1, e.data.member2, e.user])).toEqual([
			['customer.assign', 0, '62,63', 'api_user'],
			['customer.assign', 1, '', 'api_user'],
		]);
	});

	it('refuses an assignment without users, and reports an unknown user from the ERP', async () => {
		const ord = String(h.sim.customers()[0].ord);
		const none = await h.run({ resource: 'customer', operation: 'assign', customerId: ord, assignTo: 'users', userIds: '={{ [] }}' });
		expect(none.nodeError('Zhibang')?.message).toMatch(/Choose at least one user/);
		expect(h.sim.ops).toEqual({});
		const unknown = await h.run({ resource: 'customer', operation: 'assign', customerId: ord, assignTo: 'users', userIds: ['999'] });
		expect(unknown.nodeError('Zhibang')?.message).toMatch(/指派人员不存在/);
	});
});
