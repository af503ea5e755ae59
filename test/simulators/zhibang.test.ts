/**
 * Behaviour of the Zhibang (智邦国际) ERP simulator as a client sees it over HTTP (axios), plus the
 * in-process hooks tests and scripts rely on. Protocol: docs/protocol/zhibang.md (§11: assumptions and knobs).
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import { ZHIBANG_DEMO, ZhibangSimulator, startZhibangSimulator } from '../../simulators/zhibang';

type Datas = Record<string, string | number>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MOBILE = '/sysa/mobilephone';
const OV1 = '/webapi/v3/ov1';
const SERIAL = 'n8ntest001';

/** The simulator's clock: pinned, so the dates it writes (customer numbers, date1) are known. */
const PIN = '2026-03-02T10:00:00+08:00';

let sim: ZhibangSimulator;
let http: AxiosInstance;

beforeAll(async () => {
	sim = await startZhibangSimulator({ now: PIN });
	http = axios.create({ baseURL: sim.baseUrl, validateStatus: () => true, maxRedirects: 0, timeout: 5000 });
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => sim.reset());

const toDatas = (d: Datas) => Object.entries(d).map(([id, val]) => ({ id, val }));

function loginBody(user: string, password: string, serial: string = SERIAL, rndcode = ''): Json {
	return {
		session: '',
		datas: toDatas({ user: `txt:${user}`, password: `txt:${password}`, serialnum: serial, rndcode }),
	};
}

async function login(
	path = `${OV1}/login`,
	user: string = ZHIBANG_DEMO.username,
	password: string = ZHIBANG_DEMO.password,
	serial = SERIAL,
): Promise<string> {
	const res = await http.post(path, loginBody(user, password, serial));
	expect(res.data.header.status).toBe(0);
	return res.data.header.session as string;
}

async function call(path: string, session: string, cmdkey: string | undefined, datas: Datas = {}): Promise<AxiosResponse<Json>> {
	const body: Json = { session, datas: toDatas(datas) };
	if (cmdkey !== undefined) body.cmdkey = cmdkey;
	return http.post(path, body);
}

/** Table rows as objects keyed by column id (the way a client must read them). */
function rowsOf(res: AxiosResponse<Json>): Json[] {
	const table = res.data.body.source.table;
	return (table.rows as unknown[][]).map((row) => Object.fromEntries(table.cols.map((c: { id: string }, i: number) => [c.id, row[i]])));
}

function field(res: AxiosResponse<Json>, id: string): string | undefined {
	for (const group of res.data.body.bill.groups) for (const f of group.fields) if (f.id === id) return f.value;
	return undefined;
}

async function allocate(session: string, intsort = 1): Promise<{ ord: number; khid: string }> {
	const res = await call(`${MOBILE}/salesmanage/custom/add.asp?intsort=${intsort}`, session, undefined, { intsort, edit: '' });
	expect(res.data.body.model).toBe('bill');
	return { ord: res.data.body.bill.value, khid: field(res, 'khid') as string };
}

async function saveCustomer(session: string, datas: Datas, intsort = 1): Promise<AxiosResponse<Json>> {
	return call(`${MOBILE}/salesmanage/custom/add.asp?intsort=${intsort}`, session, '__sys_dosave', datas);
}

async function createCompany(session: string, extra: Datas = {}): Promise<number> {
	const { ord } = await allocate(session);
	const res = await saveCustomer(session, { ord, name: `微信测试公司${ord}`, sort1: '微信客户', person_name: '张三', mobile: '13800138000', ly: 171, ...extra });
	expect(res.data.header.status).toBe(0);
	return ord;
}

async function listCustomers(session: string, datas: Datas = {}): Promise<AxiosResponse<Json>> {
	return call(`${OV1}/salesmanage/custom/list`, session, 'refresh', datas);
}

// =====================================================================================================

describe('login', () => {
	it('issues a token on both login paths with the documented envelope', async () => {
		for (const path of [`${OV1}/login`, `${MOBILE}/login.asp`]) {
			const res = await http.post(path, loginBody('api_user', 'Zb@2026pass'));
			expect(res.status).toBe(200);
			expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
			expect(res.data.header).toMatchObject({ status: 0, message: 'API鉴权成功.', appversion: '32.17', language: 'zh-cn' });
			expect(res.data.header.session).toMatch(/^[0-9a-f]{32,}$/);
			expect(res.data.body).toEqual({ model: 'init', action: 'sys' });
		}
		expect(sim.counters.logins).toBe(2);
		expect(sim.counters.loginAttempts).toBe(2);
		expect(sim.op('login')).toBe(2);
	});

	it('fails with status 1, action fail and a message for a wrong password or missing txt: prefix', async () => {
		const wrong = await http.post(`${OV1}/login`, loginBody('api_user', 'nope'));
		expect(wrong.data.header).toMatchObject({ status: 1, message: '用户名或密码错误', session: '' });
		expect(wrong.data.body.action).toBe('fail');

		const unprefixed = await http.post(`${OV1}/login`, {
			datas: toDatas({ user: 'api_user', password: 'Zb@2026pass', serialnum: SERIAL, rndcode: '' }),
		});
		expect(unprefixed.data.header).toMatchObject({ status: 1, message: '用户名或密码错误' });

		const unknown = await http.post(`${OV1}/login`, loginBody('nobody', 'x'));
		expect(unknown.data.header.message).toBe('用户名或密码错误');
		expect(sim.counters.logins).toBe(0);
		expect(sim.counters.loginAttempts).toBe(3);
	});

	it('requires a serial number, and a ≤20 alphanumeric one when strictSerial is on', async () => {
		const none = await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', ''));
		expect(none.data.header.status).toBe(1);
		const uuid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
		expect((await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', uuid))).data.header.status).toBe(0);
		sim.setKnobs({ strictSerial: true });
		expect((await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', uuid))).data.header.status).toBe(1);
		expect((await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', 'abc123XYZ'))).data.header.status).toBe(0);
	});

	it('demands a captcha after 3 failures, reveals it through the hook, and resets on success', async () => {
		for (let i = 1; i <= 3; i++) {
			const res = await http.post(`${OV1}/login`, loginBody('api_user', 'bad'));
			expect(res.data.header.message).toBe('用户名或密码错误');
			if (i < 3) expect(res.data.body.login.newrndcode).toBe('');
			else expect(res.data.body.login.newrndcode).toMatch(/^[0-9a-f]{32}$/);
		}
		// Even the right password is refused without the code.
		const noCode = await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass'));
		expect(noCode.data.header).toMatchObject({ status: 1, message: '请输入验证码' });
		const token = noCode.data.body.login.newrndcode as string;
		expect(token).toMatch(/^[0-9a-f]{32}$/);

		const hook = await http.get('/__sim/captcha', { params: { user: 'api_user' } });
		expect(hook.data).toMatchObject({ required: true, failures: 3, token });
		expect(hook.data.expected).toBe(hook.data.code);
		const image = await http.get(`${MOBILE}/getyzm.asp`, { params: { code: token } });
		expect(image.headers['content-type']).toMatch(/^image\//);
		expect(String(image.data)).toContain(hook.data.code);

		const wrongCode = await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', SERIAL, 'zzzz'));
		expect(wrongCode.data.header.message).toBe('验证码错误');
		const fresh = (await http.get('/__sim/captcha', { params: { user: 'api_user' } })).data;
		expect(fresh.code).not.toBe('');

		const ok = await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass', SERIAL, fresh.expected));
		expect(ok.data.header.status).toBe(0);
		const after = (await http.get('/__sim/captcha', { params: { user: 'api_user' } })).data;
		expect(after).toMatchObject({ required: false, failures: 0 });
	});

	it('refuses a frozen account', async () => {
		const res = await http.post(`${OV1}/login`, loginBody('frozen_user', 'Frozen@2026'));
		expect(res.data.header).toMatchObject({ status: 1, message: '账号已被冻结' });
		expect(res.data.body.action).toBe('fail');
	});

	it('freezes an account after lockoutAfter failures until unlocked', async () => {
		sim.setKnobs({ lockoutAfter: 2, captchaAfter: 0 });
		await http.post(`${OV1}/login`, loginBody('api_user', 'bad'));
		await http.post(`${OV1}/login`, loginBody('api_user', 'bad'));
		const locked = await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass'));
		expect(locked.data.header.message).toBe('账号已被冻结');
		const unlock = await http.post('/__sim/users/unlock', { user: 'api_user' });
		expect(unlock.data).toMatchObject({ ok: true, cleared: true });
		expect((await http.post(`${OV1}/login`, loginBody('api_user', 'Zb@2026pass'))).data.header.status).toBe(0);
	});

	it('accepts application/zsml and JavaScript-object-literal bodies like the vendor demo sends', async () => {
		const text = `{session:'******', datas:[{id:'user',val:'txt:api_user'},{id:'password',val:'txt:Zb@2026pass'},{id:'serialnum',val:'${SERIAL}'},{id:'rndcode',val:''},]}`;
		const res = await http.post(`${MOBILE}/login.asp`, text, { headers: { 'content-type': 'application/zsml; charset=utf-8' } });
		expect(res.data.header.status).toBe(0);
		sim.setKnobs({ relaxedJson: false });
		const strict = await http.post(`${MOBILE}/login.asp`, text, { headers: { 'content-type': 'application/zsml; charset=utf-8' } });
		expect(strict.data.header.status).toBe(2);
	});
});

describe('sessions', () => {
	it('expires a token after sessionIdleMs of inactivity', async () => {
		sim.setKnobs({ sessionIdleMs: 100 });
		const session = await login();
		sim.clock.advance(250);
		const res = await call(`${MOBILE}/source.asp?enumid=13`, session, undefined);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ header: { status: 1, message: '登录超时，请重新登录', session: '', language: 'zh-cn' } });
		expect(sim.counters.rejectedSessions).toBe(1);
	});

	it('counts idleness from the last use, not from login (simulator clock)', async () => {
		sim.setKnobs({ sessionIdleMs: 60_000 });
		const session = await login();
		for (let i = 0; i < 3; i++) {
			sim.clock.advance(50_000);
			expect((await listCustomers(session)).data.header.status).toBe(0);
		}
		sim.clock.advance(61_000);
		expect((await listCustomers(session)).data.header.status).toBe(1);
	});

	it('rejects a missing token before doing anything', async () => {
		const before = sim.customers().length;
		const res = await call(`${MOBILE}/salesmanage/custom/add.asp`, '', undefined);
		expect(res.data.header.status).toBe(1);
		expect(res.data.body).toBeUndefined();
		// No ord was reserved: the next allocation of a logged-in client is the next number.
		const session = await login();
		const { ord } = await allocate(session);
		expect(ord).toBe(Math.max(...sim.customers().map((c) => c.ord)) + 1);
		expect(sim.customers().length).toBe(before);
	});

	it.each([
		['body', 200],
		['http401', 401],
		['http302', 302],
		['html200', 200],
	] as const)('answers /__sim/expire-sessions with the %s expiry signal', async (mode, status) => {
		sim.setKnobs({ expirySignal: mode, expiryMessage: '会话已过期' });
		const session = await login();
		const expired = await http.post('/__sim/expire-sessions');
		expect(expired.data).toEqual({ ok: true, expired: 1 });
		const res = await listCustomers(session);
		expect(res.status).toBe(status);
		if (mode === 'body' || mode === 'http401') {
			expect(res.headers['content-type']).toMatch(/application\/json/);
			expect(res.data.header).toMatchObject({ status: 1, message: '会话已过期', session: '' });
		} else if (mode === 'http302') {
			expect(res.headers.location).toBe('/sysa/index2.asp');
		} else {
			expect(res.headers['content-type']).toMatch(/text\/html/);
			expect(String(res.data)).toContain('登录');
		}
		expect(sim.counters.rejectedSessions).toBe(1);
		expect(sim.expireAllSessions()).toBe(0);
	});

	it('kicks the older token of the same user and device; other devices keep theirs', async () => {
		const first = await login(`${OV1}/login`, 'api_user', 'Zb@2026pass', 'deviceA');
		const other = await login(`${OV1}/login`, 'api_user', 'Zb@2026pass', 'deviceB');
		const second = await login(`${OV1}/login`, 'api_user', 'Zb@2026pass', 'deviceA');
		const kicked = await listCustomers(first);
		expect(kicked.data.header.status).toBe(1);
		expect(kicked.data.header.message).toContain('重新登录');
		expect((await listCustomers(other)).data.header.status).toBe(0);
		expect((await listCustomers(second)).data.header.status).toBe(0);
		expect(sim.counters.kickedSessions).toBe(1);

		sim.setKnobs({ singleSession: true });
		await login(`${OV1}/login`, 'api_user', 'Zb@2026pass', 'deviceC');
		expect((await listCustomers(other)).data.header.status).toBe(1);
		expect((await listCustomers(second)).data.header.status).toBe(1);
	});

	it('logout removes the token and is idempotent', async () => {
		const session = await login();
		const out = await http.post(`${OV1}/logout`, { session });
		expect(out.data.header.status).toBe(0);
		expect(out.data.body.model).toBe('message');
		expect((await listCustomers(session)).data.header.status).toBe(1);
		const again = await http.post(`${MOBILE}/logout.asp`, { session, datas: [] });
		expect(again.data.header.status).toBe(0);
		expect(again.data.body.model).toBe('message');
		expect(sim.op('logout')).toBe(2);
	});
});

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

describe('customer list', () => {
	it('returns only a skeleton without refresh and a paged table with it', async () => {
		const session = await login();
		const skeleton = await call(`${MOBILE}/salesmanage/custom/list.asp`, session, undefined);
		expect(skeleton.data.body.model).toBe('source');
		expect(skeleton.data.body.source.type_).toBe('table');
		expect(skeleton.data.body.source.table.rows).toEqual([]);

		const res = await listCustomers(session);
		const table = res.data.body.source.table;
		const ids = table.cols.map((c: Json) => c.id);
		for (const id of ['ord', 'name', 'khid', 'sort1', 'ly', 'jz', 'trade', 'cateid', 'cateName', 'date1', 'person_name', 'mobile', 'phone']) {
			expect(ids).toContain(id);
		}
		expect(table.page).toEqual({ recordcount: 40, pagesize: 20, pagecount: 2, pageindex: 1 });
		const rows = rowsOf(res);
		expect(rows).toHaveLength(20);
		const dates = rows.map((r) => r.date1 as string);
		expect([...dates].sort().reverse()).toEqual(dates);

		const page2 = await listCustomers(session, { pageindex: 2 });
		expect(rowsOf(page2)).toHaveLength(20);
		expect(rowsOf(page2)[0].ord).not.toBe(rows[0].ord);
		const beyond = await listCustomers(session, { pageindex: 3 });
		expect(beyond.data.body.source.table.rows).toEqual([]);
		expect(beyond.data.body.source.table.page.recordcount).toBe(40);

		sim.setKnobs({ maxPageSize: 15 });
		const capped = await listCustomers(session, { pagesize: 500 });
		expect(capped.data.body.source.table.page).toMatchObject({ pagesize: 15, pagecount: 3 });
	});

	it('filters fuzzy and exact and by date, and sorts by _rpt_sort', async () => {
		const session = await login();
		const all = sim.customers();
		const wx = rowsOf(await listCustomers(session, { ly: '171', pagesize: 200 }));
		expect(wx.length).toBe(all.filter((c) => c.ly === 171).length);
		expect(wx.length).toBeGreaterThan(3);
		const two = rowsOf(await listCustomers(session, { ly: '172,173', pagesize: 200 }));
		expect(two.length).toBe(all.filter((c) => c.ly === 172 || c.ly === 173).length);

		const target = all.find((c) => c.intsort === 1)!;
		const byName = rowsOf(await listCustomers(session, { name: target.name.slice(2, 6) }));
		expect(byName.map((r) => r.ord)).toContain(target.ord);
		expect(rowsOf(await listCustomers(session, { searchKey: target.mobile })).map((r) => r.ord)).toEqual([target.ord]);
		expect(rowsOf(await listCustomers(session, { phone: target.mobile.slice(3) })).map((r) => r.ord)).toContain(target.ord);
		expect(rowsOf(await listCustomers(session, { searchKey: target.person_name })).map((r) => r.ord)).toContain(target.ord);

		const owned = rowsOf(await listCustomers(session, { cateid: '61', pagesize: 200 }));
		expect(owned.length).toBe(all.filter((c) => c.cateid === 61).length);
		expect(owned.every((r) => r.cateid === 61)).toBe(true);

		const sortedDates = all.map((c) => c.date1).sort();
		const from = sortedDates[10].slice(0, 10);
		const to = sortedDates[20].slice(0, 10);
		const ranged = rowsOf(await listCustomers(session, { date1_0: from, date1_1: to, pagesize: 200 }));
		expect(ranged.length).toBe(all.filter((c) => c.date1.slice(0, 10) >= from && c.date1.slice(0, 10) <= to).length);

		const byOrd = rowsOf(await listCustomers(session, { _rpt_sort: 'ord', pagesize: 5 }));
		expect(byOrd.map((r) => r.ord)).toEqual(all.slice(0, 5).map((c) => c.ord));
		const byOrdDesc = rowsOf(await listCustomers(session, { _rpt_sort: '-ord', pagesize: 3 }));
		expect(byOrdDesc.map((r) => r.ord)).toEqual(all.slice(-3).reverse().map((c) => c.ord));
	});

	it('shuffles columns deterministically when asked; mapping by cols[].id gives the same data', async () => {
		const session = await login();
		const plain = await listCustomers(session, { pagesize: 5 });
		sim.setKnobs({ columnOrder: 'shuffled' });
		const shuffled = await listCustomers(session, { pagesize: 5 });
		const again = await listCustomers(session, { pagesize: 5 });
		const colIds = (r: AxiosResponse<Json>) => r.data.body.source.table.cols.map((c: Json) => c.id);
		expect(colIds(shuffled)).not.toEqual(colIds(plain));
		expect([...colIds(shuffled)].sort()).toEqual([...colIds(plain)].sort());
		expect(colIds(again)).toEqual(colIds(shuffled));
		expect(rowsOf(shuffled)).toEqual(rowsOf(plain));
		expect(shuffled.data.body.source.table.rows[0]).not.toEqual(plain.data.body.source.table.rows[0]);
	});
});

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

describe('reference lists', () => {
	it('serves the enumerations, categories, templates and users', async () => {
		const session = await login();
		const table = async (path: string, cmdkey?: string) => {
			const res = await call(path, session, cmdkey);
			expect(res.data.body.model).toBe('source');
			return rowsOf(res);
		};
		expect(await table(`${MOBILE}/source.asp?enumid=13`)).toEqual([
			{ id: 171, text: '网站注册' },
			{ id: 172, text: '朋友介绍' },
			{ id: 173, text: '陌生开发' },
			{ id: 174, text: '广告宣传' },
			{ id: 977, text: 'VIP' },
		]);
		expect((await table(`${OV1}/source?enumid=14`)).map((r) => r.id)).toEqual([175, 289, 176, 177, 290]);
		expect((await table(`${MOBILE}/source.asp?enumid=98`)).map((r) => r.text)).toEqual(['电话', '邮件', '上门', '其他']);
		expect(await table(`${MOBILE}/source.asp?enumid=11`)).toEqual(expect.arrayContaining([{ id: 137, text: '银行' }, { id: 139, text: '印刷' }]));
		const categories = await table(`${MOBILE}/systemManage/telsort_list.asp?stype=check`);
		const wx = categories.find((r) => r.text === '微信客户')!;
		expect(wx.parent).toBe(0);
		expect(categories.some((r) => r.parent === wx.id)).toBe(true);
		const templates = await table(`${MOBILE}/systemManage/reply_temp_list.asp`);
		expect(templates.find((r) => r.id === 106)?.text).toBe('谈的很好，让发合同');
		expect(templates.map((r) => r.id)).toEqual(expect.arrayContaining([106, 107, 108, 109, 120]));
		const gate = await table(`${MOBILE}/systemManage/gate_list.asp?stype=radio`);
		expect(gate.find((r) => r.ord === 61)).toEqual({ ord: 61, name: '张伟', dept: '销售一部' });
		expect(gate.some((r) => r.ord === 66)).toBe(false);
		expect(new Set(gate.map((r) => r.dept)).size).toBeGreaterThanOrEqual(2);
		expect(await table(`${OV1}/officemanage/businesscard/list`, 'refresh')).toEqual(gate);
		expect(sim.op('enum')).toBe(4);
		expect(sim.op('users')).toBe(2);

		sim.setKnobs({ enums: { ly: [{ id: 9001, text: '微信' }] } });
		expect(await table(`${MOBILE}/source.asp?enumid=13`)).toEqual([{ id: 9001, text: '微信' }]);
		const { ord } = await allocate(session);
		expect((await saveCustomer(session, { ord, name: '覆盖枚举公司', sort1: 17, person_name: '丁', ly: 171 })).data.header.message).toBe('客户来源无效');
		expect((await saveCustomer(session, { ord, name: '覆盖枚举公司', sort1: 17, person_name: '丁', ly: 9001 })).data.header.status).toBe(0);
	});

	it('describes itself for scripts', async () => {
		const res = await http.get('/__sim/');
		expect(res.data).toMatchObject({ simulator: 'zhibang', baseUrl: sim.baseUrl, demo: { username: 'api_user', password: 'Zb@2026pass' } });
		expect(res.data.users).toEqual(expect.arrayContaining([{ ord: 61, name: '张伟', dept: '销售一部' }]));
		expect(sim.demo).toEqual({ username: 'api_user', password: 'Zb@2026pass' });
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
