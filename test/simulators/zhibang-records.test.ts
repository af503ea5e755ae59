/**
 * Behaviour of the Zhibang (智邦国际) ERP simulator as a client sees it over HTTP (./zhibang-client.ts), plus the
 * in-process hooks tests and scripts rely on: follow-ups, contacts, and faults, control routes and reset().
 * Protocol: docs/protocol/zhibang.md (§11: assumptions and knobs).
 */
import { allocate, call, createCompany, field, http, listCustomers, login, MOBILE, OV1, rowsOf, saveCustomer, useZhibangSimulator, type Datas, type Json } from './zhibang-client';

const sim = useZhibangSimulator();

describe('follow-ups', () => {
	const reply = (session: string, datas: Datas, datatype = 'tel') =>
		call(`${MOBILE}/systemmanage/reply.asp?datatype=${datatype}`, session, '__sys_dosave', datas);

	it('stores a valid follow-up with its author', async () => {
		const session = await login(`${OV1}/login`, 'zhangwei', 'Sales@2026');
		const ord = await createCompany(session);
		const contact = sim.contacts().find((p) => p.company === ord)!;
		const res = await reply(session, { ord, intro: '106', sort: 481, lead: contact.ord, plantype: 0 });
		expect(res.data.header.status).toBe(0);
		expect(res.data.body.message.text).toBe('保存成功');
		const [f] = sim.followups();
		expect(f).toMatchObject({ customer: ord, ord, intro: '106', sort: 481, contact: contact.ord, plantype: 0, author: 61, authorName: '张伟', datatype: 'tel' });
		expect(sim.oplog.at(-1)).toMatchObject({ action: 'followup.create', user: 'zhangwei', ord });

		const viaOv1 = await call(`${OV1}/systemManage/reply?datatype=tel&apihelptype=save`, session, '__sys_dosave', { ord, intro: '客户对产品很满意', sort: 482 });
		expect(viaOv1.data.header.status).toBe(0);
		const byPerson = await reply(session, { ord: contact.ord, intro: '联系人跟进', sort: 483 }, 'person');
		expect(byPerson.data.header.status).toBe(0);
		expect(sim.followups().at(-1)).toMatchObject({ datatype: 'person', customer: ord, contact: contact.ord });
		expect(sim.op('followup.save')).toBe(3);
	});

	it('validates method, content, contact and schedule fields', async () => {
		const session = await login();
		const ord = await createCompany(session);
		const otherContact = sim.contacts().find((p) => p.company !== ord)!;
		expect((await reply(session, { ord, intro: '跟进', sort: 480 })).data.header).toMatchObject({ status: 2, message: '跟进方式无效' });
		expect((await reply(session, { ord, intro: '', sort: 481 })).data.header.message).toBe('洽谈内容不能为空');
		expect((await reply(session, { ord, intro: 'x'.repeat(1001), sort: 481 })).data.header.message).toBe('洽谈内容不能超过1000个字');
		expect((await reply(session, { ord: 999999, intro: '跟进', sort: 481 })).data.header.message).toBe('客户不存在或已被删除');
		expect((await reply(session, { ord, intro: '跟进', sort: 481, lead: otherContact.ord })).data.header.message).toBe('关联联系人不属于该客户');
		expect((await reply(session, { ord, intro: '跟进', sort: 481, plantype: 1 })).data.header.message).toBe('日程主题不能为空');
		expect((await reply(session, { ord, intro: '跟进', sort: 481, plantype: 1, '@title2': '回访' })).data.header.message).toBe('日程开始时间不能为空');
		expect((await reply(session, { ord, intro: '跟进', sort: 481, plantype: 3 })).data.header.message).toBe('日程类型无效');
		expect(sim.followups()).toHaveLength(0);
		const planned = await reply(session, { ord, intro: '跟进', sort: 481, plantype: 1, '@title2': '回访', '@ret2_0': '2026-05-01 10:00' });
		expect(planned.data.header.status).toBe(0);
		expect(sim.followups()[0].plan).toMatchObject({ '@title2': '回访', '@ret2_0': '2026-05-01 10:00' });
	});
});

describe('contacts', () => {
	it('allocates, saves, shows and lists contacts of a customer', async () => {
		const session = await login();
		const company = await createCompany(session);
		const alloc = await call(`${MOBILE}/salesmanage/person/add.asp`, session, undefined);
		const ord = alloc.data.body.bill.value as number;
		expect(alloc.data.body.bill.caption).toBe('添加联系人');

		const missing = await call(`${MOBILE}/salesmanage/person/add.asp`, session, '__sys_dosave', { ord, person_name: '李四' });
		expect(missing.data.header).toMatchObject({ status: 2, message: '关联客户不能为空' });
		const noName = await call(`${MOBILE}/salesmanage/person/add.asp`, session, '__sys_dosave', { ord, company });
		expect(noName.data.header.message).toBe('联系人姓名不能为空');
		const badCompany = await call(`${MOBILE}/salesmanage/person/add.asp`, session, '__sys_dosave', { ord, company: 999999, person_name: '李四' });
		expect(badCompany.data.header.message).toBe('关联客户不存在');

		const saved = await call(`${OV1}/salesmanage/person/add?apihelptype=save`, session, '__sys_dosave', {
			ord,
			company,
			person_name: '李四',
			mobile: '13511112222',
			email: 'lisi@example.cn',
			job: '采购',
			weixinAcc: 'lisi_wx',
		});
		expect(saved.data.header.status).toBe(0);
		expect(sim.contact(ord)).toMatchObject({ company, person_name: '李四', mobile: '13511112222', job: '采购', primary: false });

		const detail = await call(`${MOBILE}/salesmanage/person/add.asp?edit=1`, session, undefined, { ord });
		expect(field(detail, 'person_name')).toBe('李四');
		expect(field(detail, 'weixinAcc')).toBe('lisi_wx');
		expect(field(detail, 'company')).toBe(String(company));

		const update = await call(`${MOBILE}/salesmanage/person/add.asp`, session, '__sys_dosave', { ord, job: '采购经理' });
		expect(update.data.header.status).toBe(0);
		expect(sim.contact(ord)).toMatchObject({ job: '采购经理', mobile: '13511112222' });

		expect((await call(`${MOBILE}/salesmanage/person/list.asp`, session, undefined, { company })).data.body.source.table.rows).toEqual([]);
		const list = rowsOf(await call(`${MOBILE}/salesmanage/person/list.asp`, session, 'refresh', { company }));
		expect(list.map((r) => r.person_name).sort()).toEqual(['张三', '李四']);
		expect(list.find((r) => r.ord === ord)).toMatchObject({ company, name: `微信测试公司${company}`, mobile: '13511112222', email: 'lisi@example.cn', job: '采购经理' });
		expect(rowsOf(await call(`${OV1}/salesmanage/person/list`, session, 'refresh', { mobile: '1351111' })).map((r) => r.ord)).toEqual([ord]);
		expect(rowsOf(await call(`${OV1}/salesmanage/person/list`, session, 'refresh', { name: `微信测试公司${company}` }))).toHaveLength(2);
		expect(sim.oplog.map((e) => e.action)).toEqual(['customer.create', 'contact.create', 'contact.update']);
		expect(sim.op('contact.allocate')).toBe(1);
		expect(sim.op('contact.save')).toBe(5);
		expect(sim.op('contact.detail')).toBe(1);
		expect(sim.op('contact.list')).toBe(4);
	});

	it('refuses a contact ord that was never allocated (e.g. a customer ord)', async () => {
		const session = await login();
		const company = await createCompany(session);
		const res = await call(`${MOBILE}/salesmanage/person/add.asp`, session, '__sys_dosave', { ord: company, company, person_name: '错用' });
		expect(res.data.header.status).toBe(2);
	});
});

describe('faults, control routes and reset', () => {
	it('expire invalidates the token the request carries', async () => {
		const session = await login();
		sim.addFault({ route: '/webapi/v3/ov1/salesmanage/custom/list', kind: 'expire' });
		const res = await listCustomers(session);
		expect(res.data.header).toMatchObject({ status: 1, session: '' });
		expect((await listCustomers(session)).data.header.status).toBe(1);
		expect(sim.counters.faults.expire).toBe(1);
		const fresh = await login();
		expect((await listCustomers(fresh)).data.header.status).toBe(0);
	});

	it('throttle answers status 2 with the throttling message and applies nothing', async () => {
		const session = await login();
		const { ord } = await allocate(session);
		sim.addFault({ route: '/sysa/mobilephone/salesmanage/custom/add.asp', kind: 'throttle' });
		const res = await saveCustomer(session, { ord, name: '限流公司', sort1: 17, person_name: '戊' });
		expect(res.data.header).toMatchObject({ status: 2, message: '操作过于频繁，请稍后再试' });
		expect(sim.customer(ord)).toBeUndefined();
		expect((await saveCustomer(session, { ord, name: '限流公司', sort1: 17, person_name: '戊' })).data.header.status).toBe(0);
	});

	it('reset-after-apply persists the write and drops the response', async () => {
		const session = await login();
		const { ord } = await allocate(session);
		sim.addFault({ route: '/sysa/mobilephone/salesmanage/custom/add.asp', kind: 'reset-after-apply' });
		await expect(saveCustomer(session, { ord, name: '丢响应公司', sort1: 17, person_name: '己' })).rejects.toThrow();
		expect(sim.customer(ord)?.name).toBe('丢响应公司');
		expect(sim.oplog).toHaveLength(1);
		expect(sim.counters.writes).toBe(1);
	});

	it('exposes data and the operation log on control routes', async () => {
		const session = await login();
		const ord = await createCompany(session);
		await call(`${MOBILE}/systemmanage/reply.asp?datatype=tel`, session, '__sys_dosave', { ord, intro: '107', sort: 481 });
		const customers = (await http.get('/__sim/customers')).data as Json[];
		expect(customers).toHaveLength(41);
		expect(customers.find((c) => c.ord === ord)).toMatchObject({ name: `微信测试公司${ord}` });
		expect(((await http.get('/__sim/contacts')).data as Json[]).some((p) => p.company === ord)).toBe(true);
		expect((await http.get('/__sim/followups')).data).toHaveLength(1);
		const oplog = (await http.get('/__sim/oplog')).data as Json[];
		expect(oplog.map((e) => [e.action, e.user])).toEqual([
			['customer.create', 'api_user'],
			['followup.create', 'api_user'],
		]);
		const counters = (await http.get('/__sim/counters')).data;
		expect(counters.ops).toMatchObject({ login: 1, 'customer.allocate': 1, 'customer.save': 1, 'followup.save': 1 });
		expect(counters.writes).toBe(2);
	});

	it('reset() restores the seed, drops sessions and restores knobs', async () => {
		const seeded = sim.customers();
		expect(seeded).toHaveLength(40);
		expect(seeded.filter((c) => c.khid.startsWith('WX'))).toHaveLength(4);
		const session = await login();
		await createCompany(session);
		sim.setKnobs({ expirySignal: 'http401', seed: 7 });
		sim.reset();
		expect(sim.knobs.expirySignal).toBe('body');
		expect(sim.customers()).toEqual(seeded);
		expect(sim.oplog).toHaveLength(0);
		expect(sim.counters.ops).toEqual({});
		expect((await listCustomers(session)).data.header.status).toBe(1);
	});
});
