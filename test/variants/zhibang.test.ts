/**
 * The Zhibang node against every server variant the protocol references allow (docs/fidelity.md):
 * each variant is one simulator knob changed from the defaults, and under each one every operation
 * of the node runs once against a shared simulator reset between cases. Business refusals cost no
 * login and are never sent twice; an expired session costs exactly one login.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { ZhibangKnobs } from '../../simulators/zhibang';
import { UPSERT_LEADS_BY_KHID } from '../support/workflows';
import { json, useHarness } from '../zhibang/harness';

export const ZHIBANG_VARIANTS: Array<[string, Partial<ZhibangKnobs>]> = [
	['defaults', {}],
	['business refusals with status 1', { businessErrorStatus: 1 }],
	['business refusals with status 2', { businessErrorStatus: 2 }],
	['a save keeps the fields it was not sent', { partialSave: 'keep' }],
	['a save without a required field is refused', { partialSave: 'reject' }],
	['a save empties the fields it was not sent', { partialSave: 'blank' }],
	['the detail shows every form field', { detailFields: 'all' }],
	['the detail shows a subset of the fields', { detailFields: 'subset' }],
	['lists without a page block', { pageBlock: 'absent' }],
	['list rows as objects', { rowShape: 'object' }],
	['shuffled list columns', { columnOrder: 'shuffled' }],
	['no source enumeration page', { enumPage: 'absent' }],
	['expiry: HTTP 401', { expirySignal: 'http401' }],
	['expiry: 302 to the login page', { expirySignal: 'http302' }],
	['expiry: the HTML login page', { expirySignal: 'html200' }],
	['expiry message without session words', { expiryMessage: '凭证无效' }],
	['auth errors with status 2', { authErrorStatus: 2 }],
	['strict serial numbers', { strictSerial: true }],
	['one session per account', { singleSession: true }],
	['strict JSON only', { relaxedJson: false }],
];

const h = useHarness();

const COMPANY = {
	resource: 'customer',
	operation: 'create',
	customerType: 'company',
	category: '17,146',
	name: '矩阵测试科技',
	contactName: '周一',
	additionalFields: { mobile: '13700001111', qq: '700001', address: '杭州市西湖区', source: '172' },
};

const UPSERT: INodeParameters = { ...UPSERT_LEADS_BY_KHID, category: '17,146', additionalFields: { qq: '={{ $json.qq }}' } };

function one(items: IDataObject[]): IDataObject {
	expect(items).toHaveLength(1);
	return items[0];
}

describe.each(ZHIBANG_VARIANTS)('Zhibang, %s', (_label, knobs) => {
	beforeEach(() => {
		h.sim.setKnobs(knobs);
	});

	it('every operation works, and a re-run converges', async () => {
		expect(await h.engine.testCredential('zhibangApi', h.cred.id!)).toEqual({ status: 'OK', message: 'Connection successful!' });

		const users = json(await h.output({ resource: 'user', operation: 'getAll', returnAll: true }));
		expect(users.map((u) => u.name)).toContain('张伟');
		const sales = String(users.find((u) => u.name === '张伟')!.ord);

		// Customer: Create, Get, Get Many, Update, Assign
		const created = one(json(await h.output(COMPANY)));
		const ord = Number(created.customerId);
		expect(h.sim.customer(ord)).toMatchObject({ name: '矩阵测试科技', person_name: '周一', mobile: '13700001111', ly: 172 });
		expect(one(json(await h.output({ resource: 'customer', operation: 'get', customerId: String(ord) })))).toMatchObject({ name: '矩阵测试科技' });
		const page = json(await h.output({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 }));
		expect(page).toHaveLength(5);
		const all = json(await h.output({ resource: 'customer', operation: 'getAll', returnAll: true }));
		expect(all).toHaveLength(h.sim.customers().length);
		expect(all.find((row) => String(row.ord) === String(ord))).toMatchObject({ name: '矩阵测试科技' });

		const updated = one(json(await h.output({ resource: 'customer', operation: 'update', customerId: String(ord), updateFields: { valueLevel: '175' } })));
		expect(updated).toMatchObject({ updatedFields: ['jz'], verified: true });
		// Whatever the server does with fields a save leaves out, nothing else changed.
		expect(h.sim.customer(ord)).toMatchObject({ jz: 175, ly: 172, sort1: 17, sort1Stage: 146, name: '矩阵测试科技', person_name: '周一', mobile: '13700001111' });
		expect(h.sim.customer(ord)!.fields).toMatchObject({ qq: '700001', address: '杭州市西湖区' });

		const assigned = one(json(await h.output({ resource: 'customer', operation: 'assign', customerId: String(ord), assignTo: 'users', userIds: [sales] })));
		expect(assigned).toMatchObject({ verified: true });
		expect(h.sim.customer(ord)!.cateids).toEqual([Number(sales)]);
		expect(h.sim.customer(ord)).toMatchObject({ jz: 175, name: '矩阵测试科技', mobile: '13700001111' });

		// Create or Update: created, unchanged, updated; the other fields survive the update.
		const lead = { id: 99001, company: '矩阵线索公司', name: '吴二', phone: '13700002222', score: 70, qq: '880001' };
		expect(one(json(await h.output(UPSERT, [lead])))).toMatchObject({ action: 'created', verified: true });
		expect(one(json(await h.output(UPSERT, [lead])))).toMatchObject({ action: 'unchanged' });
		expect(one(json(await h.output(UPSERT, [{ ...lead, company: '矩阵线索公司（改名）', score: 95 }])))).toMatchObject({ action: 'updated', verified: true });
		const [upserted] = h.sim.findCustomers((c) => c.khid === 'WX99001');
		expect(upserted).toMatchObject({ name: '矩阵线索公司（改名）', jz: 175, ly: 171, sort1: 17, sort1Stage: 146, person_name: '吴二', mobile: '13700002222' });
		expect(upserted.fields.qq).toBe('880001');
		expect(one(json(await h.output(UPSERT, [{ ...lead, company: '矩阵线索公司（改名）', score: 95 }])))).toMatchObject({ action: 'unchanged' });

		// Contact: Create, Get, Get Many
		const contact = one(json(await h.output({ resource: 'contact', operation: 'create', customerId: String(ord), contactName: '郑三', additionalFields: { mobile: '13700003333', job: '采购' } })));
		expect(contact).toMatchObject({ customerId: String(ord), verified: true });
		const contactOrd = Number(contact.contactId);
		expect(h.sim.contact(contactOrd)).toMatchObject({ company: ord, person_name: '郑三' });
		expect(one(json(await h.output({ resource: 'contact', operation: 'get', contactId: String(contactOrd) })))).toMatchObject({ person_name: '郑三' });
		const contacts = json(await h.output({ resource: 'contact', operation: 'getAll', returnAll: true, filters: { customerId: String(ord) } }));
		expect(contacts.map((c) => c.person_name).sort()).toEqual(['周一', '郑三']);

		// Follow-up, and the generic API call
		await h.output({ resource: 'followUp', operation: 'create', customerId: String(ord), content: '矩阵跟进', method: '481' });
		expect(h.sim.followups().filter((f) => f.customer === ord).map((f) => f.intro)).toEqual(['矩阵跟进']);
		const raw = one(json(await h.output({ resource: 'custom', operation: 'apiCall', path: '/sysa/mobilephone/salesmanage/custom/list.asp', cmdkey: 'refresh', datas: '{"khid": "WX99001"}', idempotent: true })));
		expect(raw).toMatchObject({ header: { status: 0 } });
	});

	it('a business refusal costs no login and is never sent again; the ERP’s message reaches the user', async () => {
		const [a, b] = h.sim.customers().filter((c) => c.intsort === 1);
		h.sim.resetCounters();
		const refused = await h.run({ resource: 'customer', operation: 'update', customerId: String(b.ord), updateFields: { name: a.name } });
		const error = refused.nodeError('Zhibang');
		expect(error?.message).toMatch(/客户名称已存在/);
		expect(error?.message).not.toMatch(/session|会话/i);
		expect(h.sim.counters.logins ?? 0).toBe(0);
		expect(h.sim.op('customer.save')).toBe(1);
		expect(h.sim.oplog).toEqual([]);
		expect(h.sim.customer(b.ord)!.name).toBe(b.name);
	});

	it('the upsert’s namesake handling sees the refusal: a namesake is saved under its tagged name', async () => {
		const [taken] = h.sim.customers().filter((c) => c.intsort === 1 && c.name);
		h.sim.resetCounters();
		const lead = { id: 99002, company: taken.name, name: '冯四', phone: '13700004444', score: 50, qq: '' };
		const out = one(json(await h.output(UPSERT, [lead])));
		expect(out).toMatchObject({ action: 'created', storedName: `${taken.name}（4444）` });
		expect(h.sim.counters.logins ?? 0).toBe(0);
		expect(h.sim.customer(taken.ord)!.name).toBe(taken.name);
	});

	it('an expired session costs exactly one login, and the write is sent once', async () => {
		const [c] = h.sim.customers().filter((x) => x.intsort === 1);
		h.sim.expireAllSessions();
		h.sim.resetCounters();
		const out = one(json(await h.output({ resource: 'customer', operation: 'update', customerId: String(c.ord), updateFields: { notes: '会话过期后' } })));
		expect(out).toMatchObject({ verified: true });
		expect(h.sim.counters.logins).toBe(1);
		expect(h.sim.op('customer.save')).toBe(1);
		expect(h.sim.oplog).toHaveLength(1);
		expect(h.sim.customer(c.ord)!.fields.intro).toBe('会话过期后');
	});
});
