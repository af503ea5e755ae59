/**
 * In-memory state of the simulated ERP: customers, contacts, follow-ups, reservations and the
 * operation log, with the lookups and checks the writes share. The writes themselves:
 * customer-writes.ts, contact-writes.ts. No HTTP in here.
 */
import { formatShanghai, shanghaiDateKey } from '../common/time';
import { CONTACT_FIELD_TEXT, CUSTOMER_FIELD_TEXT, ZHIBANG_USERS, seedCustomers, type EnumItem, type TreeItem, type ZhibangUser } from './data';
import type {
	Actor,
	OplogEntry,
	StoreSettings,
	WriteAction,
	ZhibangContact,
	ZhibangContactView,
	ZhibangCustomer,
	ZhibangCustomerView,
	ZhibangFollowup,
} from './model';
import type { DuplicateCheck } from './knobs';
import type { Datas } from './wire';

/** datas ids that steer the request and are never stored as fields. */
export const CONTROL_IDS = new Set(['ord', 'edit', 'intsort', 'datatype', 'stype', 'apihelptype', '_insert_rowindex', 'debug', 'session', 'cmdkey']);

const canonical = (() => {
	const map = new Map<string, string>();
	for (const key of [...Object.keys(CUSTOMER_FIELD_TEXT), ...Object.keys(CONTACT_FIELD_TEXT)]) map.set(key.toLowerCase(), key);
	return (id: string) => map.get(id.toLowerCase()) ?? id;
})();

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** The stored fields a save sent: every datas item but the control ids, under its canonical name. */
export function givenFields(datas: Datas): Record<string, string> {
	const given: Record<string, string> = {};
	for (const [id, val] of datas.entries()) {
		if (CONTROL_IDS.has(id.toLowerCase())) continue;
		given[canonical(id)] = val;
	}
	return given;
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
		readonly settings: () => StoreSettings,
		readonly now: () => number,
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
					ord: this.newContactOrd(),
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
		const ord = this.newContactOrd();
		this.reservedContacts.add(ord);
		return ord;
	}

	/** The next contact ord (allocated or created by a save). */
	newContactOrd(): number {
		return this.nextContactOrd++;
	}

	newFollowupId(): number {
		return this.nextFollowupId++;
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
	enumId(list: EnumItem[], raw: string): number | undefined {
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

	duplicateError(ord: number, name: string, khid: string, mobile: string): string | undefined {
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

	log(actor: Actor, op: string, action: WriteAction, ord: number, data: Record<string, unknown>): void {
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
}
