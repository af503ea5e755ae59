/**
 * Resource locators of version 1.1: a customer or contact picked from a searchable list, or given
 * by ID, customer number or mobile. Numbers and mobiles are resolved through the ERP's list with
 * an exact match on our side (the list filters are fuzzy, docs/protocol/zhibang.md §5.4, §7).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterError } from '../../shared/execute';
import { maskText } from '../../shared/mask';
import { listContacts, listCustomers } from '../api';
import { SINCE_V1_1 } from '../actions/common';
import { cleanMobile, normalizeMobile, sameKhid } from '../rules';

type LocatorMode = 'list' | 'id' | 'customerNumber' | 'mobile';

const ID_VALIDATION: INodePropertyMode['validation'] = [
	{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Not a number / 不是数字ID' } },
];

/** The v1.1 customer picker; v1 nodes keep their plain `customerId` parameter. */
export function customerLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Customer / 客户',
		name: 'customer',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The ERP customer: pick it from the list, or give its ID (ord), customer number (khid) or mobile (客户)',
		modes: [
			{
				displayName: 'From List / 从列表选择',
				name: 'list',
				type: 'list',
				placeholder: 'Select a customer / 选择客户',
				typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
			},
			{ displayName: 'By ID / 按客户ID', name: 'id', type: 'string', placeholder: '1001', validation: ID_VALIDATION },
			{ displayName: 'By Customer Number / 按客户编号', name: 'customerNumber', type: 'string', placeholder: 'WX12345' },
			{ displayName: 'By Mobile / 按手机', name: 'mobile', type: 'string', placeholder: '13800138000' },
		],
		...extra,
		displayOptions: { show: { ...SINCE_V1_1, ...extra.displayOptions?.show } },
	};
}

/** The v1.1 contact picker. */
export function contactLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Contact / 联系人',
		name: 'contact',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The ERP contact: pick it from the list, or give its ID (ord) or mobile (联系人)',
		modes: [
			{
				displayName: 'From List / 从列表选择',
				name: 'list',
				type: 'list',
				placeholder: 'Select a contact / 选择联系人',
				typeOptions: { searchListMethod: 'searchContacts', searchable: true },
			},
			{ displayName: 'By ID / 按联系人ID', name: 'id', type: 'string', placeholder: '2001', validation: ID_VALIDATION },
			{ displayName: 'By Mobile / 按手机', name: 'mobile', type: 'string', placeholder: '13800138000' },
		],
		...extra,
		displayOptions: { show: { ...SINCE_V1_1, ...extra.displayOptions?.show } },
	};
}

interface Located {
	mode: LocatorMode;
	value: string;
}

function located(ctx: IExecuteFunctions, itemIndex: number, name: string): Located {
	const raw = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject | string;
	if (typeof raw !== 'object' || raw === null) return { mode: 'id', value: String(raw ?? '').trim() };
	return { mode: (raw.mode as LocatorMode) ?? 'id', value: String(raw.value ?? '').trim() };
}

const WHAT = {
	customer: { zh: '客户', en: 'customer', idZh: '客户ID', idEn: 'Customer ID' },
	contact: { zh: '联系人', en: 'contact', idZh: '联系人ID', idEn: 'Contact ID' },
};

/** The one row that matches, or a bilingual error for none and for several. */
function single(ctx: IExecuteFunctions, itemIndex: number, kind: keyof typeof WHAT, key: { zh: string; en: string; value: string }, matches: IDataObject[]): string {
	const what = WHAT[kind];
	const ords = [...new Set(matches.map((row) => String(row.ord)))];
	if (ords.length === 1) return ords[0];
	const message =
		ords.length === 0
			? `没有${key.zh}为 ${key.value} 的${what.zh} / No ${what.en} with ${key.en} ${key.value}`
			: `有 ${ords.length} 个${what.zh}的${key.zh}都是 ${key.value}（${what.idZh} ${ords.join(', ')}），无法确定是哪一个 / ${ords.length} ${what.en}s have the ${key.en} ${key.value} (ids ${ords.join(', ')}); choose one by ID`;
	return fail(ctx, itemIndex, message, ords.length === 0 ? 'Check the value, or pick the record from the list (请检查输入，或从列表中选择)' : 'Pick the record by ID or from the list (请按ID或从列表中选择)');
}

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), maskText(message), { itemIndex, description });
}

function idOf(ctx: IExecuteFunctions, itemIndex: number, kind: keyof typeof WHAT, value: string): string {
	const what = WHAT[kind];
	if (!value) throw parameterError(ctx.getNode(), `缺少必填字段“${what.zh}”`, `Missing required field "${what.idEn}"`, itemIndex);
	if (!/^\d+$/.test(value)) throw parameterError(ctx.getNode(), `${what.idZh}必须是数字（${value}）`, `${what.idEn} must be a number (${value})`, itemIndex);
	return value;
}

function mobileOf(ctx: IExecuteFunctions, itemIndex: number, value: string): string {
	const mobile = normalizeMobile(value);
	if (!mobile) throw parameterError(ctx.getNode(), `不是有效的手机号（${maskText(value)}）`, `Not a valid mobile (${maskText(value)})`, itemIndex);
	return mobile;
}

const MOBILE_KEY = { zh: '手机号', en: 'mobile' };

/** The customer id (ord) a v1.1 customer locator points at. */
export async function resolveCustomer(ctx: IExecuteFunctions, itemIndex: number, name = 'customer'): Promise<string> {
	const { mode, value } = located(ctx, itemIndex, name);
	if (mode === 'customerNumber') {
		if (!value) throw parameterError(ctx.getNode(), '缺少必填字段“客户编号”', 'Missing required field "Customer Number"', itemIndex);
		const rows = await listCustomers(ctx, { khid: value, _rpt_sort: 'khid' });
		return single(ctx, itemIndex, 'customer', { zh: '客户编号', en: 'customer number', value }, rows.filter((row) => sameKhid(row.khid, value)));
	}
	if (mode === 'mobile') {
		const mobile = mobileOf(ctx, itemIndex, value);
		const rows = await listCustomers(ctx, { phone: mobile, _rpt_sort: 'ord' });
		const hits = rows.filter((row) => cleanMobile(row.mobile !== undefined ? row.mobile : row.phone) === mobile);
		return single(ctx, itemIndex, 'customer', { ...MOBILE_KEY, value: mobile }, hits);
	}
	return idOf(ctx, itemIndex, 'customer', value);
}

/** The contact id (ord) a v1.1 contact locator points at. */
export async function resolveContact(ctx: IExecuteFunctions, itemIndex: number, name = 'contact'): Promise<string> {
	const { mode, value } = located(ctx, itemIndex, name);
	if (mode === 'mobile') {
		const mobile = mobileOf(ctx, itemIndex, value);
		const rows = await listContacts(ctx, { mobile });
		return single(ctx, itemIndex, 'contact', { ...MOBILE_KEY, value: mobile }, rows.filter((row) => cleanMobile(row.mobile) === mobile));
	}
	return idOf(ctx, itemIndex, 'contact', value);
}
