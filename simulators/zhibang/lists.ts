/**
 * List pages (`cmdkey:"refresh"`): filtering, sorting (`_rpt_sort`), paging and the column layout
 * of the customer, contact and user tables.
 */
import { Random } from '../common/random';
import type { ZhibangContactView, ZhibangCustomerView } from './model';
import type { Datas, TableCol, TablePage } from './wire';

type Row = Record<string, string | number>;

export const CUSTOMER_COLS: TableCol[] = [
	{ id: 'ord', caption: '客户ID' },
	{ id: 'name', caption: '客户名称' },
	{ id: 'khid', caption: '客户编号' },
	{ id: 'intsort', caption: '客户类型' },
	{ id: 'sort1', caption: '客户分类' },
	{ id: 'ly', caption: '客户来源' },
	{ id: 'lyName', caption: '客户来源名称' },
	{ id: 'jz', caption: '价值评估' },
	{ id: 'jzName', caption: '价值评估名称' },
	{ id: 'trade', caption: '行业' },
	{ id: 'tradeName', caption: '行业名称' },
	{ id: 'area', caption: '区域' },
	{ id: 'cateid', caption: '销售人员ID' },
	{ id: 'cateName', caption: '销售人员' },
	{ id: 'date1', caption: '添加时间' },
	{ id: 'person_name', caption: '联系人' },
	{ id: 'mobile', caption: '手机' },
	{ id: 'phone', caption: '电话' },
	{ id: 'email', caption: '邮件' },
	{ id: 'address', caption: '地址' },
];

export const CONTACT_COLS: TableCol[] = [
	{ id: 'ord', caption: '联系人ID' },
	{ id: 'person_name', caption: '联系人姓名' },
	{ id: 'company', caption: '客户ID' },
	{ id: 'name', caption: '客户名称' },
	{ id: 'mobile', caption: '手机' },
	{ id: 'phone', caption: '电话' },
	{ id: 'email', caption: '邮件' },
	{ id: 'job', caption: '职务' },
	{ id: 'sex', caption: '性别' },
	{ id: 'date1', caption: '添加时间' },
];

export const USER_COLS: TableCol[] = [
	{ id: 'ord', caption: '用户ID' },
	{ id: 'name', caption: '姓名' },
	{ id: 'dept', caption: '部门' },
];

export function customerRow(v: ZhibangCustomerView): Row {
	return {
		ord: v.ord,
		name: v.name,
		khid: v.khid,
		intsort: v.intsort,
		sort1: v.sort1Name,
		ly: v.ly,
		lyName: v.lyName,
		jz: v.jz,
		jzName: v.jzName,
		trade: v.trade,
		tradeName: v.tradeName,
		area: v.area,
		cateid: v.cateid,
		cateName: v.cateName,
		date1: v.date1,
		person_name: v.person_name,
		mobile: v.mobile,
		phone: v.phone,
		email: v.email,
		address: v.fields.address ?? '',
	};
}

export function contactRow(v: ZhibangContactView): Row {
	return {
		ord: v.ord,
		person_name: v.person_name,
		company: v.company,
		name: v.name,
		mobile: v.mobile,
		phone: v.phone,
		email: v.email,
		job: v.job,
		sex: v.fields.sex ?? '',
		date1: v.date1,
	};
}

const contains = (hay: string | undefined, needle: string) => (hay ?? '').toLowerCase().includes(needle.toLowerCase());

/** Comma list of ids (also full-width commas); empty → undefined (no filter). */
function idSet(raw: string): Set<string> | undefined {
	const ids = raw
		.split(/[,，]/)
		.map((s) => s.trim())
		.filter(Boolean);
	return ids.length ? new Set(ids) : undefined;
}

function dateBound(raw: string, end: boolean): string | undefined {
	if (!raw) return undefined;
	const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?/.exec(raw);
	if (!m) return undefined;
	const pad = (s: string | undefined, d: string) => (s ?? d).padStart(2, '0');
	const time = m[4] ? `${pad(m[4], '0')}:${pad(m[5], '0')}:${pad(m[6], end ? '59' : '00')}` : end ? '23:59:59' : '00:00:00';
	return `${m[1]}-${pad(m[2], '1')}-${pad(m[3], '1')} ${time}`;
}

export function filterCustomers(views: ZhibangCustomerView[], d: Datas, stype: string): ZhibangCustomerView[] {
	const fuzzy: Array<[string, (v: ZhibangCustomerView) => string[]]> = [
		['name', (v) => [v.name]],
		['khid', (v) => [v.khid]],
		['pym', (v) => [v.fields.pym ?? '']],
		['phone', (v) => [v.mobile, v.phone]],
		['mobile', (v) => [v.mobile]],
		['fax', (v) => [v.fields.fax ?? '']],
		['url', (v) => [v.fields.url ?? '']],
		['zip', (v) => [v.fields.zip ?? '']],
		['address', (v) => [v.fields.address ?? '']],
		['intro', (v) => [v.fields.intro ?? '']],
		['searchKey', (v) => [v.name, v.khid, v.mobile, v.person_name]],
	];
	const exact: Array<[string, (v: ZhibangCustomerView) => number[]]> = [
		['ly', (v) => [v.ly]],
		['jz', (v) => [v.jz]],
		['trade', (v) => [v.trade]],
		['area', (v) => [v.area]],
		['cateid', (v) => (v.cateids.length ? v.cateids : [0])],
		['telsort', (v) => [v.sort1]],
		['intsort', (v) => [v.intsort]],
	];
	let out = views;
	for (const [id, get] of fuzzy) {
		const needle = d.str(id);
		if (needle) out = out.filter((v) => get(v).some((h) => contains(h, needle)));
	}
	for (const [id, get] of exact) {
		const set = idSet(d.str(id));
		if (set) out = out.filter((v) => get(v).some((x) => set.has(String(x))));
	}
	const from = dateBound(d.str('date1_0'), false);
	const to = dateBound(d.str('date1_1'), true);
	if (from) out = out.filter((v) => v.date1 >= from);
	if (to) out = out.filter((v) => v.date1 <= to);
	// stype: "" list, 1 public pool; 2 待审核 / 3 已保护 / 4 已共享 / 5 被共享 have no data here.
	if (stype === '1') out = out.filter((v) => v.cateids.length === 0);
	else if (stype !== '' && stype !== '0') out = [];
	return out;
}

export function filterContacts(views: ZhibangContactView[], d: Datas): ZhibangContactView[] {
	let out = views;
	const company = idSet(d.str('company'));
	if (company) out = out.filter((v) => company.has(String(v.company)));
	const fuzzy: Array<[string, (v: ZhibangContactView) => string]> = [
		['person_name', (v) => v.person_name],
		['pym', (v) => v.fields.pym ?? ''],
		['mobile', (v) => v.mobile],
		['email', (v) => v.email],
		['name', (v) => v.name],
	];
	for (const [id, get] of fuzzy) {
		const needle = d.str(id);
		if (needle) out = out.filter((v) => contains(get(v), needle));
	}
	return out;
}

export interface PageOptions {
	defaultPageSize: number;
	maxPageSize: number;
	/** Default sort, e.g. '-date1'. */
	defaultSort: string;
	shuffle: boolean;
	seed: number;
	/** A hostile server: every page index gets the first page, with these counts claimed. */
	lyingPager?: LyingPager | null;
}

/** Counts a page-ignoring list claims (numbers, or text such as "many"). */
export interface LyingPager {
	pageCount: number | string;
	totalCount?: number | string;
}

function compare(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = String(a);
	const sb = String(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A deterministic permutation of the columns that is never the identity. */
export function shuffledCols(cols: TableCol[], seed: number): TableCol[] {
	const rng = new Random(seed ^ 0x5a5a);
	const out = [...cols];
	for (let i = out.length - 1; i > 0; i--) {
		const j = rng.int(0, i);
		[out[i], out[j]] = [out[j], out[i]];
	}
	if (out.every((c, i) => c.id === cols[i].id)) out.push(out.shift()!);
	return out;
}

/** Sort, page and lay out rows as arrays aligned with the returned cols. */
export function pageTable(
	baseCols: TableCol[],
	rows: Row[],
	d: Datas,
	opts: PageOptions,
): { cols: TableCol[]; rows: Array<Array<string | number>>; page: TablePage } {
	const cols = opts.shuffle ? shuffledCols(baseCols, opts.seed) : baseCols;
	const colIds = new Set(baseCols.map((c) => c.id));
	let sort = d.str('_rpt_sort');
	const key = sort.replace(/^-/, '');
	if (!colIds.has(key)) sort = opts.defaultSort;
	const desc = sort.startsWith('-');
	const sortKey = sort.replace(/^-/, '');
	const sorted = [...rows].sort((a, b) => {
		const primary = compare(a[sortKey] ?? '', b[sortKey] ?? '');
		if (primary !== 0) return desc ? -primary : primary;
		return compare(b.ord ?? 0, a.ord ?? 0);
	});
	const sizeRaw = Number(d.str('pagesize'));
	const pagesize = Number.isInteger(sizeRaw) && sizeRaw > 0 ? Math.min(sizeRaw, opts.maxPageSize) : opts.defaultPageSize;
	const indexRaw = Number(d.str('pageindex'));
	const pageindex = Number.isInteger(indexRaw) && indexRaw > 0 ? indexRaw : 1;
	const recordcount = sorted.length;
	const pagecount = Math.ceil(recordcount / pagesize);
	const lying = opts.lyingPager;
	const slice = lying ? sorted.slice(0, pagesize) : sorted.slice((pageindex - 1) * pagesize, pageindex * pagesize);
	return {
		cols,
		rows: slice.map((r) => cols.map((c) => r[c.id] ?? '')),
		page: lying
			? ({ recordcount: lying.totalCount ?? recordcount, pagesize, pagecount: lying.pageCount, pageindex } as unknown as TablePage)
			: { recordcount, pagesize, pagecount, pageindex },
	};
}
