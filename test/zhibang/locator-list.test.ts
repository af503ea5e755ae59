/**
 * The locators' "From List / 从列表选择": the listSearch methods called as n8n's editor calls them,
 * against a simulator with more customers than one list page.
 */
import { useHarness } from './harness';
import { ZHIBANG_NODE } from '../support/workflows';

const h = useHarness({ seedCustomers: 120 });

async function search(method: string, filter?: string, paginationToken?: string) {
	return await h.engine.listSearch(ZHIBANG_NODE, method, { resource: 'customer', operation: 'get' }, { zhibangApi: h.cred }, { filter, paginationToken, typeVersion: 1.1 });
}

describe('searchCustomers', () => {
	it('pages through every customer of the ERP, 50 a page, with a pagination token', async () => {
		const seen: string[] = [];
		let token: string | undefined;
		const sizes: number[] = [];
		do {
			const page = await search('searchCustomers', undefined, token);
			sizes.push(page.results.length);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(sizes).toEqual([50, 50, 20]);
		expect(new Set(seen).size).toBe(120);
		expect([...seen].sort()).toEqual(h.sim.customers().map((c) => String(c.ord)).sort());
		expect(h.ops()).toEqual({ 'customer.list': 3 });
	});

	it('shows each customer by name and number', async () => {
		const { results } = await search('searchCustomers');
		const c = h.sim.customer(Number(results[0].value))!;
		expect(results[0].name).toBe(`${c.name} (${c.khid})`);
	});

	it('searches by name, customer number or mobile', async () => {
		const c = h.sim.customers().find((x) => x.mobile)!;
		for (const filter of [c.name, c.khid, c.mobile]) {
			const { results, paginationToken } = await search('searchCustomers', filter);
			expect(results.map((r) => r.value)).toContain(String(c.ord));
			expect(paginationToken).toBeUndefined();
			for (const r of results) {
				const hit = h.sim.customer(Number(r.value))!;
				expect([hit.name, hit.khid, hit.mobile, hit.person_name].some((v) => v.includes(filter))).toBe(true);
			}
		}
		const { results } = await search('searchCustomers', '不存在的客户名');
		expect(results).toEqual([]);
	});

	it('a failing ERP shows the error in the list', async () => {
		h.sim.addFault({ route: '/sysa/mobilephone/salesmanage/custom/list.asp', kind: 'http5xx', status: 503, times: 10 });
		await expect(search('searchCustomers')).rejects.toThrow();
	});
});

describe('searchContacts', () => {
	it('lists contacts by name with their customer, and searches by contact name', async () => {
		const first = await search('searchContacts');
		expect(first.results).toHaveLength(50);
		const p = h.sim.contact(Number(first.results[0].value))!;
		expect(first.results[0].name).toBe(`${p.person_name} · ${p.name}`);
		const found = await search('searchContacts', p.person_name);
		expect(found.results.map((r) => r.value)).toContain(String(p.ord));
		for (const r of found.results) expect(h.sim.contact(Number(r.value))!.person_name).toContain(p.person_name);
	});
});
