/**
 * The follow-up (systemmanage/reply) and contact (person/add) writes of the simulated ERP.
 * `persist` false = validate and answer, change nothing.
 */
import { formatShanghai } from '../common/time';
import type { Actor, WriteAction, WriteResult, ZhibangContact, ZhibangFollowup } from './model';
import { CONTROL_IDS, givenFields, type ZhibangStore } from './store';
import type { Datas } from './wire';

/** systemmanage/reply.asp `__sys_dosave`: a follow-up on a customer (datatype tel) or a contact (person), with an optional schedule. */
export function addFollowup(store: ZhibangStore, datatype: string, datas: Datas, actor: Actor, persist: boolean): WriteResult {
	if (datatype !== 'tel' && datatype !== 'person') return { ok: false, error: '不支持的数据类型' };
	const ord = Number(datas.str('ord'));
	let customer = 0;
	let contact = 0;
	if (datatype === 'tel') {
		if (!store.customers.has(ord)) return { ok: false, error: '客户不存在或已被删除' };
		customer = ord;
	} else {
		const p = store.contacts.get(ord);
		if (!p) return { ok: false, error: '联系人不存在或已被删除' };
		customer = p.company;
		contact = p.ord;
	}
	const intro = datas.get('intro') ?? '';
	if (intro.trim() === '') return { ok: false, error: '洽谈内容不能为空' };
	if (intro.length > 1000) return { ok: false, error: '洽谈内容不能超过1000个字' };
	const sortRaw = datas.str('sort');
	if (!sortRaw) return { ok: false, error: '跟进方式不能为空' };
	const sort = store.enumId(store.settings().lists.methods, sortRaw);
	if (!sort) return { ok: false, error: '跟进方式无效' };
	const leadRaw = datas.str('lead');
	if (datatype === 'tel' && leadRaw !== '' && leadRaw !== '0') {
		const lead = store.contacts.get(Number(leadRaw));
		if (!lead || lead.company !== customer) return { ok: false, error: '关联联系人不属于该客户' };
		contact = lead.ord;
	}
	const plantypeRaw = datas.str('plantype') || '0';
	if (!['0', '1', '2'].includes(plantypeRaw)) return { ok: false, error: '日程类型无效' };
	const plantype = Number(plantypeRaw);
	const plan: Record<string, string> = {};
	const fields: Record<string, string> = {};
	for (const [id, val] of datas.entries()) {
		const lower = id.toLowerCase();
		if (['ord', 'intro', 'sort', 'lead', 'plantype', 'datatype'].includes(lower) || CONTROL_IDS.has(lower)) continue;
		if (id.startsWith('@')) plan[id] = val;
		else fields[id] = val;
	}
	if (plantype !== 0) {
		if (!datas.str('@title2')) return { ok: false, error: '日程主题不能为空' };
		if (!datas.str('@ret2_0')) return { ok: false, error: '日程开始时间不能为空' };
	}
	if (!persist) return { ok: true, ord, action: 'followup.create' };
	const record: ZhibangFollowup = {
		id: store.newFollowupId(),
		datatype,
		ord,
		customer,
		contact,
		intro,
		sort,
		plantype,
		plan: plantype !== 0 ? plan : {},
		fields,
		author: actor.ord,
		authorName: actor.name,
		date: formatShanghai(store.now()),
	};
	store.followups.push(record);
	store.log(actor, 'followup.save', 'followup.create', ord, { ...record });
	return { ok: true, ord, action: 'followup.create' };
}

/** person/add.asp `__sys_dosave`: create (ord 0 or reserved by allocate) or update (existing ord, given fields merged). */
export function saveContact(store: ZhibangStore, datas: Datas, actor: Actor, persist: boolean): WriteResult {
	const ordRaw = datas.str('ord');
	let existing: ZhibangContact | undefined;
	let ord = 0;
	if (ordRaw !== '' && ordRaw !== '0') {
		ord = Number(ordRaw);
		existing = store.contacts.get(ord);
		if (!existing && !store.reservedContacts.has(ord)) return { ok: false, error: '联系人ID无效或未分配' };
	}
	const given = givenFields(datas);
	const mode = store.settings().partialSave ?? 'keep';
	if (existing && mode === 'reject') {
		if (given.company === undefined) return { ok: false, error: '关联客户不能为空' };
		if (given.person_name === undefined) return { ok: false, error: '联系人姓名不能为空' };
	}
	const prior = mode === 'blank' ? undefined : existing;
	const companyRaw = (given.company ?? (prior ? String(prior.company) : '')).trim();
	if (!companyRaw) return { ok: false, error: '关联客户不能为空' };
	const company = store.customers.get(Number(companyRaw));
	if (!company) return { ok: false, error: '关联客户不存在' };
	const personName = (given.person_name ?? prior?.person_name ?? '').trim();
	if (!personName) return { ok: false, error: '联系人姓名不能为空' };
	if (personName.length > 50) return { ok: false, error: '联系人姓名不能超过50个字' };
	const action: WriteAction = existing ? 'contact.update' : 'contact.create';
	if (!persist) return { ok: true, ord, action };
	const now = formatShanghai(store.now());
	if (!ord) ord = store.newContactOrd();
	const contact: ZhibangContact = existing ?? {
		ord,
		company: company.ord,
		person_name: personName,
		primary: false,
		addcate: actor.ord,
		date1: now,
		updatedAt: now,
		fields: {},
	};
	if (contact.primary && contact.company !== company.ord) {
		const old = store.customers.get(contact.company);
		if (old && old.person === contact.ord) old.person = 0;
		contact.primary = false;
	}
	contact.company = company.ord;
	contact.person_name = personName;
	contact.updatedAt = now;
	if (existing && mode === 'blank') contact.fields = {};
	for (const [key, val] of Object.entries(given)) {
		if (key === 'company' || key === 'person_name') continue;
		contact.fields[key] = val;
	}
	store.contacts.set(ord, contact);
	store.reservedContacts.delete(ord);
	store.log(actor, 'contact.save', action, ord, { ...given, company: company.ord });
	return { ok: true, ord, action };
}
