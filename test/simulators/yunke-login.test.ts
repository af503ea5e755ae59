/**
 * Behaviour of the Yunke PC web console simulator as an independent client sees it (./yunke-client.ts):
 * the login page, both key endpoints, discovery, pcLogin, wrong passwords, lockout, clusters and bad bodies.
 */
import axios from 'axios';

import { responseCookies } from '../support/cookies';
import { Browser, DEMO, DISABLED, forgeEncrypt, LOCKED, MULTI, useYunkeSimulator } from './yunke-client';
import type { CallRecord } from '../../simulators/yunke';

describe('Yunke simulator', () => {
	const { sim, seeded, loggedIn } = useYunkeSimulator();

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
			expect(responseCookies(res.headers['set-cookie'])).toEqual({
				user: { key: 'user', value: expect.any(String), path: '/', httpOnly: true },
				userToken: { key: 'userToken', value: expect.any(String), path: '/', httpOnly: true },
				JESONG_USER_ID: { key: 'JESONG_USER_ID', value: expect.stringMatching(/^\d{32}$/), path: '/' },
			});
			expect(sim.counters.logins).toBe(1);
			expect(sim.counters.loginAttempts).toBe(1);
			const list = await b.list({ pageSize: 1 });
			expect(list.data.success).toBe(true);
			expect(list.data.data.totalCount).toBe(seeded().length);
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
});
