/**
 * The customer writes of the simulated ERP: custom/add.asp save (create or update), the v3
 * `customer/edit` endpoint, and assignment (order.asp). `persist` false = validate and answer, change nothing.
 */
import { formatShanghai } from '../common/time';
import { PRIMARY_CONTACT_FIELDS, type EnumItem } from './data';
import type { Actor, WriteAction, WriteResult, ZhibangCustomer } from './model';
import { givenFields, type ZhibangStore } from './store';
import { Datas } from './wire';

const CUSTOMER_TYPED = new Set(['name', 'khid', 'sort1', 'ly', 'jz', 'trade', 'area', 'date1']);

const DATE_RE = /^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{1,2}(:\d{1,2})?)?$/;

/**
 * custom/add.asp `__sys_dosave`: create (ord reserved by allocate) or update (existing ord,
 * given fields merged). `persist` false = validate and answer, but change nothing.
 */
export function saveCustomer(store: ZhibangStore, datas: Datas, intsortParam: string, actor: Actor, persist: boolean, op = 'customer.save'): WriteResult {
	const ordRaw = datas.str('ord');
	if (ordRaw === '') return { ok: false, error: '客户ID(ord)不能为空，请先分配客户ID' };
	const ord = Number(ordRaw);
	const existing = Number.isInteger(ord) ? store.customers.get(ord) : undefined;
	const reserved = Number.isInteger(ord) ? store.reservedCustomers.get(ord) : undefined;
	if (!existing && !reserved) return { ok: false, error: '客户ID无效或未分配' };
	const intsortRaw = intsortParam || String(existing?.intsort ?? (reserved?.intsort || 1));
	if (intsortRaw !== '1' && intsortRaw !== '2') return { ok: false, error: '客户类型无效' };
	const intsort = Number(intsortRaw) as 1 | 2;

	const given = givenFields(datas);
	const { lists } = store.settings();
	const mode = store.settings().partialSave ?? 'keep';
	const primary = existing?.person ? store.contacts.get(existing.person) : undefined;
	if (existing && mode === 'reject') {
		if (given.name === undefined) return { ok: false, error: '客户名称不能为空' };
		if (given.sort1 === undefined) return { ok: false, error: '客户分类不能为空' };
		if (intsort === 1 && given.person_name === undefined) return { ok: false, error: '联系人姓名不能为空' };
	}
	// What a field that was not sent falls back to: its stored value, or nothing (blank).
	const prior = mode === 'blank' ? undefined : existing;
	const priorContact = mode === 'blank' ? undefined : primary;

	const name = (given.name ?? prior?.name ?? '').trim();
	if (!name) return { ok: false, error: '客户名称不能为空' };
	if (name.length > 100) return { ok: false, error: '客户名称不能超过100个字' };

	let sort1 = prior ? { cat: prior.sort1, stage: prior.sort1Stage } : undefined;
	if (given.sort1 !== undefined || !prior) {
		const raw = (given.sort1 ?? '').trim();
		if (!raw) return { ok: false, error: '客户分类不能为空' };
		sort1 = store.parseSort1(raw);
		if (!sort1) return { ok: false, error: '客户分类无效' };
	}

	const personName = (given.person_name ?? priorContact?.person_name ?? '').trim();
	if (intsort === 1) {
		if (!personName) return { ok: false, error: '联系人姓名不能为空' };
		if (personName.length > 50) return { ok: false, error: '联系人姓名不能超过50个字' };
	}

	const enumChecks: Array<[keyof ZhibangCustomer & string, EnumItem[], string]> = [
		['ly', lists.ly, '客户来源无效'],
		['jz', lists.jz, '价值评估无效'],
		['trade', lists.trade, '所属行业无效'],
		['area', lists.areas, '客户区域无效'],
	];
	const ids: Record<string, number> = {};
	for (const [key, list, message] of enumChecks) {
		const current = prior ? (prior[key] as number) : 0;
		if (given[key] === undefined) {
			ids[key] = current;
			continue;
		}
		const id = store.enumId(list, given[key].trim());
		if (id === undefined) return { ok: false, error: message };
		ids[key] = id;
	}

	const khidGiven = (given.khid ?? '').trim();
	const khid = khidGiven || prior?.khid || reserved?.khid || '';
	if (khid.length > 50) return { ok: false, error: '客户编号不能超过50个字' };

	let date1 = existing?.date1 ?? formatShanghai(store.now());
	if (given.date1 !== undefined && given.date1.trim() !== '') {
		if (!DATE_RE.test(given.date1.trim())) return { ok: false, error: '添加时间格式不正确' };
		date1 = given.date1.trim();
	}

	const mobile = (given.mobile ?? (priorContact ? priorContact.fields.mobile : prior?.fields.mobile) ?? '').trim();
	const dup = store.duplicateError(ord, name, khid, mobile);
	if (dup) return { ok: false, error: dup };

	const action: WriteAction = existing ? 'customer.update' : 'customer.create';
	if (!persist) return { ok: true, ord, action };

	const now = formatShanghai(store.now());
	const c: ZhibangCustomer = existing ?? {
		ord,
		intsort,
		name,
		khid,
		sort1: 0,
		sort1Stage: 0,
		ly: 0,
		jz: 0,
		trade: 0,
		area: 0,
		cateid: [actor.ord],
		addcate: actor.ord,
		date1,
		updatedAt: now,
		person: 0,
		fields: {},
	};
	if (existing && mode === 'blank') c.fields = {};
	c.intsort = intsort;
	c.name = name;
	c.khid = khid;
	c.sort1 = sort1!.cat;
	c.sort1Stage = sort1!.stage;
	c.ly = ids.ly;
	c.jz = ids.jz;
	c.trade = ids.trade;
	c.area = ids.area;
	c.date1 = date1;
	c.updatedAt = now;

	const contactFields: Record<string, string> = {};
	for (const [key, val] of Object.entries(given)) {
		if (CUSTOMER_TYPED.has(key)) continue;
		if (intsort === 1 && PRIMARY_CONTACT_FIELDS.includes(key)) {
			if (key !== 'person_name') contactFields[key === '@personpym' ? 'pym' : key] = val;
			continue;
		}
		c.fields[key] = val;
	}
	if (intsort === 1) {
		let contact = c.person ? store.contacts.get(c.person) : undefined;
		if (!contact) {
			contact = {
				ord: store.newContactOrd(),
				company: ord,
				person_name: personName,
				primary: true,
				addcate: actor.ord,
				date1: now,
				updatedAt: now,
				fields: {},
			};
			store.contacts.set(contact.ord, contact);
			c.person = contact.ord;
			// A person customer turned company: its contact data moves to the contact.
			for (const key of PRIMARY_CONTACT_FIELDS) {
				if (key in c.fields && !(key in contactFields)) contactFields[key === '@personpym' ? 'pym' : key] = c.fields[key];
				delete c.fields[key];
			}
		}
		contact.person_name = personName;
		if (existing && mode === 'blank') contact.fields = {};
		Object.assign(contact.fields, contactFields);
		contact.updatedAt = now;
	}
	store.customers.set(ord, c);
	store.reservedCustomers.delete(ord);
	store.log(actor, op, action, ord, { intsort, ...given, ...(given.khid === undefined ? { khid } : {}) });
	return { ok: true, ord, action };
}

/**
 * `/webapi/v3/sales/customer/edit`: plain JSON, v3 naming (`sort` = category, `sort1` = stage,
 * `sort2` = 1/2 customer type). Returns the `{Code, Msg}` answer.
 */
export function v3EditCustomer(store: ZhibangStore, body: Record<string, unknown>, actor: Actor, persist: boolean): { Code: number; Msg: string } {
	const get = (key: string): string | undefined => {
		const found = Object.keys(body).find((k) => k.toLowerCase() === key.toLowerCase());
		if (found === undefined || body[found] === null || body[found] === undefined) return undefined;
		const v = body[found];
		return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
	};
	const ordRaw = (get('ord') ?? '').trim();
	if (!ordRaw) return { Code: 300, Msg: '客户ID(ord)不能为空' };
	const existing = store.customers.get(Number(ordRaw));
	if (!existing) return { Code: 300, Msg: '客户不存在或已被删除' };
	const mobile = get('mobile');
	if (mobile !== undefined && mobile.trim() !== '' && !/^1\d{10}$/.test(mobile.trim())) {
		return { Code: 300, Msg: '手机号码格式不正确' };
	}
	// Translate to the v1 save so both paths share one set of rules.
	const items: Array<{ id: string; val: string }> = [{ id: 'ord', val: ordRaw }];
	let cat = get('sort');
	const stage = get('sort1');
	if (cat !== undefined || stage !== undefined) {
		cat ??= String(existing.sort1);
		items.push({ id: 'sort1', val: stage !== undefined && stage !== '' ? `${cat},${stage}` : cat });
	}
	for (const key of Object.keys(body)) {
		const lower = key.toLowerCase();
		if (['ord', 'sort', 'sort1', 'sort2'].includes(lower)) continue;
		items.push({ id: key, val: get(key) ?? '' });
	}
	const sort2 = get('sort2') ?? '';
	const result = saveCustomer(store, new Datas(items), sort2, actor, persist, 'v3.customer.edit');
	if (!result.ok) return { Code: 300, Msg: result.error };
	return { Code: 200, Msg: '修改成功' };
}

/** order.asp?datatype=tel `__sys_dosave`: member1 0 = assign to member2 users, 1 = public pool. */
export function assignCustomer(store: ZhibangStore, datas: Datas, actor: Actor, persist: boolean): WriteResult {
	const ord = Number(datas.str('ord'));
	const c = store.customers.get(ord);
	if (!c) return { ok: false, error: '客户不存在或已被删除' };
	const member1 = datas.str('member1') || '0';
	let owners: number[] = [];
	if (member1 === '0') {
		const raw = datas.str('member2');
		const ids = raw.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
		if (ids.length === 0) return { ok: false, error: '请选择指派人员' };
		for (const id of ids) {
			const user = /^\d+$/.test(id) ? store.activeUser(Number(id)) : undefined;
			if (!user) return { ok: false, error: '指派人员不存在' };
			if (!owners.includes(user.ord)) owners.push(user.ord);
		}
	} else if (member1 === '1') {
		owners = [];
	} else {
		return { ok: false, error: '指派方式无效' };
	}
	if (!persist) return { ok: true, ord, action: 'customer.assign' };
	const before = [...c.cateid];
	c.cateid = owners;
	c.updatedAt = formatShanghai(store.now());
	store.log(actor, 'customer.assign', 'customer.assign', ord, {
		member1: Number(member1),
		member2: owners.join(','),
		before: before.join(','),
	});
	return { ok: true, ord, action: 'customer.assign' };
}
