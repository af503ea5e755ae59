/**
 * Behaviour of the Zhibang (智邦国际) ERP simulator as a client sees it over HTTP (./zhibang-client.ts), plus the
 * in-process hooks tests and scripts rely on: the wire (alias paths, cmdkey from the query, numeric values) and customers (allocate, validate, save, update, assign, v3 edit).
 * Protocol: docs/protocol/zhibang.md (§11: assumptions and knobs).
 */
import { allocate, call, createCompany, field, http, listCustomers, login, MOBILE, OV1, rowsOf, saveCustomer, useZhibangSimulator, type Datas, type Json } from './zhibang-client';

const sim = useZhibangSimulator();

describe('wire', () => {
	it('serves both alias paths case-insensitively and counts one canonical operation', async () => {
		const session = await login();
		const a = await call('/SYSA/MobilePhone/SalesManage/Custom/List.asp', session, 'refresh', { pagesize: 5 });
		const b = await call(`${OV1}/SalesManage/custom/list`, session, 'refresh', { pagesize: 5 });
		const c = await call('/sysa/mobilephone/salesmanage/custom/list.asp?apihelptype=get&debug=1', session, 'refresh', { pagesize: 5, _insert_rowindex: 3 });
		expect(rowsOf(a)).toEqual(rowsOf(b));
		expect(rowsOf(c)).toEqual(rowsOf(b));
		expect(sim.op('customer.list')).toBe(3);
		expect(sim.requestCount('/sysa/mobilephone/salesmanage/custom/list.asp')).toBe(2);

		expect((await call(`${MOBILE}/salesmanage/custom/nothing.asp`, session, 'refresh')).status).toBe(404);
		expect((await call(`${OV1}/salesmanage/custom/list.asp`, session, 'refresh')).status).toBe(404);
		expect((await http.get(`${OV1}/salesmanage/custom/list`)).status).toBe(405);
	});

	it('takes the cmdkey from the __msgid query when the body has none', async () => {
		const session = await login();
		const skeleton = await call(`${OV1}/salesmanage/custom/list`, session, undefined, { pagesize: 5 });
		expect(skeleton.data.body.source.table.rows).toEqual([]);
		const viaQuery = await call(`${OV1}/salesmanage/custom/list?__msgId=refresh`, session, undefined, { pagesize: 5 });
		expect(viaQuery.data.body.source.table.rows).toHaveLength(5);
		const viaLower = await call(`${MOBILE}/salesmanage/custom/list.asp?__msgid=refresh`, session, undefined, { pagesize: 5 });
		expect(viaLower.data.body.source.table.rows).toHaveLength(5);
	});

	it('accepts numeric val and takes intsort/edit from datas or the query', async () => {
		const session = await login();
		const { ord } = await allocate(session, 2);
		const res = await call(`${MOBILE}/salesmanage/custom/add.asp`, session, '__sys_dosave', { ord, intsort: 2, name: '周杰', sort1: 17, ly: 172 });
		expect(res.data.header.status).toBe(0);
		expect(sim.customer(ord)).toMatchObject({ intsort: 2, ly: 172, sort1: 17 });
		const detail = await call(`${MOBILE}/salesmanage/custom/add.asp`, session, undefined, { ord, edit: 1 });
		expect(detail.data.body.bill.caption).toBe('客户详情');
	});
});

describe('customers', () => {
	it('allocates monotonic ords with a pre-filled customer number', async () => {
		const session = await login();
		const a = await allocate(session);
		const b = await allocate(session);
		expect(b.ord).toBe(a.ord + 1);
		// KH + the simulator's date (China time) + a sequence number.
		expect(a.khid).toMatch(/^KH20260302\d{3}$/);
		expect(b.khid).not.toBe(a.khid);
		const res = await call(`${MOBILE}/salesmanage/custom/add.asp`, session, undefined);
		expect(res.data.body.bill).toMatchObject({ caption: '添加客户' });
		expect(res.data.body.bill.groups[0].fields.find((f: Json) => f.id === 'name')).toMatchObject({ text: '客户名称', value: '' });
		expect(sim.op('customer.allocate')).toBe(3);
		expect(sim.oplog).toHaveLength(0);
	});

	it('refuses a company save missing a required field, names the field and writes nothing', async () => {
		const session = await login();
		const { ord } = await allocate(session);
		const complete: Datas = { ord, name: '杭州微信测试有限公司', sort1: '微信客户', person_name: '张三', ly: 171 };
		const cases: Array<[string, string]> = [
			['name', '客户名称不能为空'],
			['sort1', '客户分类不能为空'],
			['person_name', '联系人姓名不能为空'],
		];
		for (const [missing, message] of cases) {
			const datas = { ...complete };
			delete datas[missing];
			const res = await saveCustomer(session, datas);
			expect(res.data.header).toMatchObject({ status: 2, message });
			expect(res.data.body.model).toBe('message');
		}
		const badEnum = await saveCustomer(session, { ...complete, ly: 999 });
		expect(badEnum.data.header.message).toBe('客户来源无效');
		expect((await saveCustomer(session, { ...complete, jz: 1 })).data.header.message).toBe('价值评估无效');
		expect((await saveCustomer(session, { ...complete, sort1: '不存在的分类' })).data.header.message).toBe('客户分类无效');
		expect((await saveCustomer(session, { ...complete, ord: 999999 })).data.header.status).toBe(2);
		expect(sim.customer(ord)).toBeUndefined();
		expect(sim.oplog).toHaveLength(0);
		expect(sim.counters.writes).toBe(0);

		const ok = await saveCustomer(session, complete);
		expect(ok.data.header).toMatchObject({ status: 0 });
		expect(ok.data.body).toEqual({ model: 'message', message: { title: '', text: '保存成功', data: '' } });
		expect(sim.counters.writes).toBe(1);
	});

	it('saves a company customer with its primary contact and shows it in detail and list', async () => {
		const session = await login();
		const { ord, khid } = await allocate(session);
		const res = await saveCustomer(session, {
			ord,
			name: '苏州微信测试科技有限公司',
			khid: 'WX12345',
			sort1: '21,212',
			person_name: '王小明',
			mobile: '13912345678',
			email: 'wxm@example.cn',
			ly: 171,
			jz: 289,
			trade: 141,
			address: '苏州市人民路1号',
			intro: '来自微信中台',
			'@meju_19': '5',
		});
		expect(res.data.header.status).toBe(0);
		expect(khid).not.toBe('WX12345');

		const c = sim.customer(ord)!;
		expect(c).toMatchObject({ name: '苏州微信测试科技有限公司', khid: 'WX12345', sort1: 21, sort1Stage: 212, sort1Name: '微信客户', ly: 171, jz: 289, trade: 141, cateid: 60 });
		expect(c.person_name).toBe('王小明');
		expect(c.fields['@meju_19']).toBe('5');
		const contact = sim.contacts().find((p) => p.company === ord)!;
		expect(contact).toMatchObject({ person_name: '王小明', mobile: '13912345678', primary: true });

		const detail = await call(`${MOBILE}/salesmanage/custom/add.asp?edit=1`, session, undefined, { ord });
		expect(detail.data.body.model).toBe('bill');
		expect(detail.data.body.bill.value).toBe(ord);
		expect(field(detail, 'name')).toBe('苏州微信测试科技有限公司');
		expect(field(detail, 'khid')).toBe('WX12345');
		expect(field(detail, 'ly')).toBe('171');
		expect(field(detail, 'jz')).toBe('289');
		expect(field(detail, 'cateid')).toBe('60');
		expect(field(detail, 'cateName')).toBe('接口账号');
		expect(field(detail, 'person_name')).toBe('王小明');
		expect(field(detail, 'mobile')).toBe('13912345678');
		expect(field(detail, 'intro')).toBe('来自微信中台');
		// Added "now" by the simulator's clock (pinned, reset to the pin before each test).
		expect(field(detail, 'date1')).toMatch(/^2026-03-02 10:00:\d{2}$/);

		const missing = await call(`${MOBILE}/salesmanage/custom/add.asp?edit=1`, session, undefined, { ord: 999999 });
		expect(missing.data.header).toMatchObject({ status: 2, message: '客户不存在或已被删除' });

		const rows = rowsOf(await listCustomers(session, { khid: 'WX12345' }));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ ord, name: '苏州微信测试科技有限公司', sort1: '微信客户', ly: 171, person_name: '王小明', mobile: '13912345678', cateid: 60 });

		expect(sim.oplog).toEqual([
			expect.objectContaining({ seq: 1, user: 'api_user', userOrd: 60, action: 'customer.create', op: 'customer.save', ord, data: expect.objectContaining({ name: '苏州微信测试科技有限公司', khid: 'WX12345' }) }),
		]);
	});

	it('saves a person customer without a contact name', async () => {
		const session = await login();
		const { ord, khid } = await allocate(session, 2);
		const res = await saveCustomer(session, { ord, name: '林一', sort1: 17, mobile: '13700001111' }, 2);
		expect(res.data.header.status).toBe(0);
		expect(sim.customer(ord)).toMatchObject({ intsort: 2, khid, mobile: '13700001111', person: 0 });
		expect(sim.contacts().some((p) => p.company === ord)).toBe(false);
	});

	it('refuses duplicate names and customer numbers (and mobiles when the knob says so)', async () => {
		const session = await login();
		const existing = sim.customers()[5];
		const { ord } = await allocate(session);
		const base: Datas = { ord, name: '全新名称有限公司', sort1: 17, person_name: '甲' };
		expect((await saveCustomer(session, { ...base, name: existing.name })).data.header.message).toBe('客户名称已存在');
		expect((await saveCustomer(session, { ...base, khid: existing.khid })).data.header.message).toBe('客户编号已存在');
		expect((await saveCustomer(session, { ...base, mobile: existing.mobile })).data.header.status).toBe(0);
		const { ord: ord2 } = await allocate(session);
		sim.setKnobs({ duplicateCheck: { name: true, khid: true, mobile: true } });
		const dupMobile = await saveCustomer(session, { ord: ord2, name: '另一家有限公司', sort1: 17, person_name: '乙', mobile: existing.mobile });
		expect(dupMobile.data.header.message).toBe('手机号码已存在');
		sim.setKnobs({ duplicateCheck: { name: false, khid: true, mobile: false } });
		expect((await saveCustomer(session, { ord: ord2, name: existing.name, sort1: 17, person_name: '乙' })).data.header.status).toBe(0);
	});

	it('updates an existing customer by ord, merging the given fields', async () => {
		const session = await login();
		const ord = await createCompany(session, { khid: 'WX777', email: 'a@example.cn', address: '旧地址' });
		const res = await saveCustomer(session, { ord, jz: 175, address: '新地址', mobile: '13600000000' });
		expect(res.data.header.status).toBe(0);
		const c = sim.customer(ord)!;
		expect(c).toMatchObject({ khid: 'WX777', jz: 175, ly: 171, name: `微信测试公司${ord}`, person_name: '张三', mobile: '13600000000', email: 'a@example.cn' });
		expect(c.fields.address).toBe('新地址');
		expect(sim.contacts().filter((p) => p.company === ord)).toHaveLength(1);
		expect(sim.oplog.map((e) => e.action)).toEqual(['customer.create', 'customer.update']);
		expect((await saveCustomer(session, { ord, name: '' })).data.header.message).toBe('客户名称不能为空');
	});

	it('answers 保存成功 without persisting for the next saveWithoutPersist saves', async () => {
		const session = await login();
		sim.setKnobs({ saveWithoutPersist: 1 });
		const { ord } = await allocate(session);
		const datas = { ord, name: '幽灵公司', sort1: 17, person_name: '丙' };
		const ghost = await saveCustomer(session, datas);
		expect(ghost.data.body.message.text).toBe('保存成功');
		expect(sim.customer(ord)).toBeUndefined();
		expect(rowsOf(await listCustomers(session, { name: '幽灵' }))).toHaveLength(0);
		expect(sim.counters).toMatchObject({ writes: 0, unpersistedSaves: 1 });
		expect(sim.knobs.saveWithoutPersist).toBe(0);
		expect((await saveCustomer(session, datas)).data.header.status).toBe(0);
		expect(sim.customer(ord)?.name).toBe('幽灵公司');
	});

	it('assigns to users, opens to the public pool, and refuses unknown users', async () => {
		const session = await login();
		const ord = await createCompany(session);
		const assign = (datas: Datas) => call(`${MOBILE}/systemmanage/order.asp?datatype=tel`, session, '__sys_dosave', { ord, ...datas });
		expect((await assign({ member1: 0, member2: '61' })).data.header.status).toBe(0);
		expect(sim.customer(ord)).toMatchObject({ cateid: 61, cateids: [61], cateName: '张伟' });
		expect((await assign({ member1: 0, member2: '62,63' })).data.header.status).toBe(0);
		expect(sim.customer(ord)?.cateids).toEqual([62, 63]);
		expect((await assign({ member1: 1, member2: '' })).data.header.status).toBe(0);
		expect(sim.customer(ord)).toMatchObject({ cateid: 0, cateids: [] });
		const pool = rowsOf(await listCustomers(session, { stype: 1, pagesize: 200 }));
		expect(pool.some((r) => r.ord === ord)).toBe(true);
		expect(pool.every((r) => r.cateid === 0)).toBe(true);

		const unknown = await assign({ member1: 0, member2: '61,999' });
		expect(unknown.data.header).toMatchObject({ status: 2, message: '指派人员不存在' });
		expect((await assign({ member1: 0, member2: '66' })).data.header.message).toBe('指派人员不存在');
		expect(sim.customer(ord)?.cateid).toBe(0);
		const viaOv1 = await call(`${OV1}/systemmanage/order?datatype=tel&apihelptype=save`, session, '__sys_dosave', { ord, member1: 0, member2: 64 });
		expect(viaOv1.data.header.status).toBe(0);
		expect(sim.op('customer.assign')).toBe(6);
		expect(sim.oplog.filter((e) => e.action === 'customer.assign').map((e) => e.data.member2)).toEqual(['61', '62,63', '', '64']);
	});

	it('v3 customer/edit takes ZBAPI-Token and answers {Code, Msg}', async () => {
		const session = await login();
		const ord = await createCompany(session);
		const edit = (body: Json, token = session) => http.post('/webapi/v3/sales/customer/edit', body, { headers: { 'ZBAPI-Token': token } });
		const ok = await edit({ ord, jz: 176, email: 'v3@example.cn' });
		expect(ok.data).toEqual({ Code: 200, Msg: '修改成功' });
		expect(sim.customer(ord)).toMatchObject({ jz: 176, email: 'v3@example.cn' });
		expect(sim.oplog.at(-1)).toMatchObject({ op: 'v3.customer.edit', action: 'customer.update', ord });

		expect((await edit({ ord, jz: 176 }, 'not-a-token')).data).toEqual({ Code: 400, Msg: 'token验证失败' });
		// The token in the body (the id/val envelope) is not how v3 authenticates.
		const envelope = await http.post('/webapi/v3/sales/customer/edit', { session, datas: [{ id: 'ord', val: ord }] });
		expect(envelope.data.Code).toBe(400);
		expect((await edit({ ord, mobile: '123' })).data.Code).toBe(300);
		expect((await edit({ ord: 999999, name: 'x' })).data).toEqual({ Code: 300, Msg: '客户不存在或已被删除' });
		expect(sim.op('v3.customer.edit')).toBe(5);
	});
});
