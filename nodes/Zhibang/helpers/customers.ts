/** Customer look-ups and read-backs shared by the customer operations. */
import type { IDataObject } from 'n8n-workflow';

import { findServiceError, ServiceError } from '../../shared/errors';
import { maskText } from '../../shared/mask';
import { PageGuard, rowKey } from '../../shared/paging';
import { str } from '../../shared/text';
import type { RequestContext } from '../../shared/transport';
import { getCustomer, listCustomerPage, MAX_PAGE_SIZE, type CustomerType, type Datas } from '../api';
import { cleanMobile, diffRecord, ownersMatch, sameKhid } from '../rules';

export type MatchBy = 'khid' | 'mobile';

/** What a look-up cost and found. */
export interface Lookup {
	row?: IDataObject;
	requests: number;
}

/**
 * Rows of the customer list filtered by `datas` for which `hit` holds, each customer once. Pages
 * after the first are read only when the filtered list is longer than one page; `enough` stops early.
 */
async function matchingRows(
	ctx: RequestContext,
	datas: Datas,
	hit: (row: IDataObject) => boolean,
	enough: (matches: IDataObject[]) => boolean = () => false,
): Promise<Lookup & { matches: IDataObject[] }> {
	const matches: IDataObject[] = [];
	let requests = 0;
	const guard = new PageGuard(MAX_PAGE_SIZE);
	for (let pageIndex = 1; ; pageIndex++) {
		const { rows, page } = await listCustomerPage(ctx, datas, pageIndex, MAX_PAGE_SIZE);
		requests++;
		for (const row of rows) {
			if (hit(row) && !matches.some((m) => String(m.ord) === String(row.ord))) matches.push(row);
		}
		if (enough(matches)) break;
		// Counts the ERP sends are not trusted (shared/paging): a page of nothing new ends the look-up.
		const allowed = guard.accept(rows.map((row) => rowKey(row, 'ord')), { totalCount: page?.recordcount, pageCount: page?.pagecount });
		const more = page ? pageIndex < page.pagecount : rows.length >= MAX_PAGE_SIZE;
		if (!more || rows.length === 0) break;
		if (!allowed) {
			guard.assertComplete('Zhibang', 'customer list');
			break;
		}
	}
	return { row: matches[0], matches, requests };
}

/**
 * Find the customer with this customer number (exact, case-insensitive) or mobile (exact, after
 * normalising), with one list request filtered by the key in the normal case. More pages are read
 * only when the filtered list is longer than one page. Two customers with the same mobile are an
 * error: we never guess which one to write to.
 */
export async function lookupCustomer(ctx: RequestContext, matchBy: MatchBy, key: string): Promise<Lookup> {
	const { matches, requests } =
		matchBy === 'khid'
			? await matchingRows(ctx, { khid: key, _rpt_sort: 'khid' }, (row) => sameKhid(row.khid, key), (found) => found.length > 0)
			: await matchingRows(ctx, { phone: key, _rpt_sort: 'ord' }, (row) => rowMobile(row) === key);
	if (matches.length > 1) {
		const ords = matches.map((m) => String(m.ord)).join(', ');
		throw new ServiceError(
			maskText(
				`有 ${matches.length} 个客户使用同一${matchBy === 'khid' ? '客户编号' : '手机号'} ${key}（客户ID ${ords}），无法确定更新哪一个 / ${matches.length} customers share the ${matchBy === 'khid' ? 'customer number' : 'mobile'} ${key} (ids ${ords}); refusing to guess which one to update`,
			),
			{
				service: 'Zhibang',
				kind: 'business',
				serviceCode: 'ambiguous',
				description: 'Merge the duplicates in the ERP, or match by customer number instead (请先在 ERP 中合并重复客户，或改用客户编号匹配)',
			},
		);
	}
	return { row: matches[0], requests };
}

/** The mobile a list row shows for the customer (its own column, else the phone column). */
function rowMobile(row: IDataObject): string {
	return row.mobile !== undefined ? cleanMobile(row.mobile) : cleanMobile(row.phone);
}

/** Who already holds a name the ERP refused (查重), as seen from the customer we are writing. */
export type NameConflict =
	/** A different person or company with the same name. */
	| { kind: 'namesake'; other: IDataObject }
	/** The customer holding the name has our mobile: most likely this very customer under another key. */
	| { kind: 'sameCustomer'; other: IDataObject };

/**
 * After the ERP refused a save: another customer (not `ord`) whose name is exactly `name`, and
 * whether it is the same person (same mobile) or a namesake. Undefined when no other customer has
 * the name, i.e. the refusal was about something else. Decided from the customer list, not from
 * the refusal's wording, which differs between ERP versions.
 */
export async function findNameConflict(
	ctx: RequestContext,
	name: string,
	ord: string,
	mobile: string | undefined,
): Promise<NameConflict | undefined> {
	const wanted = name.trim();
	if (!wanted) return undefined;
	const { matches } = await matchingRows(
		ctx,
		{ name: wanted, _rpt_sort: 'ord' },
		(row) => str(row.name) === wanted && String(row.ord) !== ord,
	);
	if (!matches.length) return undefined;
	const same = mobile ? matches.find((row) => rowMobile(row) === mobile) : undefined;
	return same ? { kind: 'sameCustomer', other: same } : { kind: 'namesake', other: matches[0] };
}

/** The item-level error for a name held by someone else, with the advice that fits who holds it. */
export function nameConflictError(conflict: NameConflict, name: string, key: string, refusal: unknown): ServiceError {
	const other = conflict.other;
	const said = findServiceError(refusal)?.message;
	const who = `客户ID ${String(other.ord)}${other.khid ? `，编号 ${String(other.khid)}` : ''}`;
	const whoEn = `id ${String(other.ord)}${other.khid ? `, number ${String(other.khid)}` : ''}`;
	const [zh, en, adviceZh, adviceEn] =
		conflict.kind === 'sameCustomer'
			? [
					`客户名称“${name}”属于已有客户（${who}），它的手机号与本条相同：这很可能是同一个客户，只是用了另一个匹配键（本条 ${key}）`,
					`The name “${name}” belongs to an existing customer (${whoEn}) with the same mobile: most likely the same customer under another key (this item: ${key})`,
					'请把“匹配方式”改为手机号，或把客户编号映射为该客户的编号，不要为它另建客户',
					'Match by mobile, or map the Customer Number to that customer’s number; do not create a second record for it',
				]
			: [
					`客户名称“${name}”已被另一位客户使用（${who}），这是不同的人（手机号不同），ERP 不允许重名（查重）`,
					`The name “${name}” is already used by a different customer (${whoEn}, another mobile); the ERP refuses duplicate names`,
					'在“选项 → 客户名称已被占用时”选择“追加手机尾号”（例如 刘总（8000）），或为该线索提供可区分的名称',
					'Choose “Add Last 4 Digits of Mobile” under Options → Name Already Used (e.g. 刘总（8000）), or give this lead a distinguishing name',
				];
	return new ServiceError(maskText(`${zh} / ${en}`), {
		service: 'Zhibang',
		kind: 'business',
		serviceCode: conflict.kind === 'sameCustomer' ? 'same-customer' : 'namesake',
		description: maskText(`${adviceZh} / ${adviceEn}${said ? `. 智邦返回 / Zhibang said: ${said}` : ''}`),
	});
}

/** Fields of the customer save besides `ord` (zdy1..6 and `@…` extended fields are savable too). */
const SAVE_FIELDS = new Set([
	'name', 'khid', 'pym', 'sort1', 'ly', 'jf2', 'area', 'trade', 'jz', 'credit', 'url', 'bz', 'hk_xz', 'address', 'lng', 'lat',
	'zip', 'faren', 'zijin', 'pernum1', 'pernum2', 'person_name', 'sex', 'age', 'year1', 'part1', 'job', 'phone', 'fax',
	'mobile', 'phone2', 'email', 'qq', 'weixinAcc', 'msn', 'jg', 'product', 'c2', 'c3', 'c4', 'intro', 'fkdays', 'fkdate',
	...[1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`bank_${i}`, `bank2_${i}`]),
]);
/** Fields only a company customer (intsort 1) has. */
const COMPANY_ONLY = new Set(['person_name', 'zijin', 'pernum1', 'pernum2']);
/** The fields every customer save must carry, by customer type. */
const REQUIRED: Record<CustomerType, Array<[string, string, string]>> = {
	1: [
		['name', '客户名称', 'Name'],
		['sort1', '客户分类', 'Category'],
		['person_name', '联系人', 'Contact Name'],
	],
	2: [
		['name', '客户名称', 'Name'],
		['sort1', '客户分类', 'Category'],
	],
};

function savable(id: string): boolean {
	return SAVE_FIELDS.has(id) || /^zdy\d+$/.test(id) || (id.startsWith('@') && id.length > 1);
}

function shownValue(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/**
 * The datas of a save of an existing customer: every savable field the detail shows, with the
 * values we want on top. Servers differ in what a save does with a field it was not sent (keep
 * it, refuse the save, or empty it), so a save never carries only the changes. A required field
 * that neither the detail shows nor the caller gives fails before anything is sent.
 */
export function completeCustomerDatas(ord: string, detail: IDataObject, changes: Datas, intsort?: CustomerType): { datas: Datas; intsort: CustomerType } {
	const type: CustomerType = intsort ?? (shownValue(detail.intsort).trim() === '2' ? 2 : 1);
	const datas: Datas = { ord };
	for (const [id, value] of Object.entries(detail)) {
		if (!savable(id) || (type === 2 && COMPANY_ONLY.has(id))) continue;
		if (value !== null && typeof value === 'object') continue;
		datas[id] = shownValue(value);
	}
	for (const [id, value] of Object.entries(changes)) if (value !== undefined && id !== 'ord') datas[id] = value;
	const missing = REQUIRED[type].filter(([id]) => shownValue(datas[id]).trim() === '');
	if (missing.length) {
		const zh = missing.map(([id, name]) => `${name}（${id}）`).join('、');
		const en = missing.map(([id, , name]) => `${name} (${id})`).join(', ');
		throw new ServiceError(
			`无法保存客户 ${ord}：ERP 的客户详情没有显示必填字段 ${zh}，请在节点中填写 / Cannot save customer ${ord}: the ERP’s customer detail does not show the required fields ${en}; give them in the node`,
			{
				service: 'Zhibang',
				kind: 'business',
				serviceCode: 'incomplete',
				description:
					'Nothing was sent: a save must carry every required field, or the ERP may refuse it or empty the field (未发送任何写入：保存必须包含全部必填字段)',
			},
		);
	}
	return { datas, intsort: type };
}

/** The detail of an existing customer and the complete datas of its save (see completeCustomerDatas). */
export async function completeCustomerSave(
	ctx: RequestContext,
	ord: string,
	changes: Datas,
	intsort?: CustomerType,
	detail?: IDataObject,
): Promise<{ datas: Datas; intsort: CustomerType; detail: IDataObject }> {
	const current = detail ?? (await getCustomer(ctx, ord));
	return { ...completeCustomerDatas(ord, current, changes, intsort), detail: current };
}

/**
 * The detail of a customer as the ERP shows it, or undefined when the ERP says it does not exist
 * (any business error). A field the detail does not show is unknown, never assumed empty.
 */
export async function readCustomerIfExists(ctx: RequestContext, ord: string): Promise<IDataObject | undefined> {
	let detail: IDataObject | undefined;
	let failure: unknown;
	try {
		detail = await getCustomer(ctx, ord);
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return detail;
	if (findServiceError(failure)?.kind === 'business') return undefined;
	throw failure;
}

/** What to do after a failed read-back; the default fits operations that always write what they are given. */
export const RERUN_ADVICE = {
	zh: '重新运行该条即可：本操作每次都会写入给定的全部字段',
	en: 'Re-run the item: this operation writes every given field each time',
};

/** A failed read-back: a clear NodeApiError (via toNodeError), with what was expected, what the ERP shows, and what to do. */
export function verificationError(
	ord: string,
	fields: string[],
	desired: IDataObject,
	detail: IDataObject | undefined,
	advice: { zh: string; en: string } = RERUN_ADVICE,
): ServiceError {
	const what = detail
		? fields.map((id) => `${id}: ${JSON.stringify(shownValue(desired[id]))} → ${JSON.stringify(shownValue(detail[id] ?? (id === 'sort1' ? detail.sort1Name : undefined)))}`).join('; ')
		: '';
	return new ServiceError(
		detail
			? `智邦报告保存成功，但回读客户 ${ord} 发现以下字段未保存：${fields.join(', ')} / Zhibang reported the save as successful, but reading customer ${ord} back shows these fields were not stored: ${fields.join(', ')}`
			: `智邦报告保存成功，但回读时客户 ${ord} 不存在 / Zhibang reported the save as successful, but customer ${ord} does not exist when read back`,
		{
			service: 'Zhibang',
			kind: 'business',
			serviceCode: 'verify',
			description: maskText(`${what ? `expected → shown: ${what}. ` : ''}${advice.zh} / ${advice.en}`),
		},
	);
}

/**
 * Read the customer back and check every wanted field the detail shows (and the owners when
 * given). A field the detail does not show cannot be checked: it is listed in `unverified`, never
 * reported as different.
 */
export async function verifyCustomer(
	ctx: RequestContext,
	ord: string,
	desired: IDataObject,
	owners?: string[] | 'pool',
	advice?: { zh: string; en: string },
): Promise<{ detail: IDataObject; unverified: string[] }> {
	const detail = await readCustomerIfExists(ctx, ord);
	if (!detail) throw verificationError(ord, [], desired, undefined, advice);
	const { different, unknown } = diffRecord(desired, detail);
	if (owners !== undefined) {
		if (detail.cateid === undefined) unknown.push('cateid');
		else if (!ownersMatch(owners, detail.cateid)) different.push('cateid');
	}
	if (different.length) {
		const expected = { ...desired, ...(owners !== undefined ? { cateid: owners === 'pool' ? '' : owners.join(',') } : {}) };
		throw verificationError(ord, different, expected, detail, advice);
	}
	// ord, date1 and the like are never compared; only fields the detail does not show are unverified.
	return { detail, unverified: unknown.filter((id) => !(id in detail)) };
}

/** `unverifiedFields` for an operation's output, when the detail did not show some written fields. */
export function unverifiedOutput(unverified: string[] | undefined): IDataObject {
	return unverified?.length ? { unverifiedFields: unverified } : {};
}

/**
 * The ERP's duplicate checks (查重) refuse a new customer whose number or name another customer
 * has. After our look-up found nothing, that means the API account cannot see that customer (list
 * permissions) or the name belongs to a different customer: say so, with the ERP's message kept.
 */
export function explainDuplicate(error: unknown, key: string): unknown {
	const failure = findServiceError(error);
	if (failure?.kind !== 'business') return error;
	let zh: string;
	let en: string;
	if (/编号已存在/.test(failure.message)) {
		zh = `ERP 中已有客户编号为 ${key} 的客户，但客户列表中查不到它：接口账号可能无权查看该客户（请授予查看全部客户的权限）`;
		en = `The ERP already has a customer numbered ${key}, but the customer list does not show it: the API account may not be allowed to see it (grant it permission to see all customers)`;
	} else if (/名称已存在/.test(failure.message)) {
		zh = '另一个客户已使用该客户名称（ERP 名称查重），但客户列表中查不到它：接口账号可能无权查看该客户（请授予查看全部客户的权限）';
		en = 'Another customer already has this name (the ERP refuses duplicate names), but the customer list does not show it: the API account may not be allowed to see it (grant it permission to see all customers)';
	} else if (/手机号码已存在/.test(failure.message)) {
		zh = '另一个客户已使用该手机号（ERP 手机号查重）：可改为按手机号匹配';
		en = 'Another customer already has this mobile (the ERP refuses duplicate mobiles): consider matching by mobile';
	} else {
		return error;
	}
	return new ServiceError(maskText(`${zh} / ${en}`), {
		service: 'Zhibang',
		kind: 'business',
		serviceCode: failure.serviceCode ?? 'duplicate',
		description: maskText(`智邦返回 / Zhibang said: ${failure.message}`),
	});
}
