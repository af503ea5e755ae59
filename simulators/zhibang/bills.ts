/**
 * The bills (forms and detail pages) of the simulated ERP: what `allocate`, `edit=1`, the
 * assignment and the follow-up pages answer.
 */
import { CONTACT_FIELD_TEXT, CUSTOMER_FIELD_TEXT } from './data';
import type { ZhibangKnobs } from './knobs';
import type { ZhibangContactView, ZhibangCustomer, ZhibangCustomerView } from './model';
import type { BillField, BillGroup } from './wire';

type DetailFields = ZhibangKnobs['detailFields'];

/** What a detail bill shows under `detailFields: 'subset'` (an install whose form hides the rest). */
const CUSTOMER_DETAIL_SUBSET = new Set(['ord', 'intsort', 'name', 'khid', 'sort1', 'sort1Name', 'ly', 'lyName', 'jz', 'jzName', 'cateid', 'cateName', 'date1', 'person_name', 'mobile']);
const CONTACT_DETAIL_SUBSET = new Set(['ord', 'company', 'name', 'person_name', 'mobile', 'date1']);

function subsetOf(groups: BillGroup[], keep: Set<string>): BillGroup[] {
	return groups.map((group) => ({ ...group, fields: group.fields.filter((field) => keep.has(field.id)) }));
}

/** The empty form `allocate` answers for a new customer. */
export function customerForm(khid: string, intsort: number): BillGroup[] {
	const f = (id: string, value = '', notnull = false): BillField => ({ id, text: CUSTOMER_FIELD_TEXT[id] ?? id, value, ...(notnull ? { notnull } : {}) });
	const base = [
		f('name', '', true),
		f('khid', khid),
		f('pym'),
		f('sort1', '', true),
		f('ly'),
		f('jz'),
		f('trade'),
		f('area'),
		f('address'),
		f('url'),
		f('intro'),
	];
	const person = [
		...(intsort === 2 ? [] : [f('person_name', '', true)]),
		f('sex'),
		f('job'),
		f('mobile'),
		f('phone'),
		f('email'),
		f('qq'),
		f('weixinAcc'),
	];
	return [
		{ id: 'base', caption: '基本信息', fields: [f('intsort', String(intsort || '')), ...base] },
		{ id: 'person', caption: intsort === 2 ? '联系方式' : '联系人信息', fields: person },
	];
}

/** A customer's detail bill (`edit=1`): every form field, empty ones with ''. */
export function customerDetail(v: ZhibangCustomerView, detailFields: DetailFields): BillGroup[] {
	const f = (id: string, value: string | number): BillField => ({ id, text: CUSTOMER_FIELD_TEXT[id] ?? id, value: String(value ?? '') });
	const base: BillField[] = [
		f('ord', v.ord),
		f('intsort', v.intsort),
		f('name', v.name),
		f('khid', v.khid),
		f('sort1', v.sort1Stage ? `${v.sort1},${v.sort1Stage}` : v.sort1),
		f('sort1Name', v.sort1Name),
		f('ly', v.ly || ''),
		f('lyName', v.lyName),
		f('jz', v.jz || ''),
		f('jzName', v.jzName),
		f('trade', v.trade || ''),
		f('tradeName', v.tradeName),
		f('area', v.area || ''),
		f('cateid', v.cateids.join(',')),
		f('cateName', v.cateName),
		f('addcate', v.addcate),
		f('date1', v.date1),
	];
	const contactKeys = new Set(['person_name', '@personpym', 'sex', 'age', 'year1', 'part1', 'job', 'phone', 'fax', 'mobile', 'phone2', 'email', 'qq', 'weixinAcc', 'msn', 'jg']);
	const person: BillField[] = v.intsort === 1 ? [f('person', v.person || ''), f('person_name', v.person_name)] : [];
	const other: BillField[] = [];
	for (const [key, value] of Object.entries(v.fields)) {
		if (key === 'person_name' && v.intsort === 1) continue;
		if (contactKeys.has(key)) person.push(f(key, value));
		else other.push(f(key, value));
	}
	// The bill is the form: every form field is shown, empty ones with ''.
	const present = new Set([...base, ...person, ...other].map((field) => field.id));
	for (const id of Object.keys(CUSTOMER_FIELD_TEXT)) {
		if (present.has(id) || (id === 'person_name' && v.intsort !== 1)) continue;
		(contactKeys.has(id) ? person : other).push(f(id, ''));
	}
	const groups = [
		{ id: 'base', caption: '基本信息', fields: base },
		{ id: 'person', caption: v.intsort === 1 ? '联系人信息' : '联系方式', fields: person },
		{ id: 'other', caption: '其他信息', fields: other },
	];
	return detailFields === 'subset' ? subsetOf(groups, CUSTOMER_DETAIL_SUBSET) : groups;
}

/** A contact's detail bill, or the empty form for a new contact of `company`. */
export function contactGroups(detailFields: DetailFields, v?: ZhibangContactView, company = ''): BillGroup[] {
	const f = (id: string, value: string | number = '', notnull = false): BillField => ({
		id,
		text: CONTACT_FIELD_TEXT[id] ?? id,
		value: String(value),
		...(notnull ? { notnull } : {}),
	});
	if (!v) {
		return [
			{
				id: 'base',
				caption: '基本信息',
				fields: [f('company', company, true), f('person_name', '', true), f('sex'), f('job'), f('mobile'), f('phone'), f('email'), f('qq'), f('weixinAcc')],
			},
		];
	}
	const other = Object.entries(v.fields).map(([k, val]) => f(k, val));
	for (const id of Object.keys(CONTACT_FIELD_TEXT)) {
		if (!['ord', 'company', 'name', 'person_name', 'date1'].includes(id) && !(id in v.fields)) other.push(f(id, ''));
	}
	const groups = [
		{
			id: 'base',
			caption: '基本信息',
			fields: [f('ord', v.ord), f('company', v.company), f('name', v.name), f('person_name', v.person_name), f('date1', v.date1)],
		},
		{ id: 'other', caption: '详细信息', fields: other },
	];
	return detailFields === 'subset' ? subsetOf(groups, CONTACT_DETAIL_SUBSET) : groups;
}

/** The assignment form (order.asp) of a customer: its owners, or the public pool. */
export function assignForm(c: ZhibangCustomer): BillGroup[] {
	return [
		{
			id: 'base',
			caption: '指派',
			fields: [
				{ id: 'member1', text: '指派方式', value: c.cateid.length ? '0' : '1' },
				{ id: 'member2', text: '指派人员', value: c.cateid.join(',') },
			],
		},
	];
}

/** The empty follow-up form (systemmanage/reply). */
export function replyForm(): BillGroup[] {
	const field = (id: string, text: string, value = ''): BillField => ({ id, text, value });
	return [
		{
			id: 'base',
			caption: '洽谈进展',
			fields: [
				field('intro', '洽谈内容'),
				field('sort', '跟进方式'),
				field('lead', '关联联系人', '0'),
				field('plantype', '日程', '0'),
				field('@title2', '日程主题'),
				field('@ret2_0', '开始时间'),
				field('@ret2_1', '结束时间'),
			],
		},
	];
}
