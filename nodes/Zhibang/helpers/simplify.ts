/**
 * "Simplify / 简化输出" (version 1.1): ERP records with readable keys, the dictionary ids also as
 * names (source, value level, industry, category, owner) and dates as ISO 8601 with +08:00. The
 * dictionaries are read once per execution, when the first item needs them.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport';
import { ENUMS, listCategories, listEnumeration, listUsers } from '../api';
import { SINCE_V1_1 } from '../actions/common';
import { ID_KEYS, pick, TEXT_KEYS } from './rows';

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify / 简化输出',
	name: 'simplify',
	type: 'boolean',
	default: true,
	displayOptions: { show: SINCE_V1_1 },
	description:
		'Whether to return readable keys, with source, value level, category, owner and industry as names and dates in ISO 8601 instead of the raw ERP record (返回易读字段名和名称，而非 ERP 原始字段)',
};

type Dictionary = Map<string, string>;

export interface Dictionaries {
	source: Dictionary;
	valueLevel: Dictionary;
	industry: Dictionary;
	category: Dictionary;
	user: Dictionary;
}

function dictionary(rows: IDataObject[], idKeys = ID_KEYS, textKeys = TEXT_KEYS): Dictionary {
	const map: Dictionary = new Map();
	for (const row of rows) {
		const id = pick(row, idKeys);
		if (id) map.set(id, pick(row, textKeys) || id);
	}
	return map;
}

const loaded = new WeakMap<object, Promise<Dictionaries>>();

/** The ERP's dictionaries, read once per execution context (every item of a run shares them). */
export async function dictionaries(ctx: RequestContext): Promise<Dictionaries> {
	let pending = loaded.get(ctx);
	if (!pending) {
		pending = (async () => ({
			source: dictionary(await listEnumeration(ctx, ENUMS.source)),
			valueLevel: dictionary(await listEnumeration(ctx, ENUMS.valueLevel)),
			industry: dictionary(await listEnumeration(ctx, ENUMS.industry)),
			category: dictionary(await listCategories(ctx)),
			user: dictionary(await listUsers(ctx), ['ord', ...ID_KEYS], ['name', ...TEXT_KEYS]),
		}))();
		loaded.set(ctx, pending);
		// A failed read is not kept: the next item (continue on fail) tries again.
		pending.catch(() => loaded.delete(ctx));
	}
	return await pending;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
const orNull = (value: unknown) => text(value) || null;

/** 'YYYY-MM-DD HH:mm:ss' (Beijing time) → ISO 8601 with +08:00; other text as it is, empty → null. */
export function isoChinaTime(value: unknown): string | null {
	const raw = text(value);
	const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec(raw);
	if (!m) return raw || null;
	const p = (part: string | undefined) => (part ?? '0').padStart(2, '0');
	return `${m[1]}-${p(m[2])}-${p(m[3])}T${p(m[4])}:${p(m[5])}:${p(m[6])}+08:00`;
}

/**
 * An id column as `{ id, name }`: the name from the dictionary, else the name column the record
 * shows (`lyName` …). A list that shows the name in the id column gets its id from the dictionary.
 */
function named(dict: Dictionary, raw: unknown, shownName: unknown): { id: string | null; name: string | null } {
	const value = text(raw);
	if (!value) return { id: null, name: null };
	if (dict.has(value)) return { id: value, name: dict.get(value)! };
	if (/^\d+$/.test(value)) return { id: value, name: orNull(shownName) };
	const id = [...dict.entries()].find(([, name]) => name === value)?.[0] ?? null;
	return { id, name: value };
}

/** A category id or "category,stage" pair as its name ("客户 › 初步接触"). */
function categoryOf(dict: Dictionary, raw: unknown, shownName: unknown): { id: string | null; name: string | null } {
	const [category, stage] = text(raw).split(',');
	if (stage === undefined) return named(dict, raw, shownName);
	const names = [dict.get(category), dict.get(stage)];
	return { id: text(raw), name: names.every(Boolean) ? names.join(' › ') : orNull(shownName) };
}

/** Raw customer field ids and the keys Simplify gives them (the rest go under otherFields). */
const CUSTOMER_KEYS: Record<string, string> = {
	person_name: 'contactName',
	mobile: 'mobile',
	phone: 'phone',
	phone2: 'homePhone',
	email: 'email',
	fax: 'fax',
	qq: 'qq',
	weixinAcc: 'wechat',
	sex: 'sex',
	job: 'job',
	part1: 'department',
	address: 'address',
	zip: 'zip',
	url: 'website',
	pym: 'pinyin',
	intro: 'notes',
	area: 'areaId',
};
/** Columns Simplify has read into other keys. */
const CUSTOMER_CONSUMED = new Set(['ord', 'name', 'khid', 'intsort', 'sort1', 'sort1Name', 'ly', 'lyName', 'jz', 'jzName', 'trade', 'tradeName', 'cateid', 'cateName', 'date1', 'person']);

function rest(record: IDataObject, keys: Record<string, string>, consumed: Set<string>): IDataObject {
	const out: IDataObject = {};
	const other: IDataObject = {};
	for (const [id, value] of Object.entries(record)) {
		if (consumed.has(id) || text(value) === '') continue;
		if (keys[id]) out[keys[id]] = value;
		else other[id] = value;
	}
	return Object.keys(other).length ? { ...out, otherFields: other } : out;
}

export function simplifyCustomer(record: IDataObject, dicts: Dictionaries): IDataObject {
	const category = categoryOf(dicts.category, record.sort1, record.sort1Name);
	const source = named(dicts.source, record.ly, record.lyName);
	const valueLevel = named(dicts.valueLevel, record.jz, record.jzName);
	const industry = named(dicts.industry, record.trade, record.tradeName);
	const ownerIds = text(record.cateid).split(/[,，]/).map((id) => id.trim()).filter(Boolean);
	const type = text(record.intsort);
	return {
		customerId: text(record.ord),
		customerNumber: orNull(record.khid),
		name: orNull(record.name),
		customerType: type === '2' ? 'person' : type === '1' ? 'company' : null,
		category: category.name,
		categoryId: category.id,
		source: source.name,
		sourceId: source.id,
		valueLevel: valueLevel.name,
		valueLevelId: valueLevel.id,
		industry: industry.name,
		industryId: industry.id,
		owner: ownerIds.length ? ownerIds.map((id) => dicts.user.get(id) ?? id).join(', ') : orNull(record.cateName),
		ownerIds,
		addedAt: isoChinaTime(record.date1),
		...rest(record, CUSTOMER_KEYS, CUSTOMER_CONSUMED),
	};
}

/** Raw contact field ids and their Simplify keys. */
const CONTACT_KEYS: Record<string, string> = {
	part1: 'department',
	email: 'email',
	fax: 'fax',
	phone2: 'homePhone',
	job: 'job',
	mobile: 'mobile',
	intro: 'notes',
	phone: 'phone',
	pym: 'pinyin',
	qq: 'qq',
	sex: 'sex',
	weixinAcc: 'wechat',
};
const CONTACT_CONSUMED = new Set(['ord', 'company', 'name', 'person_name', 'date1']);

/** A contact with readable keys (no dictionaries needed). */
export function simplifyContact(record: IDataObject): IDataObject {
	return {
		contactId: text(record.ord),
		contactName: orNull(record.person_name),
		customerId: orNull(record.company),
		customerName: orNull(record.name),
		addedAt: isoChinaTime(record.date1),
		...rest(record, CONTACT_KEYS, CONTACT_CONSUMED),
	};
}
