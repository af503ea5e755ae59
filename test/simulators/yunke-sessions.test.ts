/**
 * Behaviour of the Yunke PC web console simulator as an independent client sees it (./yunke-client.ts):
 * expiry signals and TTL, single sessions, the company/userid headers; faults, throttling and reset().
 */
import axios, { type AxiosResponse } from 'axios';

import { DEMO, useYunkeSimulator, Browser } from './yunke-client';
import { listBody } from '../support/yunkeListBody';

describe('Yunke simulator', () => {
	const { sim, seeded, loggedIn } = useYunkeSimulator();

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

		test('reset() restores the seeded() data, sessions and knobs', async () => {
			const b = await loggedIn();
			sim.insertCalls([{ startCallTime: '2021-01-01 00:00:00' }]);
			sim.setKnobs({ seed: 7, callCount: 10 });
			expect(sim.calls).toHaveLength(10);
			sim.reset();
			expect(sim.knobs.seed).toBe(20251201);
			expect(sim.calls).toEqual(seeded());
			expect((await b.list()).data.code).toBe('302');
		});
	});
});
