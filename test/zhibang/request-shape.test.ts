/**
 * Request shapes of the Zhibang login and the operations other than customers, checked with nock (no simulator): paths, cmdkey,
 * datas ids and values, `cmdkey: refresh` on every list, the session token in the body (and
 * ZBAPI-Token for v3 JSON bodies), and the number of requests.
 */
import { TOKEN, bill, doc, saved, table } from './fakeZhibang';
import { ZHIBANG_NODE } from '../support/workflows';
import { M, expectSession, shape, useFakeZhibang } from './shape';

const { engine, fake, run, cred } = useFakeZhibang();

describe('login', () => {
	it('logs in once with txt: values, then sends the token in every body', async () => {
		fake.on(`${M}/systemmanage/gate_list.asp`, () => table(['ord', 'name', 'dept'], [[61, '张伟', '销售一部']]));
		await run({ resource: 'user', operation: 'getAll', returnAll: true });
		await run({ resource: 'user', operation: 'getAll', returnAll: true });
		const logins = fake.calls.filter((c) => c.path === '/webapi/v3/ov1/login');
		expect(logins.length).toBeLessThanOrEqual(1);
		if (logins.length) {
			expect(logins[0].datas).toEqual({ user: 'txt:shape_user', password: 'txt:Shape#2026', serialnum: 'txt:SHAPE0001', rndcode: '' });
		}
		expect(engine.store.get(cred().id!).data.sessionToken).toBe(TOKEN);
		expectSession(fake.business);
	});
});

describe('Follow-up → Create', () => {
	it('customer follow-up with a schedule: reply.asp?datatype=tel, __sys_dosave, plan fields', async () => {
		fake.on(`${M}/systemmanage/reply.asp`, () => saved());
		await run({
			resource: 'followUp',
			operation: 'create',
			datatype: 'tel',
			customerId: '1001',
			content: '电话沟通，客户有意向',
			method: '481',
			plantype: '2',
			scheduleTitle: '回访',
			scheduleStart: '2026-03-01 09:00',
			additionalFields: { lead: '2002', scheduleNote: '带样品' },
		});
		expect(fake.business.map(shape)).toEqual([`${M}/systemmanage/reply.asp?datatype=tel [__sys_dosave]`]);
		expect(fake.business[0].datas).toEqual({
			datatype: 'tel',
			ord: '1001',
			intro: '电话沟通，客户有意向',
			sort: '481',
			lead: '2002',
			plantype: '2',
			'@title2': '回访',
			'@ret2_0': '2026-03-01 09:00:00',
			'@ret2_1': '2026-03-01 09:00:00',
			'@intro2': '带样品',
			'@remind': '0',
		});
		expectSession(fake.business);
	});

	it('contact follow-up: datatype person, template text as content', async () => {
		fake.on(`${M}/systemmanage/reply.asp`, () => saved());
		await run({ resource: 'followUp', operation: 'create', datatype: 'person', contactId: '2002' });
		expect(fake.business.map(shape)).toEqual([`${M}/systemmanage/reply.asp?datatype=person [__sys_dosave]`]);
		expect(fake.business[0].datas).toEqual({ datatype: 'person', ord: '2002', intro: '谈的很好，让发合同', sort: '481', lead: '0', plantype: '0' });
	});
});

describe('Contact', () => {
	it('Create: allocate with the customer (company) → save → detail', async () => {
		fake.on(`${M}/salesmanage/person/add.asp`, (c) =>
			c.body.cmdkey === '__sys_dosave' ? saved() : c.query.get('edit') === '1' ? bill(3001, { company: '1001', person_name: '赵六', mobile: '13700001234' }) : bill(3001, { company: '1001' }),
		);
		const [out] = await run({ resource: 'contact', operation: 'create', customerId: '1001', contactName: '赵六', additionalFields: { mobile: '13700001234' } });
		expect(fake.business.map(shape)).toEqual([
			`${M}/salesmanage/person/add.asp []`,
			`${M}/salesmanage/person/add.asp [__sys_dosave]`,
			`${M}/salesmanage/person/add.asp?edit=1 []`,
		]);
		expect(fake.business.map((c) => c.datas)).toEqual([
			{ company: '1001', edit: '' },
			{ ord: '3001', mobile: '13700001234', company: '1001', person_name: '赵六' },
			{ ord: '3001', edit: '1' },
		]);
		expect(out).toMatchObject({ contactId: '3001', customerId: '1001', verified: true });
	});

	it('Get and Get Many', async () => {
		fake.on(`${M}/salesmanage/person/add.asp`, () => bill(3001, { person_name: '赵六' }));
		fake.on(`${M}/salesmanage/person/list.asp`, () => table(['ord', 'person_name', 'company'], [[3001, '赵六', 1001]]));
		expect(await run({ resource: 'contact', operation: 'get', contactId: '3001' })).toEqual([{ ord: '3001', person_name: '赵六' }]);
		expect(await run({ resource: 'contact', operation: 'getAll', returnAll: true, filters: { customerId: '1001', contactName: '赵' } })).toEqual([
			{ ord: 3001, person_name: '赵六', company: 1001 },
		]);
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/person/add.asp?edit=1 []`, `${M}/salesmanage/person/list.asp [refresh]`]);
		expect(fake.business[1].datas).toEqual({ company: '1001', person_name: '赵', pagesize: '200', pageindex: '1' });
	});
});

describe('User → Get Many and the dropdowns', () => {
	it('gate_list with refresh', async () => {
		fake.on(`${M}/systemmanage/gate_list.asp`, () => table(['ord', 'name', 'dept'], [[61, '张伟', '销售一部'], [62, '李娜', '销售一部']]));
		expect(await run({ resource: 'user', operation: 'getAll', returnAll: false, limit: 1 })).toEqual([{ ord: 61, name: '张伟', dept: '销售一部' }]);
		expect(fake.business.map(shape)).toEqual([`${M}/systemmanage/gate_list.asp?stype=radio [refresh]`]);
	});

	it.each([
		['getSources', `${M}/source.asp?enumid=13 [refresh]`, { enumid: '13' }],
		['getValueLevels', `${M}/source.asp?enumid=14 [refresh]`, { enumid: '14' }],
		['getIndustries', `${M}/source.asp?enumid=11 [refresh]`, { enumid: '11' }],
		['getFollowUpMethods', `${M}/source.asp?enumid=98 [refresh]`, { enumid: '98' }],
		['getCategories', `${M}/systemmanage/telsort_list.asp?stype=check [refresh]`, {}],
		['getTemplates', `${M}/systemmanage/reply_temp_list.asp [refresh]`, {}],
		['getUsers', `${M}/systemmanage/gate_list.asp?stype=radio [refresh]`, {}],
	])('%s → %s', async (method, expected, datas) => {
		fake.on(expected.split(/[? ]/)[0], () => table(['id', 'text'], [[1, 'x']]));
		const options = await engine.loadOptions(ZHIBANG_NODE, method, { resource: 'customer', operation: 'upsert' }, { zhibangApi: cred() });
		expect(options.length).toBe(1);
		expect(fake.business.map(shape)).toEqual([expected]);
		expect(fake.business[0].datas).toEqual({ ...datas, pagesize: '2000', pageindex: '1' });
		expectSession(fake.business);
	});
});

describe('Custom API Call', () => {
	it('datas: the given path, cmdkey and id/val list', async () => {
		fake.on(`${M}/salesmanage/chance/list.asp`, () => table(['ord'], [[1]]));
		const [out] = await run({ resource: 'custom', operation: 'apiCall', path: `${M}/salesmanage/chance/list.asp?stype=1`, cmdkey: 'refresh', datas: '{"pagesize": 20, "name": "项目", "flag": true}' });
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/chance/list.asp?stype=1 [refresh]`]);
		expect(fake.business[0].body.datas).toEqual([
			{ id: 'pagesize', val: '20' },
			{ id: 'name', val: '项目' },
			{ id: 'flag', val: 'true' },
		]);
		expect(out).toMatchObject({ header: { status: 0 }, body: { model: 'source' } });
	});

	it('raw JSON (v3): the body as given, the token in ZBAPI-Token; a Code 300 is an error', async () => {
		fake.on('/webapi/v3/sales/customer/edit', (c) => (c.body.email === 'bad' ? { Code: 300, Msg: '邮箱格式不正确' } : { Code: 200, Msg: '修改成功' }));
		const [out] = await run({ resource: 'custom', operation: 'apiCall', path: '/webapi/v3/sales/customer/edit', bodyType: 'json', body: '{"ord": 1001, "email": "a@b.cn"}', idempotent: false });
		expect(out).toEqual({ Code: 200, Msg: '修改成功' });
		const [call] = fake.business;
		expect(call.headers['zbapi-token']).toBe(TOKEN);
		expect(call.body).toMatchObject({ ord: 1001, email: 'a@b.cn' });
		expect(call.body.datas).toBeUndefined();
		await expect(
			run({ resource: 'custom', operation: 'apiCall', path: '/webapi/v3/sales/customer/edit', bodyType: 'json', body: '{"ord": 1001, "email": "bad"}', idempotent: false }),
		).rejects.toThrow(/Code 300.*邮箱格式不正确/);
	});

	it('an ERP business error surfaces with its status and message, phone masked', async () => {
		fake.on(`${M}/salesmanage/custom/add.asp`, () => doc(undefined, 2, '手机号码13800138000已存在'));
		await expect(run({ resource: 'customer', operation: 'get', customerId: '1' })).rejects.toThrow(/状态 2.*138\*\*\*\*8000已存在/);
	});
});
