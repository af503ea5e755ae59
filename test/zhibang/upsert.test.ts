/**
 * Customer → Create or Update (Upsert) against the simulator: idempotency (re-runs, lost answers, dropped connections, concurrency), request counts, matching, comparing and updating.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { wechatContacts } from '../support/leads';
import { UPSERT_LEADS_BY_KHID } from '../support/workflows';
import { ADD_ROUTE, LIST_ROUTE, json, useHarness } from './harness';

const h = useHarness();

const UPSERT = UPSERT_LEADS_BY_KHID;

/** Customers this file creates (the seed has WX1001…WX1004 of its own). */
const ours = () => h.sim.findCustomers((c) => c.khid.startsWith('WX5'));

describe('idempotency', () => {
	it('the same 100 inputs twice → 100 customers; the second run is unchanged at 1 request per item', async () => {
		const before = h.sim.customers().length;
		const items = wechatContacts(100);
		const first = json(await h.output(UPSERT, items));
		expect(first.map((o) => o.action)).toEqual(Array(100).fill('created'));
		expect(first.map((o) => o.khid)).toEqual(items.map((i) => `WX${i.id}`));
		expect(first.every((o) => o.verified === true)).toBe(true);
		expect(h.sim.customers()).toHaveLength(before + 100);
		expect(h.ops()).toEqual({ 'customer.list': 100, 'customer.allocate': 100, 'customer.save': 100, 'customer.detail': 100 });

		h.sim.resetCounters();
		const second = json(await h.output(UPSERT, items));
		expect(second.map((o) => o.action)).toEqual(Array(100).fill('unchanged'));
		expect(second.map((o) => o.customerId)).toEqual(first.map((o) => o.customerId));
		expect(h.sim.customers()).toHaveLength(before + 100);
		expect(h.ops()).toEqual({ 'customer.list': 100 });
		expect(h.sim.oplog.filter((e) => e.action === 'customer.create')).toHaveLength(100);
		expect(new Set(ours().map((c) => c.khid)).size).toBe(100);
	});

	it('lost save answers (reset after apply) are adopted, and a retry of the run still leaves 100', async () => {
		const before = h.sim.customers().length;
		// Verify off: add.asp sees allocate, save, allocate, save, … — the fault rules pick saves.
		// Each rule only counts the add.asp requests earlier rules let through.
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 1 }); // item 0's save
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 20 }); // item 10's save (request 22; this rule did not see request 2)
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 197 }); // item 99's save (request 200; not seeing 2 and 22)
		const items = wechatContacts(100);
		const params = { ...UPSERT, options: { verifySave: false } };
		const first = json(await h.output(params, items));
		expect(h.sim.counters.faults).toEqual({ 'reset-after-apply': 3 });
		expect(first.filter((o) => o.recovered).map((o) => o.khid)).toEqual(['WX5000', 'WX5010', 'WX5099']);
		expect(first.every((o) => o.action === 'created')).toBe(true);
		expect(h.sim.customers()).toHaveLength(before + 100);
		// Recovery is one extra look-up each, never a second save.
		expect(h.ops()).toEqual({ 'customer.list': 103, 'customer.allocate': 100, 'customer.save': 100 });

		// The retry (n8n "Retry On Fail", or the user re-running the execution).
		const retry = json(await h.output(UPSERT, items));
		expect(retry.every((o) => o.action === 'unchanged')).toBe(true);
		expect(h.sim.customers()).toHaveLength(before + 100);
	});

	it('a run that died mid-way after a lost answer, re-run in full → still 100, none missing', async () => {
		const before = h.sim.customers().length;
		// Item 40's save is applied but its answer lost, and the re-check cannot reach the ERP either
		// (list.asp 502 for the first try and both read retries): the run stops at item 40.
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset-after-apply', after: 81 });
		h.sim.addFault({ route: LIST_ROUTE, kind: 'http5xx', after: 41, times: 3 });
		const items = wechatContacts(100);
		const params = { ...UPSERT, options: { verifySave: false } };
		const broken = await h.run(params, items);
		const error = broken.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/temporarily unavailable \(HTTP 502/);
		expect(h.sim.customers()).toHaveLength(before + 41);

		const rerun = json(await h.output(params, items));
		expect(rerun.slice(0, 41).every((o) => o.action === 'unchanged')).toBe(true);
		expect(rerun.slice(41).every((o) => o.action === 'created')).toBe(true);
		expect(h.sim.customers()).toHaveLength(before + 100);
		expect(new Set(ours().map((c) => c.khid)).size).toBe(100);
	});

	it('a dropped connection before the save is applied: looks, finds nothing, saves again with the same id', async () => {
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset', after: 1 });
		const [out] = json(await h.output(UPSERT, wechatContacts(1)));
		expect(out).toMatchObject({ action: 'created', recovered: true, verified: true });
		expect(ours()).toHaveLength(1);
		expect(h.sim.requestCount(ADD_ROUTE)).toBe(4); // allocate, save (dropped), save, read-back
		expect(h.ops()['customer.list']).toBe(2); // look-up, re-check
	});

	it('gives up with a clear error when every save attempt drops, and nothing was written', async () => {
		h.sim.addFault({ route: ADD_ROUTE, kind: 'reset', after: 1, times: 2 });
		const result = await h.run(UPSERT, wechatContacts(1));
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.message).toMatch(/connection failed 2 times and a re-check confirmed nothing was written/);
		expect(error.description).toMatch(/Re-running is safe/);
		expect(ours()).toHaveLength(0);
	});

	it('with Concurrency 10: input order kept, duplicates inside one batch never create twice', async () => {
		const items = wechatContacts(30);
		const batch = [...items, ...items.slice(0, 10)];
		const out = json(await h.output({ ...UPSERT, options: { concurrency: 10 } }, batch));
		expect(out.map((o) => o.khid)).toEqual(batch.map((i) => `WX${i.id}`));
		expect(out.slice(0, 30).every((o) => o.action === 'created')).toBe(true);
		expect(out.slice(30).every((o) => o.action === 'unchanged')).toBe(true);
		expect(out.slice(30).map((o) => o.customerId)).toEqual(out.slice(0, 10).map((o) => o.customerId));
		expect(ours()).toHaveLength(30);
		expect(h.sim.oplog.filter((e) => e.action === 'customer.create')).toHaveLength(30);
	});

	it('refuses a concurrency outside 1–10', async () => {
		const result = await h.run({ ...UPSERT, options: { concurrency: 11 } }, wechatContacts(1));
		expect(result.nodeError('Zhibang')?.message).toMatch(/Concurrency must be a whole number from 1 to 10/);
		expect(h.sim.ops).toEqual({});
	});
});

describe('request counts per customer', () => {
	it.each([
		// An update reads the detail first: its save carries the whole customer, never only the diff.
		[true, { new: 4, updated: 4, unchanged: 1 }],
		[false, { new: 3, updated: 3, unchanged: 1 }],
	])('Verify Save %p → %p', async (verifySave, expected) => {
		const params = { ...UPSERT, options: { verifySave } };
		const [item] = wechatContacts(1);
		const count = async (input: IDataObject) => {
			h.sim.resetCounters();
			const [out] = json(await h.output(params, [input]));
			return { action: out.action, requests: h.requests(), verified: out.verified };
		};
		expect(await count(item)).toEqual({ action: 'created', requests: expected.new, verified: verifySave });
		expect(await count({ ...item, company: '改名后的公司' })).toEqual({ action: 'updated', requests: expected.updated, verified: verifySave });
		expect(await count({ ...item, company: '改名后的公司' })).toEqual({ action: 'unchanged', requests: expected.unchanged, verified: false });
		expect(ours()).toHaveLength(1);
		expect(ours()[0].name).toBe('改名后的公司');
	});
});

describe('matching, comparing, updating', () => {
	it('matches an existing customer by mobile (call logs) and updates what differs', async () => {
		const existing = h.sim.customers().find((c) => c.intsort === 1 && c.mobile)!;
		const call = { from: `+86 ${existing.mobile.slice(0, 3)}-${existing.mobile.slice(3, 7)}-${existing.mobile.slice(7)}`, company: existing.name, contact: existing.person_name };
		const params: INodeParameters = {
			...UPSERT,
			matchBy: 'mobile',
			mobile: '={{ $json.from }}',
			customerNumber: '',
			name: '={{ $json.company }}',
			contactName: '={{ $json.contact }}',
			score: 95,
		};
		const [out] = json(await h.output(params, [call]));
		expect(out).toMatchObject({ action: 'updated', customerId: String(existing.ord), khid: existing.khid, matchedBy: 'mobile', verified: true });
		expect(out.changedFields).toEqual(expect.arrayContaining(['jz']));
		// An existing customer keeps its source, category and type by default.
		expect(h.sim.customer(existing.ord)).toMatchObject({ jz: 175, ly: existing.ly, sort1: existing.sort1, sort1Stage: existing.sort1Stage, name: existing.name, khid: existing.khid });
		expect(h.sim.customers()).toHaveLength(40);
		expect(h.sim.oplog).toEqual([expect.objectContaining({ action: 'customer.update', ord: existing.ord, user: 'api_user' })]);
		// The save carries them as the ERP shows them (a server may empty or refuse fields it is not sent).
		expect(h.sim.oplog[0].data).toMatchObject({ ly: existing.ly ? String(existing.ly) : '', sort1: existing.sort1Stage ? `${existing.sort1},${existing.sort1Stage}` : String(existing.sort1) });
	});

	it('overwrites type, source and category of an existing customer only when asked to', async () => {
		const existing = h.sim.customers().find((c) => c.intsort === 2 && c.ly !== 171 && c.sort1 !== 21)!;
		const params: INodeParameters = {
			...UPSERT,
			customerType: 'person',
			matchBy: 'mobile',
			mobile: existing.mobile,
			customerNumber: '',
			name: existing.name,
			score: '',
		};
		const [kept] = json(await h.output(params, [{}]));
		expect(kept.action).toBe('unchanged');
		expect(h.requests()).toBe(1);
		const [overwritten] = json(await h.output({ ...params, options: { keepTypeSourceCategory: false } }, [{}]));
		expect(overwritten).toMatchObject({ action: 'updated', changedFields: ['sort1', 'ly'], verified: true });
		expect(h.sim.customer(existing.ord)).toMatchObject({ ly: 171, sort1: 21, intsort: 2 });
	});

	it('creates by mobile when nobody has it, numbered M + the mobile (so concurrent creations collide on the number)', async () => {
		const params: INodeParameters = { ...UPSERT, matchBy: 'mobile', customerNumber: '' };
		const [out] = json(await h.output(params, [{ ...wechatContacts(1)[0], phone: '13700001111' }]));
		expect(out).toMatchObject({ action: 'created', matchedBy: 'mobile', khid: 'M13700001111' });
		expect(h.sim.customer(Number(out.customerId))).toMatchObject({ mobile: '13700001111', khid: out.khid });
	});

	it('matched by mobile, an existing customer keeps its number: the Customer Number is for new customers', async () => {
		const existing = h.sim.customers().find((c) => c.intsort === 2 && c.mobile)!;
		const params: INodeParameters = {
			...UPSERT,
			customerType: 'person',
			matchBy: 'mobile',
			mobile: existing.mobile,
			customerNumber: '=WX{{ $json.id }}',
			name: existing.name,
			score: '',
		};
		const [out] = json(await h.output(params, [{ id: 777 }]));
		expect(out).toMatchObject({ action: 'unchanged', customerId: String(existing.ord), khid: existing.khid });
		expect(h.sim.customer(existing.ord)?.khid).toBe(existing.khid);
		expect(h.sim.oplog).toEqual([]);
	});

	it('refuses to guess when two customers share the mobile', async () => {
		const [a, b] = h.sim.customers().filter((c) => c.intsort === 1);
		await h.output({ resource: 'customer', operation: 'update', customerId: String(b.ord), updateFields: { mobile: a.mobile } });
		h.sim.resetCounters();
		const result = await h.run({ ...UPSERT, matchBy: 'mobile', mobile: a.mobile, customerNumber: '' }, wechatContacts(1));
		const error = result.nodeError('Zhibang') as Error & { description?: string };
		expect(error.message).toMatch(/2 customers share the mobile \d{3}\*{4}\d{4}/);
		expect(error.message).not.toContain(a.mobile);
		expect(h.ops()).toEqual({ 'customer.list': 1 });
	});

	it('a new company whose name another customer has: tagged by default, or a clear namesake error with “Fail the Item”', async () => {
		const taken = h.sim.customers()[0];
		const [item] = wechatContacts(1);
		const refused = await h.run({ ...UPSERT, options: { onNameConflict: 'fail' } }, [{ ...item, company: taken.name }]);
		const error = refused.nodeError('Zhibang') as Error & { description?: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/already used by a different customer/);
		expect(error.description).toMatch(/客户名称已存在/);
		expect(ours()).toHaveLength(0);

		const [out] = json(await h.output(UPSERT, [{ ...item, company: taken.name }]));
		expect(out).toMatchObject({ action: 'created', storedName: `${taken.name}（${String(item.phone).slice(-4)}）` });
		expect(ours().map((c) => c.name)).toEqual([out.storedName]);
	});

	it('only fields the list row shows decide "unchanged"; Compare All Fields reads the detail', async () => {
		const [item] = wechatContacts(1);
		await h.output({ ...UPSERT, additionalFields: { qq: '10001' } }, [item]);
		h.sim.resetCounters();
		// QQ is not a list column: the change goes unnoticed with one request…
		const [quiet] = json(await h.output({ ...UPSERT, additionalFields: { qq: '20002' } }, [item]));
		expect(quiet.action).toBe('unchanged');
		expect(h.requests()).toBe(1);
		// …and is seen with the detail comparison.
		h.sim.resetCounters();
		const [seen] = json(await h.output({ ...UPSERT, additionalFields: { qq: '20002' }, options: { compareAllFields: true } }, [item]));
		expect(seen).toMatchObject({ action: 'updated', changedFields: ['qq'] });
		expect(ours()[0].fields.qq).toBe('20002');
		expect(h.ops()).toEqual({ 'customer.list': 1, 'customer.detail': 2, 'customer.save': 1 });
	});

	it('rejects a bad item before any request: missing contact, bare khid, bad score', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ ...wechatContacts(1)[0], name: '' }, /Missing required field "Contact Name" \(person_name\)/],
			[{ ...wechatContacts(1)[0], company: undefined }, /Missing required field "Customer Name" \(name\)/],
			[{ ...wechatContacts(1)[0], id: undefined }, /Invalid Customer Number: the customer number "WX" has no external ID|no external id/i],
			[{ ...wechatContacts(1)[0], score: 120 }, /Invalid Score: the score must be between 0 and 100/],
		];
		for (const [item, message] of cases) {
			const result = await h.run(UPSERT, [item]);
			const error = result.nodeError('Zhibang');
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toMatch(message);
		}
		expect(h.sim.ops).toEqual({});
		expect(h.sim.oplog).toEqual([]);
	});
});

