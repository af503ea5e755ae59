/**
 * Behaviour of the Yunke PC web console simulator as an independent client sees it:
 * axios + tough-cookie for HTTP and cookies, node-forge for the raw (unpadded) RSA of docs/protocol/yunke.md §3.3.
 */
import { createHash } from 'node:crypto';
import axios, { type AxiosResponse, type ResponseType } from 'axios';
import forge from 'node-forge';
import { CookieJar } from 'tough-cookie';
import {
	MP3_FRAME_BYTES,
	MP3_FRAME_HEADER,
	recordingBytesFor,
	recordingSizeFor,
	startYunkeSimulator,
	YUNKE_DEMO,
	type CallRecord,
	YunkeSimulator,
} from '../../simulators/yunke';

const DEMO = YUNKE_DEMO.accounts.demo;
const MULTI = YUNKE_DEMO.accounts.multi;
const LOCKED = YUNKE_DEMO.accounts.locked;
const DISABLED = YUNKE_DEMO.accounts.disabled;

/** The 21-key body of docs/protocol/yunke.md §5.1. */
function listBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		page: 1,
		pageSize: 100,
		lastConnectTimeStart: '',
		lastConnectTimeEnd: '',
		departmentId: '',
		userId: '',
		callType: '',
		searchInfo: '',
		searchPhone: '',
		salesProgress: '',
		startVoiceTime: '',
		endVoiceTime: '',
		startCreateTime: '',
		endCreateTime: '',
		id: '',
		userKey: '',
		callTimeStar: '',
		callTimeEnd: '',
		recordFroms: [],
		quitUserId: '',
		customerSource: '',
		...overrides,
	};
}

/** Raw RSA with node-forge: UTF-8 bytes as a big-endian integer, no padding, hex out. */
function forgeEncrypt(text: string, modulusHex: string, exponentHex: string): string {
	const key = forge.pki.setRsaPublicKey(
		new forge.jsbn.BigInteger(modulusHex, 16),
		new forge.jsbn.BigInteger(exponentHex, 16),
	);
	return forge.util.bytesToHex(key.encrypt(forge.util.encodeUtf8(text), 'RAW'));
}

interface Req {
	json?: unknown;
	form?: Record<string, string>;
	headers?: Record<string, string>;
	responseType?: ResponseType;
}

/** A browser-like client: one cookie jar, no redirects followed, every status returned. */
class Browser {
	readonly jar = new CookieJar();
	/** Set after pcLogin: the `company` and `userid` headers of authenticated calls. */
	auth?: { company: string; userid: string };

	constructor(public base: string) {}

	async request(method: string, path: string, req: Req = {}): Promise<AxiosResponse> {
		const url = path.startsWith('http') ? path : this.base + path;
		const cookie = await this.jar.getCookieString(url);
		let data: unknown = req.json;
		if (req.form) {
			const fd = new FormData();
			for (const [k, v] of Object.entries(req.form)) fd.append(k, v);
			data = fd;
		}
		const res = await axios.request({
			method,
			url,
			data,
			headers: {
				...(cookie ? { cookie } : {}),
				...(this.auth && !req.headers ? this.auth : {}),
				...(req.headers ?? {}),
			},
			responseType: req.responseType,
			maxRedirects: 0,
			validateStatus: () => true,
		});
		const setCookie = res.headers['set-cookie'] ?? [];
		for (const c of setCookie) await this.jar.setCookie(c, url);
		return res;
	}

	post(path: string, json?: unknown, headers?: Record<string, string>): Promise<AxiosResponse> {
		return this.request('POST', path, { json, headers });
	}

	async cookie(name: string): Promise<string | undefined> {
		const cookies = await this.jar.getCookies(this.base);
		return cookies.find((c) => c.key === name)?.value;
	}

	/** Flow A (docs/protocol/yunke.md §3.1): login page, newuc key, checkAndGetUsers. */
	async checkAndGetUsers(account: string, password: string): Promise<AxiosResponse> {
		await this.request('GET', '/cms/auth/login');
		const key = await this.request('GET', `/newuc/login/getSecureKey?account=${account}`);
		const { modulus, public_exponent } = key.data.data;
		return this.post('/newuc/login/checkAndGetUsers', {
			method: 'PASSWD',
			scope: 'company',
			account,
			smsCode: '',
			passwd: forgeEncrypt(password, modulus, public_exponent),
		});
	}

	/** Flow B (docs/protocol/yunke.md §3.1): usercenter key then pcLogin; remembers the auth headers on success. */
	async pcLogin(phone: string, password: string, companyCode: string, transform = (p: string) => p): Promise<AxiosResponse> {
		const key = await this.post('/usercenter/login/getSecureKey', { phone });
		const k = key.data.data.data ?? key.data.data;
		const res = await this.post('/usercenter/login/pcLogin', {
			phone,
			password: forgeEncrypt(transform(password), k.modulus, k.public_exponent),
			loginType: 'yunkecn',
			companyCode,
			smsCode: '',
			validCode: '',
			codeUuid: '',
		});
		if (res.data?.success) this.auth = { company: companyCode, userid: res.data.data.id };
		return res;
	}

	list(overrides: Record<string, unknown> = {}): Promise<AxiosResponse> {
		return this.post('/pc/callLog/list', listBody(overrides));
	}
}

describe('Yunke simulator', () => {
	let sim: YunkeSimulator;
	let seeded: readonly CallRecord[];

	beforeAll(async () => {
		// Pinned: the generated history (and every figure checked below) is the same on every run.
		sim = await startYunkeSimulator({ now: '2026-03-02T10:00:00+08:00' });
		seeded = sim.calls;
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => sim.reset());

	async function loggedIn(account = DEMO, companyCode = '2fy7qa', base = sim.baseUrl): Promise<Browser> {
		const b = new Browser(base);
		await b.request('GET', '/cms/auth/login');
		const res = await b.pcLogin(account.phone, account.password, companyCode);
		expect(res.data).toMatchObject({ success: true, code: '10000' });
		return b;
	}

	describe('login flow', () => {
		test('two listeners, describe() and the demo constants', () => {
			expect(sim.baseUrls).toHaveLength(2);
			expect(sim.baseUrls[0]).toBe(sim.baseUrl);
			expect(sim.baseUrls[1]).not.toBe(sim.baseUrl);
			expect(sim.demo).toEqual({ phone: '13800138000', password: 'Yunke@2026', companyCode: '2fy7qa' });
			expect(sim.describe()).toMatchObject({
				baseUrl: sim.baseUrl,
				companies: [
					{ companyCode: '2fy7qa', company: '云客演示科技有限公司', domain: sim.baseUrls[0] },
					{ companyCode: 'k8m3zq', company: '云客华南分公司', domain: sim.baseUrls[1] },
				],
			});
		});

		test('login page is HTML and sets the key cookie once', async () => {
			const b = new Browser(sim.baseUrl);
			const page = await b.request('GET', '/cms/auth/login');
			expect(page.status).toBe(200);
			expect(page.headers['content-type']).toMatch(/text\/html/);
			expect(page.data).toContain('<html');
			const session = await b.cookie('SESSION');
			expect(session).toMatch(/^[0-9a-f]{32}$/);
			const again = await b.request('GET', '/cms/auth/login');
			expect(again.headers['set-cookie']).toBeUndefined();
		});

		test('newuc key is flat hex (1024-bit, e=10001); discovery lists companies with their domains', async () => {
			const b = new Browser(sim.baseUrls[1]);
			await b.request('GET', '/cms/auth/login');
			const key = await b.request('GET', `/newuc/login/getSecureKey?account=${MULTI.phone}`);
			expect(key.data).toMatchObject({ code: 10000, msg: 'success' });
			expect(key.data.data.public_exponent).toBe('10001');
			expect(key.data.data.modulus).toMatch(/^[0-9a-f]{256}$/);
			const key2 = await b.request('GET', `/newuc/login/getSecureKey?account=${MULTI.phone}`);
			expect(key2.data.data.modulus).not.toBe(key.data.data.modulus);

			// checkAndGetUsers can be called on any cluster and names each company's own domain
			const multi = await b.checkAndGetUsers(MULTI.phone, MULTI.password);
			expect(multi.data.code).toBe(10000);
			expect(multi.data.data).toEqual([
				{ userId: 'u_900139000', userType: 1, companyCode: '2fy7qa', company: '云客演示科技有限公司', domain: sim.baseUrls[0] },
				{ userId: 'u_k8_900139000', userType: 1, companyCode: 'k8m3zq', company: '云客华南分公司', domain: sim.baseUrls[1] },
			]);
			const demo = await new Browser(sim.baseUrl).checkAndGetUsers(DEMO.phone, DEMO.password);
			expect(demo.data.data).toEqual([
				expect.objectContaining({ companyCode: '2fy7qa', userId: 'u_800138000', domain: sim.baseUrls[0] }),
			]);
			expect(sim.counters.loginAttempts).toBe(2);
			expect(sim.counters.logins).toBe(0);
		});

		test('usercenter key is nested by default, flat with usercenterKeyNested=false', async () => {
			const b = new Browser(sim.baseUrl);
			const nested = await b.post('/usercenter/login/getSecureKey', { phone: DEMO.phone });
			expect(nested.data).toMatchObject({ success: true, code: '10000', message: 'success' });
			expect(nested.data.data.data).toMatchObject({ public_exponent: '10001', modulus: expect.stringMatching(/^[0-9a-f]{256}$/) });
			sim.setKnobs({ usercenterKeyNested: false, rsaBits: 2048 });
			const flat = await b.post('/usercenter/login/getSecureKey', { phone: DEMO.phone });
			expect(flat.data.data.data).toBeUndefined();
			expect(flat.data.data.modulus).toMatch(/^[0-9a-f]{512}$/);
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa')).data.success).toBe(true);
		});

		test('pcLogin sets user/userToken/JESONG_USER_ID and returns the user; the session works', async () => {
			const b = new Browser(sim.baseUrl);
			await b.request('GET', '/cms/auth/login');
			const res = await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa');
			expect(res.data).toEqual({
				success: true,
				code: '10000',
				message: '登录成功',
				data: { id: 'u_800138000', token: expect.any(String), companyCode: '2fy7qa', name: expect.any(String), phone: DEMO.phone },
			});
			const setCookie: string[] = res.headers['set-cookie'] ?? [];
			expect(setCookie.find((c) => c.startsWith('user='))).toMatch(/; Path=\/; HttpOnly$/);
			expect(setCookie.find((c) => c.startsWith('userToken='))).toMatch(/; Path=\/; HttpOnly$/);
			expect(setCookie.find((c) => c.startsWith('JESONG_USER_ID='))).toMatch(/^JESONG_USER_ID=\d{32}; Path=\/$/);
			expect(sim.counters.logins).toBe(1);
			expect(sim.counters.loginAttempts).toBe(1);
			const list = await b.list({ pageSize: 1 });
			expect(list.data.success).toBe(true);
			expect(list.data.data.totalCount).toBe(seeded.length);
		});

		test('the key is bound to the key cookie (requireKeyCookie)', async () => {
			const b = new Browser(sim.baseUrl);
			const key = await b.post('/usercenter/login/getSecureKey', { phone: DEMO.phone });
			const k = key.data.data.data;
			const body = {
				phone: DEMO.phone,
				password: forgeEncrypt(DEMO.password, k.modulus, k.public_exponent),
				loginType: 'yunkecn',
				companyCode: '2fy7qa',
				smsCode: '',
				validCode: '',
				codeUuid: '',
			};
			// Same ciphertext, but without the cookie jar
			const bare = await axios.post(`${sim.baseUrl}/usercenter/login/pcLogin`, body, { validateStatus: () => true });
			expect(bare.data.success).toBe(false);
			expect(bare.data.message).toMatch(/密钥/);
			expect(bare.headers['set-cookie']).toBeUndefined();
			sim.setKnobs({ requireKeyCookie: false });
			const lenient = await axios.post(`${sim.baseUrl}/usercenter/login/pcLogin`, body, { validateStatus: () => true });
			expect(lenient.data.success).toBe(true);
		});

		test('wrong password → 10004 (pcLogin) / 22001 (checkAndGetUsers), counted', async () => {
			const b = new Browser(sim.baseUrl);
			const res = await b.pcLogin(DEMO.phone, 'nope', '2fy7qa');
			expect(res.data).toEqual({ success: false, code: '10004', message: '账号或密码错误', data: null });
			expect(res.headers['set-cookie']).toBeUndefined();
			const check = await b.checkAndGetUsers(DEMO.phone, 'nope');
			expect(check.data).toEqual({ code: 22001, msg: '账号或密码错误', data: null });
			// unknown account looks the same
			expect((await b.pcLogin('13000000000', 'x', '2fy7qa')).data.code).toBe('10004');
			expect(sim.counters.loginAttempts).toBe(3);
			expect(sim.counters.passwordFailures).toBe(3);
			expect(sim.counters.logins).toBe(0);
		});

		test('acceptReversedPassword lets security.js-style clients in', async () => {
			const reverse = (p: string) => [...p].reverse().join('');
			const b = new Browser(sim.baseUrl);
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa', reverse)).data.code).toBe('10004');
			sim.setKnobs({ acceptReversedPassword: true });
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa', reverse)).data.success).toBe(true);
		});

		test('lockout after lockoutAfter failures across both endpoints; success resets the count', async () => {
			sim.setKnobs({ lockoutAfter: 3 });
			const b = new Browser(sim.baseUrl);
			await b.request('GET', '/cms/auth/login');
			// two failures, a success, two failures: never three in a row → not locked
			expect((await b.pcLogin(DEMO.phone, 'bad1', '2fy7qa')).data.code).toBe('10004');
			expect((await b.checkAndGetUsers(DEMO.phone, 'bad2')).data.code).toBe(22001);
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa')).data.success).toBe(true);
			expect((await b.pcLogin(DEMO.phone, 'bad3', '2fy7qa')).data.code).toBe('10004');
			expect((await b.pcLogin(DEMO.phone, 'bad4', '2fy7qa')).data.code).toBe('10004');
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa')).data.success).toBe(true);
			// three in a row → locked, even the right password
			for (let i = 0; i < 3; i++) expect((await b.checkAndGetUsers(DEMO.phone, `x${i}`)).data.code).toBe(22001);
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa')).data).toEqual({
				success: false,
				code: '10005',
				message: '账号已锁定',
				data: null,
			});
			expect((await b.checkAndGetUsers(DEMO.phone, DEMO.password)).data).toEqual({ code: 22002, msg: '账号已锁定', data: null });
			expect(sim.counters.lockouts).toBe(1);
			// lockout lasts lockoutDurationMs (30 min by default)
			await axios.post(`${sim.baseUrl}/__sim/advance-time`, { ms: 31 * 60_000 });
			expect((await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa')).data.success).toBe(true);
		});

		test('locked and disabled accounts answer their codes whatever the password', async () => {
			const b = new Browser(sim.baseUrl);
			await b.request('GET', '/cms/auth/login');
			expect((await b.pcLogin(LOCKED.phone, LOCKED.password, '2fy7qa')).data).toMatchObject({ code: '10005', message: '账号已锁定' });
			expect((await b.pcLogin(LOCKED.phone, 'whatever', '2fy7qa')).data.code).toBe('10005');
			expect((await b.checkAndGetUsers(LOCKED.phone, 'whatever')).data).toMatchObject({ code: 22002 });
			expect((await b.pcLogin(DISABLED.phone, DISABLED.password, '2fy7qa')).data).toEqual({
				success: false,
				code: '10006',
				message: '账号已禁用',
				data: null,
			});
			expect((await b.checkAndGetUsers(DISABLED.phone, DISABLED.password)).data).toEqual({ code: 22005, msg: '账号已禁用', data: null });
		});

		test('a company must be logged into on its own cluster; sessions stay on their listener', async () => {
			const primary = new Browser(sim.baseUrls[0]);
			await primary.request('GET', '/cms/auth/login');
			const wrong = await primary.pcLogin(MULTI.phone, MULTI.password, 'k8m3zq');
			expect(wrong.data.success).toBe(false);
			expect(wrong.data.message).toContain(sim.baseUrls[1]);
			expect(wrong.headers['set-cookie']).toBeUndefined();
			const notMember = await primary.pcLogin(DEMO.phone, DEMO.password, 'k8m3zq');
			expect(notMember.data.success).toBe(false);
			expect(notMember.data.code).not.toBe('10000');

			const secondary = await loggedIn(MULTI, 'k8m3zq', sim.baseUrls[1]);
			const list = await secondary.list({ pageSize: 100 });
			expect(list.data.data.totalCount).toBe(sim.callsOf('k8m3zq').length);
			const withFile = (list.data.data.data as CallRecord[]).find((r) => r.recordFile)!;
			expect(withFile.recordFile.startsWith(`${sim.baseUrls[1]}/oss/record/${withFile.id}.mp3?`)).toBe(true);
			// the same cookies on the other listener are not a session there
			secondary.base = sim.baseUrls[0];
			expect((await secondary.list()).data).toMatchObject({ success: false, code: '302' });

			sim.setKnobs({ enforceCompanyDomain: false });
			expect((await primary.pcLogin(MULTI.phone, MULTI.password, 'k8m3zq')).data.success).toBe(true);
		});

		test('bad bodies and routes', async () => {
			const b = new Browser(sim.baseUrl);
			expect((await b.post('/usercenter/login/pcLogin', { phone: DEMO.phone })).data).toMatchObject({
				success: false,
				code: '500',
				message: expect.stringMatching(/^参数错误/),
			});
			const nope = await b.post('/pc/callLog/nothing', {});
			expect(nope.status).toBe(404);
			expect(nope.data).toEqual({ success: false, code: '404', message: '接口不存在' });
			expect((await b.request('POST', '/newuc/login/getSecureKey')).status).toBe(405);
		});
	});

	describe('sessions', () => {
		const modes = [
			['body', (r: AxiosResponse) => {
				expect(r.status).toBe(200);
				expect(r.data).toEqual({ success: false, code: '302', message: '登录已失效，请重新登录', data: null });
			}],
			['http401', (r: AxiosResponse) => {
				expect(r.status).toBe(401);
				expect(r.data).toEqual({ success: false, code: '401', message: '未授权' });
			}],
			['http302', (r: AxiosResponse) => {
				expect(r.status).toBe(302);
				expect(r.headers.location).toBe(`${sim.baseUrl}/cms/auth/login`);
			}],
			['html200', (r: AxiosResponse) => {
				expect(r.status).toBe(200);
				expect(r.headers['content-type']).toMatch(/text\/html/);
				expect(r.data).toContain('登录');
			}],
		] as const;

		test.each(modes)('expirySignal %s: /__sim/expire-sessions and TTL', async (mode, expectExpired) => {
			sim.setKnobs({ expirySignal: mode });
			const b = await loggedIn();
			expect((await b.list({ pageSize: 1 })).data.success).toBe(true);
			const expired = await axios.post(`${sim.baseUrl}/__sim/expire-sessions`);
			expect(expired.data).toEqual({ ok: true, expired: 1 });
			expectExpired(await b.list({ pageSize: 1 }));
			expect(sim.counters.rejectedSessions).toBe(1);

			// TTL: 24 h absolute by default
			await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa');
			sim.advanceTime(23 * 3600_000);
			expect((await b.list({ pageSize: 1 })).data.success).toBe(true);
			sim.advanceTime(3600_000);
			expectExpired(await b.post('/usercenter/dept/tree', { showUser: false, showUserStatus: '', queryQywxStatus: false }));
			expect(sim.counters.rejectedSessions).toBe(2);
		});

		test('expiry body code/message are knobs; no cookies at all is rejected too', async () => {
			sim.setKnobs({ expiryBodyCode: '10002', expiryMessage: 'session过期' });
			const anon = new Browser(sim.baseUrl);
			expect((await anon.list()).data).toEqual({ success: false, code: '10002', message: 'session过期', data: null });
			expect(sim.counters.rejectedSessions).toBe(1);
		});

		test('singleSession: a new login kicks the older session out', async () => {
			const first = await loggedIn();
			const second = await loggedIn();
			expect((await first.list({ pageSize: 1 })).data.success).toBe(true);
			sim.setKnobs({ singleSession: true });
			const third = await loggedIn();
			expect((await first.list({ pageSize: 1 })).data.code).toBe('302');
			expect((await second.list({ pageSize: 1 })).data.code).toBe('302');
			expect((await third.list({ pageSize: 1 })).data.success).toBe(true);
		});

		test('company/userid headers: strict, lenient, off', async () => {
			const b = await loggedIn();
			const body = listBody({ pageSize: 1 });
			const missing = await b.request('POST', '/pc/callLog/list', { json: body, headers: {} });
			expect(missing.data).toMatchObject({ success: false, code: '403', message: expect.stringContaining('company') });
			const mismatch = await b.request('POST', '/pc/callLog/list', {
				json: body,
				headers: { company: '2fy7qa', userid: 'u_someone_else' },
			});
			expect(mismatch.data).toMatchObject({ success: false, code: '403', message: expect.stringContaining('userid') });
			expect(sim.counters.rejectedSessions).toBe(0);

			sim.setKnobs({ headerCheck: 'lenient' });
			expect((await b.request('POST', '/pc/callLog/list', { json: body, headers: {} })).data.success).toBe(true);
			expect((await b.request('POST', '/pc/callLog/list', { json: body, headers: { company: 'k8m3zq' } })).data.success).toBe(false);
			sim.setKnobs({ headerCheck: 'off' });
			expect((await b.request('POST', '/pc/callLog/list', { json: body, headers: { company: 'k8m3zq' } })).data.success).toBe(true);
		});
	});

	describe('call log list', () => {
		test('paging: totalCount, pageCount, 200 max, out of range, newest first, all rows once', async () => {
			const b = await loggedIn();
			expect(seeded.length).toBe(3000);
			const ids = new Set<string>();
			let previous = '9999';
			let pageCount = Infinity;
			for (let page = 1; page <= pageCount; page++) {
				const res = await b.list({ page, pageSize: 200 });
				expect(res.data).toMatchObject({ success: true, code: '10000', message: 'success' });
				const d = res.data.data;
				expect(d).toMatchObject({ totalCount: 3000, pageCount: 15, page, pageSize: 200 });
				pageCount = d.pageCount;
				for (const row of d.data as CallRecord[]) {
					expect(row.startCallTime <= previous).toBe(true);
					previous = row.startCallTime;
					ids.add(row.id);
				}
			}
			expect(ids.size).toBe(3000);
			expect((await b.list({ page: 16, pageSize: 200 })).data.data).toMatchObject({ data: [], totalCount: 3000, pageCount: 15 });
			expect((await b.list({ pageSize: 7 })).data.data.pageCount).toBe(Math.ceil(3000 / 7));

			for (const bad of [{ pageSize: 201 }, { pageSize: 0 }, { page: 0 }, { lastConnectTimeStart: '2025-12-01 10:00:00' }, { callType: 'x' }]) {
				const res = await b.list(bad);
				expect(res.data).toMatchObject({ success: false, code: '500', message: expect.stringMatching(/^参数错误: /) });
			}
		});

		test('records have the 16 fields of docs/protocol/yunke.md §5.3 and the dirty data', async () => {
			const b = await loggedIn();
			const rows: CallRecord[] = (await b.list({ pageSize: 200 })).data.data.data;
			const keys = [
				'id', 'callNumber', 'planCustomerName', 'planCustomerCompany', 'userIdName', 'departmentList', 'callStatus',
				'startCallTime', 'callSeconds', 'callDuration', 'progress', 'simPhone', 'createdTime', 'ringSecond', 'incomingCall', 'recordFile',
			];
			for (const r of rows) {
				expect(Object.keys(r)).toEqual(keys);
				expect(r.id).toMatch(/^phone-[0-9a-f]{32}$/);
				expect(r.startCallTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
				expect(r.callNumber).toMatch(/^1\d{10}$/);
				expect([0, 1]).toContain(r.incomingCall);
				if (r.callStatus === 2) {
					const [h, m, s] = r.callDuration.split(':').map(Number);
					expect(h * 3600 + m * 60 + s).toBe(r.callSeconds);
					expect(r.callSeconds).toBeGreaterThan(0);
				} else {
					expect(r.callStatus).toBe(0);
					expect(r).toMatchObject({ callSeconds: 0, callDuration: '', recordFile: '' });
				}
				if (r.recordFile) expect(r.recordFile.startsWith(`${sim.baseUrl}/oss/record/${r.id}.mp3?Expires=`)).toBe(true);
			}
			// dirty data over the whole set
			const connected = seeded.filter((r) => r.callStatus === 2).length / seeded.length;
			const outbound = seeded.filter((r) => r.incomingCall === 0).length / seeded.length;
			const noName = seeded.filter((r) => r.planCustomerName === '').length / seeded.length;
			expect(connected).toBeGreaterThan(0.5);
			expect(connected).toBeLessThan(0.6);
			expect(outbound).toBeGreaterThan(0.65);
			expect(outbound).toBeLessThan(0.75);
			expect(noName).toBeGreaterThan(0.15);
			expect(noName).toBeLessThan(0.25);
			expect(seeded.some((r) => r.departmentList === '该部门不存在')).toBe(true);
			const depts = new Set(sim.departments.map((d) => d.name));
			for (const r of seeded) expect(depts.has(r.departmentList) || r.departmentList === '该部门不存在').toBe(true);
			// spread over the last 30 days before the anchor (Asia/Shanghai wall time)
			const anchor = sim.knobs.anchorTime;
			const toMs = (t: string) => Date.parse(t.replace(' ', 'T') + '+08:00');
			expect(toMs(seeded[0].startCallTime)).toBeLessThanOrEqual(anchor);
			expect(toMs(seeded[seeded.length - 1].startCallTime)).toBeGreaterThanOrEqual(anchor - 30 * 86_400_000);
		});

		test('time range filter at minute precision, End inclusive through :59', async () => {
			const b = await loggedIn();
			sim.insertCalls([
				{ startCallTime: '2020-01-01 10:04:59' },
				{ startCallTime: '2020-01-01 10:05:00' },
				{ startCallTime: '2020-01-01 10:05:59' },
				{ startCallTime: '2020-01-01 10:06:00' },
			]);
			const res = await b.list({ lastConnectTimeStart: '2020-01-01 10:05', lastConnectTimeEnd: '2020-01-01 10:05' });
			expect((res.data.data.data as CallRecord[]).map((r) => r.startCallTime)).toEqual(['2020-01-01 10:05:59', '2020-01-01 10:05:00']);
			const open = await b.list({ lastConnectTimeEnd: '2020-01-01 10:05' });
			expect(open.data.data.totalCount).toBe(3);

			// a window inside the seeded data, checked against the in-process list
			const from = seeded[1000].startCallTime.slice(0, 16);
			const to = seeded[500].startCallTime.slice(0, 16);
			const expected = seeded.filter((r) => r.startCallTime.slice(0, 16) >= from && r.startCallTime.slice(0, 16) <= to);
			const window = await b.list({ lastConnectTimeStart: from, lastConnectTimeEnd: to, pageSize: 200 });
			expect(window.data.data.totalCount).toBe(expected.length);
			expect(window.data.data.data.map((r: CallRecord) => r.id)).toEqual(expected.slice(0, 200).map((r) => r.id));
		});

		test('filters: call type, department subtree, user, search', async () => {
			const b = await loggedIn();
			const total = async (o: Record<string, unknown>) => (await b.list({ pageSize: 1, ...o })).data.data.totalCount as number;
			const outbound = await total({ callType: 's' });
			const inbound = await total({ callType: 'i' });
			expect(outbound).toBe(seeded.filter((r) => r.incomingCall === 0).length);
			expect(outbound + inbound).toBe(3000);
			const inRows: CallRecord[] = (await b.list({ callType: 'i', pageSize: 50 })).data.data.data;
			expect(inRows.every((r) => r.incomingCall === 1)).toBe(true);

			const dept = (id: string) => total({ departmentId: id });
			const sales2 = await dept('d_sales2');
			expect(sales2).toBe((await dept('d_tele_a')) + (await dept('d_tele_b')) + seeded.filter((r) => r.departmentList === '销售二部').length);
			expect(sales2).toBe(seeded.filter((r) => ['销售二部', '电销A组', '电销B组'].includes(r.departmentList)).length);
			const gone = seeded.filter((r) => r.departmentList === '该部门不存在').length;
			expect(await dept('d_root')).toBe(3000 - gone);
			expect(await dept('d_nowhere')).toBe(0);

			const agent = sim.agents.find((a) => a.deptId === 'd_tele_a')!;
			const byUser: CallRecord[] = (await b.list({ userId: agent.id, pageSize: 200 })).data.data.data;
			expect(byUser.length).toBeGreaterThan(0);
			expect(byUser.every((r) => r.userIdName === agent.name && r.simPhone === agent.phone)).toBe(true);
			expect(await total({ userId: agent.id, callType: 's' })).toBe(
				seeded.filter((r) => r.userIdName === agent.name && r.incomingCall === 0).length,
			);
			const departed = sim.agents.find((a) => a.status === 2)!;
			expect(await total({ userId: departed.id })).toBe(gone);

			const someone = seeded.find((r) => r.planCustomerName)!;
			const byName: CallRecord[] = (await b.list({ searchInfo: someone.planCustomerName, pageSize: 200 })).data.data.data;
			expect(byName.map((r) => r.id)).toContain(someone.id);
			expect(
				byName.every((r) =>
					[r.planCustomerName, r.planCustomerCompany, r.callNumber, r.userIdName].some((f) => f.includes(someone.planCustomerName)),
				),
			).toBe(true);
			expect(await total({ searchInfo: agent.name })).toBeGreaterThanOrEqual(byUser.length);
			const digits = someone.callNumber.slice(3, 9);
			expect(await total({ searchPhone: digits })).toBe(seeded.filter((r) => r.callNumber.includes(digits)).length);
		});

		test('data is deterministic per seed; the anchor only moves timestamps', () => {
			const at = Date.parse('2025-12-01T09:00:00+08:00');
			const a = new YunkeSimulator({ anchorTime: at, callCount: 200 });
			const b = new YunkeSimulator({ anchorTime: at + 5 * 3600_000 + 17 * 60_000, callCount: 200 });
			const c = new YunkeSimulator({ anchorTime: at, callCount: 200, seed: 1 });
			const strip = (r: CallRecord) => ({ ...r, startCallTime: '', createdTime: '' });
			const byId = (list: readonly CallRecord[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1)).map(strip);
			expect(byId(b.calls)).toEqual(byId(a.calls));
			expect(a.calls.map((r) => r.startCallTime)).not.toEqual(b.calls.map((r) => r.startCallTime));
			expect(new YunkeSimulator({ anchorTime: at, callCount: 200 }).calls).toEqual(a.calls);
			expect(c.calls[0].id).not.toBe(a.calls[0].id);
			// all inside (anchor - 30 days, anchor], in Shanghai wall time
			expect(a.calls[0].startCallTime <= '2025-12-01 09:00:00').toBe(true);
			expect(a.calls[a.calls.length - 1].startCallTime > '2025-11-01 09:00:00').toBe(true);
		});

		test("numericStyle 'string' sends every number as a string", async () => {
			sim.setKnobs({ numericStyle: 'string' });
			const b = await loggedIn();
			const d = (await b.list({ pageSize: 20 })).data.data;
			expect(d).toMatchObject({ totalCount: '3000', pageCount: '150', page: '1', pageSize: '20' });
			for (const r of d.data) {
				for (const f of ['callStatus', 'callSeconds', 'progress', 'ringSecond', 'incomingCall']) expect(typeof r[f]).toBe('string');
			}
		});

		test('control routes: insert calls (late rows), read calls, accounts', async () => {
			const b = await loggedIn();
			const before = (await b.list({ pageSize: 1 })).data.data.totalCount;
			const inserted = await axios.post(`${sim.baseUrl}/__sim/calls`, {
				calls: [{ startCallTime: '2020-02-02 02:02:02', callSeconds: 65, planCustomerName: '迟到客户' }],
			});
			expect(inserted.data.inserted).toBe(1);
			const row = inserted.data.calls[0];
			expect(row).toMatchObject({ callStatus: 2, callDuration: '00:01:05', planCustomerName: '迟到客户', createdTime: '2020-02-02 02:02:02' });
			const gen = await axios.post(`${sim.baseUrl}/__sim/calls`, { count: 3, at: '2020-03-03 12:00:00', spreadMs: 60_000 });
			expect(gen.data.calls.map((r: CallRecord) => r.startCallTime)).toEqual(['2020-03-03 12:00:00', '2020-03-03 11:59:40', '2020-03-03 11:59:20']);
			expect((await b.list({ pageSize: 1 })).data.data.totalCount).toBe(before + 4);
			const found = await b.list({ searchInfo: '迟到客户' });
			expect(found.data.data.data.map((r: CallRecord) => r.id)).toEqual([row.id]);
			expect(sim.insertCalls([{}])[0].id).not.toBe(row.id);

			const listed = await axios.get(`${sim.baseUrl}/__sim/calls?limit=2`);
			expect(listed.data.total).toBe(before + 5);
			expect(listed.data.calls).toHaveLength(2);
			const accounts = await axios.get(`${sim.baseUrl}/__sim/accounts`);
			expect(accounts.data.accounts.find((a: { role: string }) => a.role === 'demo')).toMatchObject({ phone: DEMO.phone, password: DEMO.password });
			expect((await axios.post(`${sim.baseUrl}/__sim/calls`, { calls: [{ id: row.id }] }, { validateStatus: () => true })).status).toBe(400);
		});
	});

	describe('recordings', () => {
		const referer = () => `${sim.baseUrl}/cms/customer/callDetail`;

		test('getRecordUrl (multipart) → OSS URL; Referer enforced; exact MP3 bytes', async () => {
			const b = await loggedIn();
			const call = seeded.find((r) => r.recordFile && r.callSeconds > 30)!;
			const res = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: call.id } });
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			const url: string = res.data.data;
			expect(url).toMatch(new RegExp(`^${sim.baseUrl}/oss/record/${call.id}\\.mp3\\?Expires=\\d+&OSSAccessKeyId=[^&]+&Signature=`));

			const denied = await axios.get(url, { validateStatus: () => true });
			expect(denied.status).toBe(403);
			expect(denied.headers['content-type']).toMatch(/application\/xml/);
			expect(denied.data).toContain('<Code>AccessDenied</Code>');
			expect(denied.data).toContain('You are denied by bucket referer policy.');
			const foreign = await axios.get(url, { validateStatus: () => true, headers: { referer: 'https://evil.example/cms/' } });
			expect(foreign.status).toBe(403);

			const audio = await axios.get(url, { responseType: 'arraybuffer', headers: { referer: referer() } });
			expect(audio.status).toBe(200);
			expect(audio.headers['content-type']).toBe('audio/mpeg');
			const bytes = Buffer.from(audio.data);
			const size = recordingSizeFor(call.callSeconds);
			expect(Number(audio.headers['content-length'])).toBe(size);
			expect(size).toBe(1024 + call.callSeconds * 4000);
			expect(bytes.equals(recordingBytesFor(call.id, size))).toBe(true);
			// ID3v2.3 tag, then MPEG-1 Layer III frames (32 kbit/s, 32 kHz → 144-byte frames) to the end
			expect([...bytes.subarray(0, 5)]).toEqual([0x49, 0x44, 0x33, 3, 0]);
			const tagSize = ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]) + 10;
			const header = bytes.readUInt32BE(tagSize);
			expect(header >>> 21).toBe(0x7ff); // frame sync
			expect((header >>> 19) & 3).toBe(3); // MPEG-1
			expect((header >>> 17) & 3).toBe(1); // Layer III
			const bitrate = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][(header >>> 12) & 15] * 1000;
			const sampleRate = [44100, 48000, 32000][(header >>> 10) & 3];
			const frameBytes = Math.floor((144 * bitrate) / sampleRate) + ((header >>> 9) & 1);
			expect(frameBytes).toBe(MP3_FRAME_BYTES);
			expect((size - tagSize) % frameBytes).toBe(0);
			for (let at = tagSize; at < size; at += frameBytes) expect(bytes.readUInt32BE(at)).toBe(header);
			expect(bytes.subarray(tagSize, tagSize + 4).equals(MP3_FRAME_HEADER)).toBe(true);
			// about callSeconds of audio
			expect(Math.round(((size - tagSize) / frameBytes) * (1152 / sampleRate))).toBe(call.callSeconds);
			expect(sim.counters.recordingDownloads).toBe(1);

			// a tampered signature or an expired URL is refused
			const tampered = url.replace(/Expires=(\d+)/, (_, e) => `Expires=${Number(e) + 1}`);
			expect((await axios.get(tampered, { validateStatus: () => true, headers: { referer: referer() } })).data).toContain('SignatureDoesNotMatch');
			sim.advanceTime(8 * 86_400_000);
			expect((await axios.get(url, { validateStatus: () => true, headers: { referer: referer() } })).data).toContain('Request has expired');
		});

		test('list recordFile is fetchable; no recording / unknown / missing field', async () => {
			const b = await loggedIn();
			const rows: CallRecord[] = (await b.list({ pageSize: 50 })).data.data.data;
			const withFile = rows.find((r) => r.recordFile)!;
			const audio = await axios.get(withFile.recordFile, { responseType: 'arraybuffer', headers: { referer: referer() } });
			expect(Buffer.from(audio.data).equals(recordingBytesFor(withFile.id, recordingSizeFor(withFile.callSeconds)))).toBe(true);
			sim.setKnobs({ ossCheckReferer: false });
			expect((await axios.get(withFile.recordFile, { validateStatus: () => true })).status).toBe(200);

			const silent = seeded.find((r) => r.callStatus === 0)!;
			for (const id of [silent.id, 'phone-00000000000000000000000000000000']) {
				const res = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: id } });
				expect(res.data).toEqual({ success: false, code: '500', message: '录音不存在', data: '' });
			}
			const missing = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { other: 'x' } });
			expect(missing.data).toMatchObject({ success: false, code: '500', message: expect.stringMatching(/^参数错误/) });
		});

		test('recordingBytes forces a size: 50 MB+ streamed, exact bytes', async () => {
			const size = 50 * 1024 * 1024 + 77;
			sim.setKnobs({ recordingBytes: size });
			const b = await loggedIn();
			const call = seeded.find((r) => r.recordFile)!;
			const url = (await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: call.id } })).data.data;
			const res = await axios.get(url, { responseType: 'stream', headers: { referer: referer() } });
			expect(Number(res.headers['content-length'])).toBe(size);
			const hash = createHash('sha256');
			let received = 0;
			for await (const chunk of res.data as AsyncIterable<Buffer>) {
				hash.update(chunk);
				received += chunk.length;
			}
			expect(received).toBe(size);
			expect(hash.digest('hex')).toBe(createHash('sha256').update(recordingBytesFor(call.id, size)).digest('hex'));
		});
	});

	describe('report and department tree', () => {
		test('getIndexDetail: one row per agent of the subtree, aggregated over the dates', async () => {
			const b = await loggedIn();
			const to = seeded[0].startCallTime.slice(0, 10);
			const from = seeded[Math.floor(seeded.length / 2)].startCallTime.slice(0, 10);
			const body = { childModule: 'outCall', starttime: from, endtime: to, departId: 'd_sales2', searchUserId: '', option: '1', page: 1, pageSize: 10 };
			const res = await b.post('/yunke-report-phone/module/getIndexDetail', body);
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			const sub = ['d_sales2', 'd_tele_a', 'd_tele_b'];
			const agents = sim.agents.filter((a) => sub.includes(a.deptId) && a.status === 1);
			expect(res.data.data).toMatchObject({ totalCount: agents.length, pageCount: 1 });
			for (const row of res.data.data.data) {
				const agent = agents.find((a) => a.id === row.userId)!;
				const calls = seeded.filter(
					(r) => r.simPhone === agent.phone && r.incomingCall === 0 && r.startCallTime.slice(0, 10) >= from && r.startCallTime.slice(0, 10) <= to,
				);
				const connected = calls.filter((r) => r.callStatus === 2);
				const seconds = connected.reduce((s, r) => s + r.callSeconds, 0);
				expect(row).toEqual({
					userId: agent.id,
					userName: agent.name,
					departName: sim.departments.find((d) => d.id === agent.deptId)!.name,
					callCount: calls.length,
					connectCount: connected.length,
					connectRate: `${((connected.length * 100) / calls.length).toFixed(2)}%`,
					totalCallSeconds: seconds,
					avgCallSeconds: Math.round(seconds / connected.length),
				});
			}
			const one = await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, searchUserId: agents[0].id, childModule: 'allCall' });
			expect(one.data.data.data).toHaveLength(1);
			const paged = await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, departId: 'd_root', pageSize: 5, page: 3 });
			expect(paged.data.data).toMatchObject({ totalCount: 12, pageCount: 3 });
			expect(paged.data.data.data).toHaveLength(2);
			for (const bad of [{ departId: '' }, { pageSize: 101 }, { childModule: 'x' }, { starttime: '2025/01/01' }]) {
				expect((await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, ...bad })).data).toMatchObject({ success: false, code: '500' });
			}
		});

		test('dept tree: list (default) and object shapes, users only with showUser, subtree by id', async () => {
			const b = await loggedIn();
			const body = { showUser: true, showUserStatus: '', queryQywxStatus: false };
			const res = await b.post('/usercenter/dept/tree', body);
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			expect(Array.isArray(res.data.data)).toBe(true);
			const root = res.data.data[0];
			expect(root).toMatchObject({ id: 'd_root', name: '云客演示科技有限公司', type: 'DEPT' });
			expect(root.children.map((c: { name: string }) => c.name)).toEqual(['销售一部', '销售二部', '客服部']);
			const sales2 = root.children[1];
			expect(sales2.children.map((c: { name: string }) => c.name)).toEqual(['电销A组', '电销B组']);
			expect(sales2.children[0]).toMatchObject({ parentId: sales2.id });
			const allUsers: Array<{ id: string }> = [];
			const walk = (n: { users: Array<{ id: string }>; children: unknown[] }) => {
				allUsers.push(...n.users);
				n.children.forEach((c) => walk(c as typeof n));
			};
			walk(root);
			for (const a of sim.agents) expect(allUsers.some((u) => u.id === a.id)).toBe(a.status !== 2);
			expect(allUsers.find((u) => u.id === 'u_800138000')).toMatchObject({ phone: DEMO.phone });
			expect(sales2.children[0].users[0]).toEqual({ id: expect.stringMatching(/^u_/), name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/), status: 1 });

			const noUsers = await b.post('/usercenter/dept/tree', { ...body, showUser: false });
			expect(noUsers.data.data[0].users).toBeUndefined();
			sim.setKnobs({ deptTreeShape: 'object' });
			const sub = await b.post('/usercenter/dept/tree', { ...body, id: 'd_sales2' });
			expect(sub.data.data).toMatchObject({ id: 'd_sales2', name: '销售二部', parentId: 'd_root' });
			expect(sub.data.data.children).toHaveLength(2);
			expect((await b.post('/usercenter/dept/tree', { ...body, id: 'd_nope' })).data.success).toBe(false);
		});
	});

	describe('faults, throttling and reset', () => {
		test('expire fault invalidates the session the request carries', async () => {
			const b = await loggedIn();
			sim.addFault({ route: '/pc/calllog/list', kind: 'expire' });
			expect((await b.list()).data.code).toBe('302');
			expect((await b.list()).data.code).toBe('302');
			expect(sim.counters.faults.expire).toBe(1);
			expect(sim.counters.rejectedSessions).toBe(2);
			await b.pcLogin(DEMO.phone, DEMO.password, '2fy7qa');
			expect((await b.list()).data.success).toBe(true);
		});

		test('throttle fault and throttlePerSecond answer the throttle message', async () => {
			const b = await loggedIn();
			sim.addFault({ route: '/usercenter/dept/tree', kind: 'throttle', after: 1 });
			const tree = () => b.post('/usercenter/dept/tree', { showUser: false, showUserStatus: '', queryQywxStatus: false });
			expect((await tree()).data.success).toBe(true);
			expect((await tree()).data).toEqual({ success: false, code: '429', message: '请勿频繁操作，请稍后再试', data: null });
			expect((await tree()).data.success).toBe(true);

			sim.setKnobs({ throttlePerSecond: 3 });
			const results = [];
			for (let i = 0; i < 5; i++) results.push((await b.list({ pageSize: 1 })).data.code);
			expect(results).toEqual(['10000', '10000', '10000', '429', '429']);
			sim.advanceTime(1001);
			expect((await b.list({ pageSize: 1 })).data.code).toBe('10000');
			expect(sim.counters.throttled).toBe(3);
		});

		test('framework faults work on the Yunke routes', async () => {
			const b = await loggedIn();
			sim.addFault({ route: '/pc/calllog/list', kind: 'http5xx', status: 503 });
			const res = await b.list();
			expect(res.status).toBe(503);
			expect(res.headers['content-type']).toMatch(/text\/html/);
			sim.addFault({ route: '/usercenter/login/*', kind: 'malformed' });
			const malformed = await b.request('POST', '/usercenter/login/getSecureKey', {
				json: { phone: DEMO.phone },
				responseType: 'text',
			});
			expect(() => JSON.parse(malformed.data)).toThrow();
			expect((await b.list()).data.success).toBe(true);
		});

		test('reset() restores the seeded data, sessions and knobs', async () => {
			const b = await loggedIn();
			sim.insertCalls([{ startCallTime: '2021-01-01 00:00:00' }]);
			sim.setKnobs({ seed: 7, callCount: 10 });
			expect(sim.calls).toHaveLength(10);
			sim.reset();
			expect(sim.knobs.seed).toBe(20251201);
			expect(sim.calls).toEqual(seeded);
			expect((await b.list()).data.code).toBe('302');
		});
	});
});
