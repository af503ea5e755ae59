/**
 * Behaviour of the Zhibang (智邦国际) ERP simulator as a client sees it over HTTP (./zhibang-client.ts), plus the
 * in-process hooks tests and scripts rely on: login (both paths, failures, serial numbers, captcha, frozen accounts, relaxed bodies) and sessions (idle expiry, expiry signals, kicked tokens, logout).
 * Protocol: docs/protocol/zhibang.md (§11: assumptions and knobs).
 */
import { allocate, call, http, listCustomers, login, loginBody, MOBILE, OV1, SERIAL, toDatas, useZhibangSimulator } from './zhibang-client';

const sim = useZhibangSimulator();

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
