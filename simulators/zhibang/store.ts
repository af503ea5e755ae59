/**
 * In-memory state of the simulated ERP (customers = table `tel`, contacts = `person`, follow-ups =
 * 洽谈进展) and the business rules of its save commands. No HTTP in here: the simulator parses the
 * wire format and calls these methods with the acting user.
 */
import { formatShanghai, shanghaiDateKey } from '../common/time';
import {
	AREAS,
	CATEGORIES,
	CONTACT_FIELD_TEXT,
	CUSTOMER_FIELD_TEXT,
	FOLLOW_METHODS,
	FOLLOW_TEMPLATES,
	JZ,
	LY,
	PRIMARY_CONTACT_FIELDS,
	TRADE,
	ZHIBANG_USERS,
	seedCustomers,
	type EnumItem,
	type TreeItem,
	type ZhibangUser,
} from './data';
import type { DuplicateCheck } from './knobs';
import { Datas } from './wire';

export interface ZhibangCustomer {
	ord: number;
	/** 1 单位客户, 2 个人客户 */
	intsort: 1 | 2;
	name: string;
	khid: string;
	/** Category id (客户分类) and follow-up stage id (跟进程度, 0 = none): v1 `sort1` = "cat,stage". */
	sort1: number;
	sort1Stage: number;
	ly: number;
	jz: number;
	trade: number;
	area: number;
	/** Owners (销售人员); empty = public pool (公海). */
	cateid: number[];
	/** Who added the customer. */
	addcate: number;
	/** 添加时间 'YYYY-MM-DD HH:mm:ss' (China time). */
	date1: string;
	updatedAt: string;
	/** Primary contact ord of a company customer, 0 = none. */
	person: number;
	/** Every other stored field, keyed by its datas id (pym, address, intro, @meju_19, …). */
	fields: Record<string, string>;
}

export interface ZhibangContact {
	ord: number;
	/** Customer ord. */
	company: number;
	person_name: string;
	/** True for the contact a company customer's own form maintains. */
	primary: boolean;
	addcate: number;
	date1: string;
	updatedAt: string;
	fields: Record<string, string>;
}

export interface ZhibangFollowup {
	id: number;
	datatype: 'tel' | 'person';
	/** The customer ord (datatype tel) or contact ord (person) the follow-up was written on. */
	ord: number;
	customer: number;
	/** Related contact (lead, or the contact itself for datatype person), 0 = none. */
	contact: number;
	intro: string;
	/** 跟进方式 id (481..484). */
	sort: number;
	/** 0 no schedule, 1 pending, 2 done. */
	plantype: number;
	/** Schedule fields (@title2, @ret2_0, …) when plantype ≠ 0. */
	plan: Record<string, string>;
	/** Other fields sent (files, …). */
	fields: Record<string, string>;
	author: number;
	authorName: string;
	date: string;
}

/** A customer as clients see it: ids plus names, and the primary contact's fields merged in. */
export interface ZhibangCustomerView {
	ord: number;
	intsort: 1 | 2;
	name: string;
	khid: string;
	sort1: number;
	sort1Stage: number;
	sort1Name: string;
	ly: number;
	lyName: string;
	jz: number;
	jzName: string;
	trade: number;
	tradeName: string;
	area: number;
	/** Primary owner, 0 = public pool. */
	cateid: number;
	cateids: number[];
	cateName: string;
	addcate: number;
	date1: string;
	updatedAt: string;
	person: number;
	person_name: string;
	mobile: string;
	phone: string;
	email: string;
	/** Every stored field (customer fields and the primary contact's), by datas id. */
	fields: Record<string, string>;
}

export interface ZhibangContactView extends ZhibangContact {
	/** Customer name. */
	name: string;
	mobile: string;
	phone: string;
	email: string;
	job: string;
}

export type WriteAction =
	| 'customer.create'
	| 'customer.update'
	| 'customer.assign'
	| 'followup.create'
	| 'contact.create'
	| 'contact.update';

export interface OplogEntry {
	seq: number;
	/** 'YYYY-MM-DD HH:mm:ss' China time. */
	at: string;
	/** Login name of the writer. */
	user: string;
	userOrd: number;
	userName: string;
	/** Canonical operation that wrote (customer.save, v3.customer.edit, …). */
	op: string;
	action: WriteAction;
	/** The record written: customer ord, contact ord, or the follow-up's target ord. */
	ord: number;
	data: Record<string, unknown>;
}

export interface ReferenceLists {
	ly: EnumItem[];
	trade: EnumItem[];
	jz: EnumItem[];
	methods: EnumItem[];
	categories: TreeItem[];
	templates: EnumItem[];
	areas: TreeItem[];
}

export const DEFAULT_LISTS: ReferenceLists = {
	ly: LY,
	trade: TRADE,
	jz: JZ,
	methods: FOLLOW_METHODS,
	categories: CATEGORIES,
	templates: FOLLOW_TEMPLATES,
	areas: AREAS,
};

export interface StoreSettings {
	lists: ReferenceLists;
	acceptCategoryText: boolean;
	duplicateCheck: DuplicateCheck;
	/** How a save of an existing record treats the fields it was not sent (knob partialSave). */
	partialSave?: 'keep' | 'reject' | 'blank';
}

export type Actor = Pick<ZhibangUser, 'ord' | 'username' | 'name'>;

export type WriteResult = { ok: true; ord: number; action?: WriteAction } | { ok: false; error: string };

/** datas ids that steer the request and are never stored as fields. */
const CONTROL_IDS = new Set(['ord', 'edit', 'intsort', 'datatype', 'stype', 'apihelptype', '_insert_rowindex', 'debug', 'session', 'cmdkey']);

const CUSTOMER_TYPED = new Set(['name', 'khid', 'sort1', 'ly', 'jz', 'trade', 'area', 'date1']);

const canonical = (() => {
	const map = new Map<string, string>();
	for (const key of [...Object.keys(CUSTOMER_FIELD_TEXT), ...Object.keys(CONTACT_FIELD_TEXT)]) map.set(key.toLowerCase(), key);
	return (id: string) => map.get(id.toLowerCase()) ?? id;
})();

const DATE_RE = /^\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{1,2}(:\d{1,2})?)?$/;

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

export class ZhibangStore {
	customers = new Map<number, ZhibangCustomer>();
	contacts = new Map<number, ZhibangContact>();
	followups: ZhibangFollowup[] = [];
	/** Customer ords handed out by "allocate" and not saved yet, with the khid reserved for each. */
	reservedCustomers = new Map<number, { khid: string; intsort: number }>();
	reservedContacts = new Set<number>();
	oplog: OplogEntry[] = [];
	readonly users: readonly ZhibangUser[] = ZHIBANG_USERS;

	private nextCustomerOrd = 1001;
	private nextContactOrd = 2001;
	private nextFollowupId = 1;
	private nextSeq = 1;

	constructor(
		seed: number,
		count: number,
		private readonly settings: () => StoreSettings,
		private readonly now: () => number,
	) {
		for (const s of seedCustomers(seed, count)) {
			const ord = this.nextCustomerOrd++;
			const c: ZhibangCustomer = {
				ord,
				intsort: s.intsort,
				name: s.name,
				khid: s.khid,
				sort1: s.sort1,
				sort1Stage: s.sort1Stage,
				ly: s.ly,
				jz: s.jz,
				trade: s.trade,
				area: s.area,
				cateid: s.cateid ? [s.cateid] : [],
				addcate: s.addcate,
				date1: s.date1,
				updatedAt: s.date1,
				person: 0,
				fields: { pym: s.pym, ...s.fields },
			};
			this.customers.set(ord, c);
			s.contacts.forEach((fields, i) => {
				const { person_name, ...rest } = fields;
				const contact: ZhibangContact = {
					ord: this.nextContactOrd++,
					company: ord,
					person_name,
					primary: i === 0,
					addcate: s.addcate,
					date1: s.date1,
					updatedAt: s.date1,
					fields: rest,
				};
				this.contacts.set(contact.ord, contact);
				if (i === 0) c.person = contact.ord;
			});
		}
	}

	// ------------------------------------------------------------------ lookups

	activeUser(ord: number): ZhibangUser | undefined {
		return this.users.find((u) => u.ord === ord && !u.frozen);
	}

	userName(ord: number): string {
		return this.users.find((u) => u.ord === ord)?.name ?? '';
	}

	private enumText(list: EnumItem[], id: number): string {
		return list.find((e) => e.id === id)?.text ?? '';
	}

	customerView(c: ZhibangCustomer): ZhibangCustomerView {
		const lists = this.settings().lists;
		const primary = c.person ? this.contacts.get(c.person) : undefined;
		const fields: Record<string, string> = { ...c.fields };
		if (primary) {
			for (const [k, v] of Object.entries(primary.fields)) fields[k === 'pym' ? '@personpym' : k] = v;
			fields.person_name = primary.person_name;
		}
		// Every value below is a fresh object or a primitive: the view shares nothing with the store.
		return {
			ord: c.ord,
			intsort: c.intsort,
			name: c.name,
			khid: c.khid,
			sort1: c.sort1,
			sort1Stage: c.sort1Stage,
			sort1Name: this.enumText(lists.categories, c.sort1),
			ly: c.ly,
			lyName: this.enumText(lists.ly, c.ly),
			jz: c.jz,
			jzName: this.enumText(lists.jz, c.jz),
			trade: c.trade,
			tradeName: this.enumText(lists.trade, c.trade),
			area: c.area,
			cateid: c.cateid[0] ?? 0,
			cateids: [...c.cateid],
			cateName: c.cateid.map((id) => this.userName(id)).join(','),
			addcate: c.addcate,
			date1: c.date1,
			updatedAt: c.updatedAt,
			person: c.person,
			person_name: fields.person_name ?? '',
			mobile: fields.mobile ?? '',
			phone: fields.phone ?? '',
			email: fields.email ?? '',
			fields,
		};
	}

	contactView(p: ZhibangContact): ZhibangContactView {
		return clone({
			...p,
			name: this.customers.get(p.company)?.name ?? '',
			mobile: p.fields.mobile ?? '',
			phone: p.fields.phone ?? '',
			email: p.fields.email ?? '',
			job: p.fields.job ?? '',
		});
	}

	customerViews(): ZhibangCustomerView[] {
		return [...this.customers.values()].map((c) => this.customerView(c));
	}

	contactViews(): ZhibangContactView[] {
		return [...this.contacts.values()].map((p) => this.contactView(p));
	}

	// ------------------------------------------------------------------ allocation

	/** Reserve the next customer ord and customer number (客户编号). */
	allocateCustomer(intsort: number): { ord: number; khid: string } {
		const ord = this.nextCustomerOrd++;
		const khid = this.nextKhid();
		this.reservedCustomers.set(ord, { khid, intsort });
		return { ord, khid };
	}

	allocateContact(): number {
		const ord = this.nextContactOrd++;
		this.reservedContacts.add(ord);
		return ord;
	}

	private nextKhid(): string {
		const prefix = `KH${shanghaiDateKey(this.now())}`;
		let max = 0;
		const consider = (khid: string) => {
			if (khid.startsWith(prefix)) max = Math.max(max, Number(khid.slice(prefix.length)) || 0);
		};
		for (const c of this.customers.values()) consider(c.khid);
		for (const r of this.reservedCustomers.values()) consider(r.khid);
		return `${prefix}${String(max + 1).padStart(3, '0')}`;
	}

	// ------------------------------------------------------------------ validation helpers

	/** '' → 0; a valid id → id; otherwise undefined. */
	private enumId(list: EnumItem[], raw: string): number | undefined {
		if (raw === '' || raw === '0') return 0;
		const id = Number(raw);
		return Number.isInteger(id) && list.some((e) => e.id === id) ? id : undefined;
	}

	/** v1 sort1: "<cat>,<stage>", "<cat>", or a category text. */
	parseSort1(raw: string): { cat: number; stage: number } | undefined {
		const { lists, acceptCategoryText } = this.settings();
		const cats = lists.categories.filter((c) => c.parent === 0);
		const parts = raw.split(/[,，]/).map((p) => p.trim());
		let cat: TreeItem | undefined;
		if (/^\d+$/.test(parts[0])) cat = cats.find((c) => c.id === Number(parts[0]));
		else if (acceptCategoryText) cat = cats.find((c) => c.text === parts[0]);
		if (!cat || parts.length > 2) return undefined;
		if (parts.length === 1 || parts[1] === '' || parts[1] === '0') return { cat: cat.id, stage: 0 };
		const stage = lists.categories.find(
			(s) => s.parent === cat!.id && (/^\d+$/.test(parts[1]) ? s.id === Number(parts[1]) : acceptCategoryText && s.text === parts[1]),
		);
		return stage ? { cat: cat.id, stage: stage.id } : undefined;
	}

	private effectiveMobile(c: ZhibangCustomer): string {
		if (c.person) return this.contacts.get(c.person)?.fields.mobile ?? '';
		return c.fields.mobile ?? '';
	}

	private duplicateError(ord: number, name: string, khid: string, mobile: string): string | undefined {
		// The knob may arrive partial through POST /__sim/knobs: missing keys keep their defaults.
		const given: Partial<DuplicateCheck> = this.settings().duplicateCheck ?? {};
		const check = { name: given.name ?? true, khid: given.khid ?? true, mobile: given.mobile ?? false };
		for (const other of this.customers.values()) {
			if (other.ord === ord) continue;
			if (check.name && name && other.name === name) return '客户名称已存在';
			if (check.khid && khid && other.khid.toLowerCase() === khid.toLowerCase()) return '客户编号已存在';
			if (check.mobile && mobile && this.effectiveMobile(other) === mobile) return '手机号码已存在';
		}
		return undefined;
	}

	private log(actor: Actor, op: string, action: WriteAction, ord: number, data: Record<string, unknown>): void {
		this.oplog.push({
			seq: this.nextSeq++,
			at: formatShanghai(this.now()),
			user: actor.username,
			userOrd: actor.ord,
			userName: actor.name,
			op,
			action,
			ord,
			data: clone(data),
		});
	}

	// ------------------------------------------------------------------ customers

	/**
	 * custom/add.asp `__sys_dosave`: create (ord reserved by allocate) or update (existing ord,
	 * given fields merged). `persist` false = validate and answer, but change nothing.
	 */
	saveCustomer(datas: Datas, intsortParam: string, actor: Actor, persist: boolean, op = 'customer.save'): WriteResult {
		const ordRaw = datas.str('ord');
		if (ordRaw === '') return { ok: false, error: '客户ID(ord)不能为空，请先分配客户ID' };
		const ord = Number(ordRaw);
		const existing = Number.isInteger(ord) ? this.customers.get(ord) : undefined;
		const reserved = Number.isInteger(ord) ? this.reservedCustomers.get(ord) : undefined;
		if (!existing && !reserved) return { ok: false, error: '客户ID无效或未分配' };
		const intsortRaw = intsortParam || String(existing?.intsort ?? (reserved?.intsort || 1));
		if (intsortRaw !== '1' && intsortRaw !== '2') return { ok: false, error: '客户类型无效' };
		const intsort = Number(intsortRaw) as 1 | 2;

		const given: Record<string, string> = {};
		for (const [id, val] of datas.entries()) {
			if (CONTROL_IDS.has(id.toLowerCase())) continue;
			given[canonical(id)] = val;
		}
		const { lists } = this.settings();
		const mode = this.settings().partialSave ?? 'keep';
		const primary = existing?.person ? this.contacts.get(existing.person) : undefined;
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
			sort1 = this.parseSort1(raw);
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
			const id = this.enumId(list, given[key].trim());
			if (id === undefined) return { ok: false, error: message };
			ids[key] = id;
		}

		const khidGiven = (given.khid ?? '').trim();
		const khid = khidGiven || prior?.khid || reserved?.khid || '';
		if (khid.length > 50) return { ok: false, error: '客户编号不能超过50个字' };

		let date1 = existing?.date1 ?? formatShanghai(this.now());
		if (given.date1 !== undefined && given.date1.trim() !== '') {
			if (!DATE_RE.test(given.date1.trim())) return { ok: false, error: '添加时间格式不正确' };
			date1 = given.date1.trim();
		}

		const mobile = (given.mobile ?? (priorContact ? priorContact.fields.mobile : prior?.fields.mobile) ?? '').trim();
		const dup = this.duplicateError(ord, name, khid, mobile);
		if (dup) return { ok: false, error: dup };

		const action: WriteAction = existing ? 'customer.update' : 'customer.create';
		if (!persist) return { ok: true, ord, action };

		const now = formatShanghai(this.now());
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
			let contact = c.person ? this.contacts.get(c.person) : undefined;
			if (!contact) {
				contact = {
					ord: this.nextContactOrd++,
					company: ord,
					person_name: personName,
					primary: true,
					addcate: actor.ord,
					date1: now,
					updatedAt: now,
					fields: {},
				};
				this.contacts.set(contact.ord, contact);
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
		this.customers.set(ord, c);
		this.reservedCustomers.delete(ord);
		this.log(actor, op, action, ord, { intsort, ...given, ...(given.khid === undefined ? { khid } : {}) });
		return { ok: true, ord, action };
	}

	/**
	 * `/webapi/v3/sales/customer/edit`: plain JSON, v3 naming (`sort` = category, `sort1` = stage,
	 * `sort2` = 1/2 customer type). Returns the `{Code, Msg}` answer.
	 */
	v3EditCustomer(body: Record<string, unknown>, actor: Actor, persist: boolean): { Code: number; Msg: string } {
		const get = (key: string): string | undefined => {
			const found = Object.keys(body).find((k) => k.toLowerCase() === key.toLowerCase());
			if (found === undefined || body[found] === null || body[found] === undefined) return undefined;
			const v = body[found];
			return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
		};
		const ordRaw = (get('ord') ?? '').trim();
		if (!ordRaw) return { Code: 300, Msg: '客户ID(ord)不能为空' };
		const existing = this.customers.get(Number(ordRaw));
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
		const result = this.saveCustomer(new Datas(items), sort2, actor, persist, 'v3.customer.edit');
		if (!result.ok) return { Code: 300, Msg: result.error };
		return { Code: 200, Msg: '修改成功' };
	}

	/** order.asp?datatype=tel `__sys_dosave`: member1 0 = assign to member2 users, 1 = public pool. */
	assignCustomer(datas: Datas, actor: Actor, persist: boolean): WriteResult {
		const ord = Number(datas.str('ord'));
		const c = this.customers.get(ord);
		if (!c) return { ok: false, error: '客户不存在或已被删除' };
		const member1 = datas.str('member1') || '0';
		let owners: number[] = [];
		if (member1 === '0') {
			const raw = datas.str('member2');
			const ids = raw.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
			if (ids.length === 0) return { ok: false, error: '请选择指派人员' };
			for (const id of ids) {
				const user = /^\d+$/.test(id) ? this.activeUser(Number(id)) : undefined;
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
		c.updatedAt = formatShanghai(this.now());
		this.log(actor, 'customer.assign', 'customer.assign', ord, {
			member1: Number(member1),
			member2: owners.join(','),
			before: before.join(','),
		});
		return { ok: true, ord, action: 'customer.assign' };
	}

	// ------------------------------------------------------------------ follow-ups

	addFollowup(datatype: string, datas: Datas, actor: Actor, persist: boolean): WriteResult {
		if (datatype !== 'tel' && datatype !== 'person') return { ok: false, error: '不支持的数据类型' };
		const ord = Number(datas.str('ord'));
		let customer = 0;
		let contact = 0;
		if (datatype === 'tel') {
			if (!this.customers.has(ord)) return { ok: false, error: '客户不存在或已被删除' };
			customer = ord;
		} else {
			const p = this.contacts.get(ord);
			if (!p) return { ok: false, error: '联系人不存在或已被删除' };
			customer = p.company;
			contact = p.ord;
		}
		const intro = datas.get('intro') ?? '';
		if (intro.trim() === '') return { ok: false, error: '洽谈内容不能为空' };
		if (intro.length > 1000) return { ok: false, error: '洽谈内容不能超过1000个字' };
		const sortRaw = datas.str('sort');
		if (!sortRaw) return { ok: false, error: '跟进方式不能为空' };
		const sort = this.enumId(this.settings().lists.methods, sortRaw);
		if (!sort) return { ok: false, error: '跟进方式无效' };
		const leadRaw = datas.str('lead');
		if (datatype === 'tel' && leadRaw !== '' && leadRaw !== '0') {
			const lead = this.contacts.get(Number(leadRaw));
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
			id: this.nextFollowupId++,
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
			date: formatShanghai(this.now()),
		};
		this.followups.push(record);
		this.log(actor, 'followup.save', 'followup.create', ord, { ...record });
		return { ok: true, ord, action: 'followup.create' };
	}

	// ------------------------------------------------------------------ contacts

	saveContact(datas: Datas, actor: Actor, persist: boolean): WriteResult {
		const ordRaw = datas.str('ord');
		let existing: ZhibangContact | undefined;
		let ord = 0;
		if (ordRaw !== '' && ordRaw !== '0') {
			ord = Number(ordRaw);
			existing = this.contacts.get(ord);
			if (!existing && !this.reservedContacts.has(ord)) return { ok: false, error: '联系人ID无效或未分配' };
		}
		const given: Record<string, string> = {};
		for (const [id, val] of datas.entries()) {
			if (CONTROL_IDS.has(id.toLowerCase())) continue;
			given[canonical(id)] = val;
		}
		const mode = this.settings().partialSave ?? 'keep';
		if (existing && mode === 'reject') {
			if (given.company === undefined) return { ok: false, error: '关联客户不能为空' };
			if (given.person_name === undefined) return { ok: false, error: '联系人姓名不能为空' };
		}
		const prior = mode === 'blank' ? undefined : existing;
		const companyRaw = (given.company ?? (prior ? String(prior.company) : '')).trim();
		if (!companyRaw) return { ok: false, error: '关联客户不能为空' };
		const company = this.customers.get(Number(companyRaw));
		if (!company) return { ok: false, error: '关联客户不存在' };
		const personName = (given.person_name ?? prior?.person_name ?? '').trim();
		if (!personName) return { ok: false, error: '联系人姓名不能为空' };
		if (personName.length > 50) return { ok: false, error: '联系人姓名不能超过50个字' };
		const action: WriteAction = existing ? 'contact.update' : 'contact.create';
		if (!persist) return { ok: true, ord, action };
		const now = formatShanghai(this.now());
		if (!ord) ord = this.nextContactOrd++;
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
			const old = this.customers.get(contact.company);
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
		this.contacts.set(ord, contact);
		this.reservedContacts.delete(ord);
		this.log(actor, 'contact.save', action, ord, { ...given, company: company.ord });
		return { ok: true, ord, action };
	}
}
