/**
 * Behaviour of the Zhibang (智邦国际) ERP simulator as a client sees it over HTTP (./zhibang-client.ts), plus the
 * in-process hooks tests and scripts rely on: the customer list (skeleton, paging, filters, sorting, shuffled columns) and the reference lists.
 * Protocol: docs/protocol/zhibang.md (§11: assumptions and knobs).
 */
import { allocate, call, http, listCustomers, login, MOBILE, OV1, rowsOf, saveCustomer, useZhibangSimulator, type Json } from './zhibang-client';
import type { AxiosResponse } from 'axios';

const sim = useZhibangSimulator();

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
