/**
 * Follow-up, Contact, User, Custom API Call and the dropdowns against the Zhibang simulator, in the
 * real engine; the simulator's state is checked after each call.
 */
import type { IDataObject } from 'n8n-workflow';

import { ZHIBANG_NODE } from '../support/workflows';
import { json, useHarness } from './harness';

const h = useHarness();

const companyWithContacts = () => {
	const customer = h.sim.customers().find((c) => c.intsort === 1 && h.sim.contacts().filter((p) => p.company === c.ord).length >= 2)!;
	return { customer, contacts: h.sim.contacts().filter((p) => p.company === customer.ord) };
};

describe('Follow-up → Create', () => {
	it('adds a follow-up to a customer, with a related contact and a pending schedule', async () => {
		const { customer, contacts } = companyWithContacts();
		const [out] = json(
			await h.output({
				resource: 'followUp',
				operation: 'create',
				datatype: 'tel',
				customerId: String(customer.ord),
				content: '客户对产品非常满意，已发送报价单',
				method: '483',
				plantype: '1',
				scheduleTitle: '上门拜访',
				scheduleStart: '2026-12-01T02:00:00.000Z',
				additionalFields: { lead: String(contacts[1].ord), scheduleEnd: '2026-12-01 11:30', remind: false },
			}),
		);
		expect(out).toMatchObject({ saved: true, customerId: String(customer.ord), method: '483', relatedContactId: String(contacts[1].ord) });
		expect(out.schedule).toEqual({ title: '上门拜访', start: '2026-12-01 10:00:00', end: '2026-12-01 11:30:00', pending: true });
		const [followUp] = h.sim.followups();
		expect(followUp).toMatchObject({
			datatype: 'tel',
			ord: customer.ord,
			customer: customer.ord,
			contact: contacts[1].ord,
			intro: '客户对产品非常满意，已发送报价单',
			sort: 483,
			plantype: 1,
			plan: { '@title2': '上门拜访', '@ret2_0': '2026-12-01 10:00:00', '@ret2_1': '2026-12-01 11:30:00', '@intro2': '上门拜访', '@remind': '1' },
			authorName: '接口账号',
		});
		expect(h.sim.oplog).toEqual([expect.objectContaining({ action: 'followup.create', user: 'api_user', ord: customer.ord })]);
		expect(h.ops()).toEqual({ 'followup.save': 1 });
	});

	it('adds a follow-up to a contact; an empty content uses the template (106 by default)', async () => {
		const { customer, contacts } = companyWithContacts();
		await h.output({ resource: 'followUp', operation: 'create', datatype: 'person', contactId: String(contacts[0].ord), content: '' });
		await h.output({ resource: 'followUp', operation: 'create', datatype: 'person', contactId: String(contacts[0].ord), template: '电话无人接听', method: '481' });
		expect(h.sim.followups().map((f) => [f.datatype, f.ord, f.customer, f.contact, f.intro, f.sort, f.plantype])).toEqual([
			['person', contacts[0].ord, customer.ord, contacts[0].ord, '谈的很好，让发合同', 481, 0],
			['person', contacts[0].ord, customer.ord, contacts[0].ord, '电话无人接听', 481, 0],
		]);
	});

	it('checks the schedule and content before sending', async () => {
		const ord = String(h.sim.customers()[0].ord);
		const noStart = await h.run({ resource: 'followUp', operation: 'create', customerId: ord, content: 'x', plantype: '2', scheduleTitle: 't', scheduleStart: '={{ "" }}' });
		expect(noStart.nodeError('Zhibang')?.message).toMatch(/Schedule Start is empty or not a valid date/);
		const tooLong = await h.run({ resource: 'followUp', operation: 'create', customerId: ord, content: '长'.repeat(1001) });
		expect(tooLong.nodeError('Zhibang')?.message).toMatch(/longer than 1000 characters/);
		expect(h.sim.ops).toEqual({});
	});

	it('says a dropped follow-up may or may not be stored, and does not retry it', async () => {
		const ord = String(h.sim.customers()[0].ord);
		h.sim.addFault({ route: '/sysa/mobilephone/systemmanage/reply.asp', kind: 'reset-after-apply' });
		const result = await h.run({ resource: 'followUp', operation: 'create', customerId: ord, content: '一次' });
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.message).toMatch(/it may or may not have been stored/);
		expect(error.description).toMatch(/check the ERP before running this item again/);
		expect(h.sim.followups()).toHaveLength(1);
		expect(h.sim.requestCount('/sysa/mobilephone/systemmanage/reply.asp')).toBe(1);
	});

	it('reports a contact that does not belong to the customer', async () => {
		const { customer } = companyWithContacts();
		const stranger = h.sim.contacts().find((p) => p.company !== customer.ord)!;
		const result = await h.run({
			resource: 'followUp',
			operation: 'create',
			customerId: String(customer.ord),
			content: 'x',
			additionalFields: { lead: String(stranger.ord) },
		});
		expect(result.nodeError('Zhibang')?.message).toMatch(/关联联系人不属于该客户/);
		expect(h.sim.followups()).toEqual([]);
	});
});

describe('Contact', () => {
	it('Create adds a contact to a customer (allocate, save, read-back)', async () => {
		const customer = h.sim.customers()[0];
		const [out] = json(
			await h.output({
				resource: 'contact',
				operation: 'create',
				customerId: String(customer.ord),
				contactName: '赵六',
				additionalFields: { mobile: '+86 137 0000 1234', job: '采购经理', sex: '女', email: 'zl@example.cn', extraFields: '{"msn": "zl_msn"}' },
			}),
		);
		const contact = h.sim.contact(Number(out.contactId))!;
		expect(contact).toMatchObject({ company: customer.ord, person_name: '赵六', mobile: '13700001234', job: '采购经理', email: 'zl@example.cn', primary: false });
		expect(contact.fields).toMatchObject({ sex: '女', msn: 'zl_msn' });
		expect(out).toMatchObject({ contactId: String(contact.ord), customerId: String(customer.ord), verified: true, person_name: '赵六' });
		expect(h.sim.oplog).toEqual([expect.objectContaining({ action: 'contact.create', user: 'api_user', ord: contact.ord })]);
		expect(h.ops()).toEqual({ 'contact.allocate': 1, 'contact.save': 1, 'contact.detail': 1 });
	});

	it('Create refuses an empty name before any request and reports an unknown customer from the ERP', async () => {
		const missing = await h.run({ resource: 'contact', operation: 'create', customerId: '1001', contactName: '={{ $json.x }}' });
		expect(missing.nodeError('Zhibang')?.message).toMatch(/Missing required field "Contact Name" \(person_name\)/);
		expect(h.sim.ops).toEqual({});
		const unknown = await h.run({ resource: 'contact', operation: 'create', customerId: '999999', contactName: '赵六' });
		expect(unknown.nodeError('Zhibang')?.message).toMatch(/关联客户不存在/);
		expect(h.sim.oplog).toEqual([]);
	});

	it('Create fails clearly when the ERP does not store the contact', async () => {
		h.sim.setKnobs({ saveWithoutPersist: 1 });
		const result = await h.run({ resource: 'contact', operation: 'create', customerId: String(h.sim.customers()[0].ord), contactName: '赵六' });
		expect(result.nodeError('Zhibang')?.message).toMatch(/contact \d+ does not exist when read back/);
	});

	it('Get returns the contact detail', async () => {
		const contact = h.sim.contacts()[0];
		const [out] = json(await h.output({ resource: 'contact', operation: 'get', contactId: String(contact.ord) }));
		expect(out).toMatchObject({ ord: String(contact.ord), person_name: contact.person_name, company: String(contact.company), mobile: contact.mobile });
	});

	it('Get Many lists the contacts of a customer, or all with a limit', async () => {
		const { customer, contacts } = companyWithContacts();
		const mine = json(await h.output({ resource: 'contact', operation: 'getAll', returnAll: true, filters: { customerId: String(customer.ord) } }));
		expect(mine.map((c) => c.ord).sort()).toEqual(contacts.map((c) => c.ord).sort());
		expect(mine[0]).toMatchObject({ company: customer.ord, name: customer.name });
		const some = json(await h.output({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 3 }));
		expect(some).toHaveLength(3);
		const byMobile = json(await h.output({ resource: 'contact', operation: 'getAll', returnAll: true, filters: { mobile: contacts[0].mobile } }));
		expect(byMobile.map((c) => c.ord)).toContain(contacts[0].ord);
	});
});

describe('User → Get Many', () => {
	it('lists the active ERP users, filtered by name and limited', async () => {
		const all = json(await h.output({ resource: 'user', operation: 'getAll', returnAll: true }));
		expect(all.map((u) => u.ord)).toEqual(h.sim.users.filter((u) => !u.frozen).map((u) => u.ord));
		expect(all[1]).toEqual({ ord: 61, name: '张伟', dept: '销售一部' });
		expect(json(await h.output({ resource: 'user', operation: 'getAll', returnAll: true, filters: { name: '李' } }))).toEqual([{ ord: 62, name: '李娜', dept: '销售一部' }]);
		expect(json(await h.output({ resource: 'user', operation: 'getAll', returnAll: false, limit: 2 }))).toHaveLength(2);
	});
});

describe('Custom API Call', () => {
	it('calls a list endpoint with datas and cmdkey, and splits the table rows', async () => {
		const rows = json(
			await h.output({
				resource: 'custom',
				operation: 'apiCall',
				path: '/webapi/v3/ov1/salesmanage/custom/list',
				cmdkey: 'refresh',
				datas: '{"pagesize": 5, "ly": 171}',
				options: { splitRows: true },
			}),
		);
		expect(rows).toHaveLength(5);
		expect(rows.every((r) => r.ly === 171)).toBe(true);
	});

	it('returns the whole document, and a v3 JSON body goes through with the session', async () => {
		const target = h.sim.customers()[0];
		const [doc] = json(await h.output({ resource: 'custom', operation: 'apiCall', path: '/sysa/mobilephone/source.asp?enumid=98', cmdkey: 'refresh' }));
		expect((doc.body as IDataObject).model).toBe('source');
		const [v3] = json(
			await h.output({
				resource: 'custom',
				operation: 'apiCall',
				path: '/webapi/v3/sales/customer/edit',
				bodyType: 'json',
				body: JSON.stringify({ ord: target.ord, email: 'v3@example.cn' }),
				idempotent: false,
			}),
		);
		expect(v3).toEqual({ Code: 200, Msg: '修改成功' });
		expect(h.sim.customer(target.ord)!.email).toBe('v3@example.cn');
		expect(h.sim.oplog).toEqual([expect.objectContaining({ op: 'v3.customer.edit', user: 'api_user' })]);
	});

	it('is sent once on a 5xx unless marked read-only, so a custom write is never repeated', async () => {
		const route = '/sysa/mobilephone/source.asp';
		const call = { resource: 'custom', operation: 'apiCall', path: `${route}?enumid=98`, cmdkey: 'refresh' };
		h.sim.addFault({ route, kind: 'http5xx', status: 503, times: 1 });
		const write = await h.run(call);
		expect(write.nodeError('Zhibang')?.message).toMatch(/HTTP 503/);
		expect(h.sim.requestCount(route)).toBe(1);
		h.sim.addFault({ route, kind: 'http5xx', status: 503, times: 1 });
		const [read] = json(await h.output({ ...call, idempotent: true }));
		expect((read.body as IDataObject).model).toBe('source');
		expect(h.sim.requestCount(route)).toBe(3);
	});

	it('reports the ERP error and refuses bad input', async () => {
		const bad = await h.run({ resource: 'custom', operation: 'apiCall', path: 'no-slash' });
		expect(bad.nodeError('Zhibang')?.message).toMatch(/Path must start with \//);
		const json = await h.run({ resource: 'custom', operation: 'apiCall', path: '/x', datas: '[1,2]' });
		expect(json.nodeError('Zhibang')?.message).toMatch(/Datas must be a JSON object/);
		const save = await h.run({ resource: 'custom', operation: 'apiCall', path: '/sysa/mobilephone/salesmanage/custom/add.asp', cmdkey: '__sys_dosave', datas: '{"ord": 1}', idempotent: false });
		expect(save.nodeError('Zhibang')?.message).toMatch(/客户ID无效或未分配/);
	});
});

describe('dropdowns', () => {
	const load = async (method: string, parameters = {}) =>
		await h.engine.loadOptions(ZHIBANG_NODE, method, { resource: 'customer', operation: 'upsert', ...parameters }, { zhibangApi: h.cred });

	it('users, sources, value levels, industries, methods, categories and templates come from the ERP', async () => {
		expect(await load('getUsers')).toEqual(
			expect.arrayContaining([
				{ name: '张伟（销售一部）', value: '61' },
				{ name: '接口账号（信息部）', value: '60' },
			]),
		);
		expect((await load('getUsers')).some((o) => o.value === '66')).toBe(false);
		expect(await load('getSources')).toEqual([
			{ name: '网站注册 (171)', value: '171' },
			{ name: '朋友介绍 (172)', value: '172' },
			{ name: '陌生开发 (173)', value: '173' },
			{ name: '广告宣传 (174)', value: '174' },
			{ name: 'VIP (977)', value: '977' },
		]);
		expect((await load('getValueLevels')).map((o) => o.value)).toEqual(['175', '289', '176', '177', '290']);
		expect(await load('getIndustries')).toEqual(expect.arrayContaining([{ name: '印刷 (139)', value: '139' }]));
		expect(await load('getFollowUpMethods')).toEqual([
			{ name: '电话 (481)', value: '481' },
			{ name: '邮件 (482)', value: '482' },
			{ name: '上门 (483)', value: '483' },
			{ name: '其他 (484)', value: '484' },
		]);
		const categories = await load('getCategories');
		expect(categories).toEqual(
			expect.arrayContaining([
				{ name: '微信客户 (21)', value: '21' },
				{ name: '微信客户 › 新关注 (21,211)', value: '21,211' },
			]),
		);
		expect(await load('getTemplates')).toEqual(expect.arrayContaining([{ name: '106 · 谈的很好，让发合同', value: '谈的很好，让发合同' }]));
	});

	it('follow the install: ids differ between installs', async () => {
		h.sim.setKnobs({ enums: { jz: [{ id: 501, text: '很高' }], ly: [{ id: 9001, text: '微信' }] } });
		expect(await load('getValueLevels')).toEqual([{ name: '很高 (501)', value: '501' }]);
		expect(await load('getSources')).toEqual([{ name: '微信 (9001)', value: '9001' }]);
	});

	it('a category chosen from the list (id pair) is what the ERP stores', async () => {
		const [out] = json(
			await h.output(
				{ resource: 'customer', operation: 'create', customerType: 'person', name: '={{ $json.n }}', category: '21,212' },
				[{ n: '分类测试' }],
			),
		);
		expect(h.sim.customer(Number(out.customerId))).toMatchObject({ sort1: 21, sort1Stage: 212 });
	});
});
