/**
 * Behaviour of the Yunke PC web console simulator as an independent client sees it (./yunke-client.ts):
 * the call log list: paging, record fields and dirty data, the time range and the filters, deterministic data, control routes.
 */
import axios from 'axios';

import { DEMO, useYunkeSimulator } from './yunke-client';
import { YunkeSimulator, type CallRecord } from '../../simulators/yunke';

describe('Yunke simulator', () => {
	const { sim, seeded, loggedIn } = useYunkeSimulator();

	describe('call log list', () => {
		test('paging: totalCount, pageCount, 200 max, out of range, newest first, all rows once', async () => {
			const b = await loggedIn();
			expect(seeded().length).toBe(3000);
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
			const connected = seeded().filter((r) => r.callStatus === 2).length / seeded().length;
			const outbound = seeded().filter((r) => r.incomingCall === 0).length / seeded().length;
			const noName = seeded().filter((r) => r.planCustomerName === '').length / seeded().length;
			expect(connected).toBeGreaterThan(0.5);
			expect(connected).toBeLessThan(0.6);
			expect(outbound).toBeGreaterThan(0.65);
			expect(outbound).toBeLessThan(0.75);
			expect(noName).toBeGreaterThan(0.15);
			expect(noName).toBeLessThan(0.25);
			expect(seeded().some((r) => r.departmentList === '该部门不存在')).toBe(true);
			const depts = new Set(sim.departments.map((d) => d.name));
			for (const r of seeded()) expect(depts.has(r.departmentList) || r.departmentList === '该部门不存在').toBe(true);
			// spread over the last 30 days before the anchor (Asia/Shanghai wall time)
			const anchor = sim.knobs.anchorTime;
			const toMs = (t: string) => Date.parse(t.replace(' ', 'T') + '+08:00');
			expect(toMs(seeded()[0].startCallTime)).toBeLessThanOrEqual(anchor);
			expect(toMs(seeded()[seeded().length - 1].startCallTime)).toBeGreaterThanOrEqual(anchor - 30 * 86_400_000);
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

			// a window inside the seeded() data, checked against the in-process list
			const from = seeded()[1000].startCallTime.slice(0, 16);
			const to = seeded()[500].startCallTime.slice(0, 16);
			const expected = seeded().filter((r) => r.startCallTime.slice(0, 16) >= from && r.startCallTime.slice(0, 16) <= to);
			const window = await b.list({ lastConnectTimeStart: from, lastConnectTimeEnd: to, pageSize: 200 });
			expect(window.data.data.totalCount).toBe(expected.length);
			expect(window.data.data.data.map((r: CallRecord) => r.id)).toEqual(expected.slice(0, 200).map((r) => r.id));
		});

		test('filters: call type, department subtree, user, search', async () => {
			const b = await loggedIn();
			const total = async (o: Record<string, unknown>) => (await b.list({ pageSize: 1, ...o })).data.data.totalCount as number;
			const outbound = await total({ callType: 's' });
			const inbound = await total({ callType: 'i' });
			expect(outbound).toBe(seeded().filter((r) => r.incomingCall === 0).length);
			expect(outbound + inbound).toBe(3000);
			const inRows: CallRecord[] = (await b.list({ callType: 'i', pageSize: 50 })).data.data.data;
			expect(inRows.every((r) => r.incomingCall === 1)).toBe(true);

			const dept = (id: string) => total({ departmentId: id });
			const sales2 = await dept('d_sales2');
			expect(sales2).toBe((await dept('d_tele_a')) + (await dept('d_tele_b')) + seeded().filter((r) => r.departmentList === '销售二部').length);
			expect(sales2).toBe(seeded().filter((r) => ['销售二部', '电销A组', '电销B组'].includes(r.departmentList)).length);
			const gone = seeded().filter((r) => r.departmentList === '该部门不存在').length;
			expect(await dept('d_root')).toBe(3000 - gone);
			expect(await dept('d_nowhere')).toBe(0);

			const agent = sim.agents.find((a) => a.deptId === 'd_tele_a')!;
			const byUser: CallRecord[] = (await b.list({ userId: agent.id, pageSize: 200 })).data.data.data;
			expect(byUser.length).toBeGreaterThan(0);
			expect(byUser.every((r) => r.userIdName === agent.name && r.simPhone === agent.phone)).toBe(true);
			expect(await total({ userId: agent.id, callType: 's' })).toBe(
				seeded().filter((r) => r.userIdName === agent.name && r.incomingCall === 0).length,
			);
			const departed = sim.agents.find((a) => a.status === 2)!;
			expect(await total({ userId: departed.id })).toBe(gone);

			const someone = seeded().find((r) => r.planCustomerName)!;
			const byName: CallRecord[] = (await b.list({ searchInfo: someone.planCustomerName, pageSize: 200 })).data.data.data;
			expect(byName.map((r) => r.id)).toContain(someone.id);
			expect(
				byName.every((r) =>
					[r.planCustomerName, r.planCustomerCompany, r.callNumber, r.userIdName].some((f) => f.includes(someone.planCustomerName)),
				),
			).toBe(true);
			expect(await total({ searchInfo: agent.name })).toBeGreaterThanOrEqual(byUser.length);
			const digits = someone.callNumber.slice(3, 9);
			expect(await total({ searchPhone: digits })).toBe(seeded().filter((r) => r.callNumber.includes(digits)).length);
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
});
