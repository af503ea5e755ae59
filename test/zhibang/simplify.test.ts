/**
 * "Simplify / 简化输出" of version 1.1: readable keys and names (resolved through the ERP's
 * dictionaries, read once per execution), ISO dates; off gives the raw record, v1 has no Simplify.
 */
import { isoChinaTime, simplifyCustomer, type Dictionaries } from '../../nodes/Zhibang/helpers/simplify';
import { json, useHarness } from './harness';

const h = useHarness();
const V1_1 = { typeVersion: 1.1 };
const rl = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });
/** The dictionary reads: 3 enumerations (source, value level, industry), categories, users. */
const DICTIONARIES = { enum: 3, categories: 1, users: 1 };

function owned() {
	return h.sim.customers().find((c) => c.intsort === 1 && c.cateids.length > 0 && c.sort1Stage)!;
}

describe('Customer → Get, Simplify', () => {
	it('is on by default: readable keys, names of source, value level, category, industry and owner, ISO time', async () => {
		const c = owned();
		const [out] = json(await h.output({ resource: 'customer', operation: 'get', customer: rl(c.ord) }, [{}], V1_1));
		expect(out).toMatchObject({
			customerId: String(c.ord),
			customerNumber: c.khid,
			name: c.name,
			customerType: 'company',
			categoryId: `${c.sort1},${c.sort1Stage}`,
			source: c.lyName,
			sourceId: String(c.ly),
			valueLevel: c.jzName,
			valueLevelId: String(c.jz),
			industry: c.tradeName,
			industryId: String(c.trade),
			owner: c.cateName,
			ownerIds: c.cateids.map(String),
			addedAt: `${c.date1.replace(' ', 'T')}+08:00`,
			contactName: c.person_name,
			mobile: c.mobile,
		});
		expect(out.category).toMatch(new RegExp(`^${c.sort1Name} › .+`));
		for (const raw of ['ord', 'khid', 'ly', 'lyName', 'jz', 'cateid', 'date1', 'person_name']) expect(out).not.toHaveProperty(raw);
	});

	it('loads the dictionaries once per execution, not per item', async () => {
		const [a, b, c] = h.sim.customers();
		const out = json(await h.output({ resource: 'customer', operation: 'get', customer: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, [{ id: a.ord }, { id: b.ord }, { id: c.ord }], V1_1));
		expect(out.map((o) => o.customerId)).toEqual([a, b, c].map((x) => String(x.ord)));
		expect(h.ops()).toEqual({ 'customer.detail': 3, ...DICTIONARIES });
	});

	it('off: the raw record, as version 1 returns it, without dictionary reads', async () => {
		const c = owned();
		const [raw] = json(await h.output({ resource: 'customer', operation: 'get', customer: rl(c.ord), simplify: false }, [{}], V1_1));
		const [v1] = json(await h.output({ resource: 'customer', operation: 'get', customerId: String(c.ord) }));
		expect(raw).toEqual(v1);
		expect(raw).toMatchObject({ ord: String(c.ord), khid: c.khid, ly: String(c.ly), date1: c.date1 });
		expect(h.ops()).toEqual({ 'customer.detail': 2 });
	});
});

describe('Customer → Get Many, Simplify', () => {
	it('simplifies every row with one set of dictionary reads', async () => {
		const rows = json(await h.output({ resource: 'customer', operation: 'getAll', returnAll: true }, [{}], V1_1));
		expect(rows).toHaveLength(h.sim.customers().length);
		for (const row of rows) {
			const c = h.sim.customer(Number(row.customerId))!;
			expect(row).toMatchObject({ name: c.name, customerNumber: c.khid, source: c.lyName || null, industry: c.tradeName || null, addedAt: `${c.date1.replace(' ', 'T')}+08:00` });
		}
		expect(h.ops()).toEqual({ 'customer.list': 1, ...DICTIONARIES });
	});

	it('off: the raw list rows', async () => {
		const rows = json(await h.output({ resource: 'customer', operation: 'getAll', limit: 3, simplify: false }, [{}], V1_1));
		expect(rows).toHaveLength(3);
		expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['ord', 'khid', 'lyName', 'date1']));
	});
});

describe('Contact → Get / Get Many, Simplify', () => {
	it('readable keys for a contact; off gives the raw record', async () => {
		const p = h.sim.contacts().find((x) => x.mobile && x.job)!;
		const contact = { __rl: true, mode: 'id', value: String(p.ord) };
		const [out] = json(await h.output({ resource: 'contact', operation: 'get', contact }, [{}], V1_1));
		expect(out).toMatchObject({
			contactId: String(p.ord),
			contactName: p.person_name,
			customerId: String(p.company),
			customerName: p.name,
			mobile: p.mobile,
			job: p.job,
			addedAt: `${p.date1.replace(' ', 'T')}+08:00`,
		});
		const [raw] = json(await h.output({ resource: 'contact', operation: 'get', contact, simplify: false }, [{}], V1_1));
		expect(raw).toMatchObject({ ord: String(p.ord), person_name: p.person_name, company: String(p.company) });
		const many = json(await h.output({ resource: 'contact', operation: 'getAll', limit: 5 }, [{}], V1_1));
		expect(many).toHaveLength(5);
		for (const row of many) expect(Object.keys(row)).toEqual(expect.arrayContaining(['contactId', 'contactName', 'customerId']));
	});
});

describe('version 1', () => {
	it('Get Many returns the raw rows as before (no Simplify parameter)', async () => {
		const rows = json(await h.output({ resource: 'customer', operation: 'getAll', limit: 2 }));
		expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['ord', 'khid', 'date1']));
		expect(rows[0]).not.toHaveProperty('customerId');
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});
});

describe('simplifyCustomer', () => {
	const dicts: Dictionaries = {
		source: new Map([['171', '网站注册']]),
		valueLevel: new Map([['175', '很高']]),
		industry: new Map([['137', '银行']]),
		category: new Map([
			['17', '微信客户'],
			['146', '初步接触'],
		]),
		user: new Map([
			['60', '李娜'],
			['61', '张伟'],
		]),
	};

	it('takes names from the dictionaries when the record shows only ids (as a real ERP list may)', () => {
		const out = simplifyCustomer({ ord: '9', intsort: '2', ly: '171', jz: '175', trade: '137', sort1: '17,146', cateid: '60,61', date1: '2025-03-01 08:05:09', zdy1: 'x', fax: '' }, dicts);
		expect(out).toEqual({
			customerId: '9',
			customerNumber: null,
			name: null,
			customerType: 'person',
			category: '微信客户 › 初步接触',
			categoryId: '17,146',
			source: '网站注册',
			sourceId: '171',
			valueLevel: '很高',
			valueLevelId: '175',
			industry: '银行',
			industryId: '137',
			owner: '李娜, 张伟',
			ownerIds: ['60', '61'],
			addedAt: '2025-03-01T08:05:09+08:00',
			otherFields: { zdy1: 'x' },
		});
	});

	it('a list showing a name in an id column gets the id from the dictionary; unknown ids keep the shown name', () => {
		const out = simplifyCustomer({ ord: '9', ly: '网站注册', jz: '999', jzName: '特级', sort1: '微信客户' }, dicts);
		expect(out).toMatchObject({ source: '网站注册', sourceId: '171', valueLevel: '特级', valueLevelId: '999', category: '微信客户', categoryId: '17' });
	});

	it('dates: Beijing wall time to ISO 8601 with +08:00', () => {
		expect(isoChinaTime('2025-1-2 3:04')).toBe('2025-01-02T03:04:00+08:00');
		expect(isoChinaTime('2025-01-02')).toBe('2025-01-02T00:00:00+08:00');
		expect(isoChinaTime('')).toBeNull();
	});
});
