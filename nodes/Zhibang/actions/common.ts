/** Parameters and readers shared by the Zhibang operations. */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ONLY_V1, SINCE_V1_1 } from '../../shared/descriptions';
import { parameterError } from '../../shared/execute';
import { str } from '../../shared/text';
import type { CustomerType, Datas } from '../api';
import { objectToDatas } from '../helpers/rows';
import { controlKeysIn, controlKeysMessage, normalizeMobile } from '../rules';

// The operations take these from here with the parameters below.
export { ONLY_V1, SINCE_V1_1, str };

export const CUSTOMER_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Company / 单位客户', value: 'company' },
	{ name: 'Person / 个人客户', value: 'person' },
];

export function intsortOf(type: unknown): CustomerType {
	return type === 'person' || type === 2 || type === '2' ? 2 : 1;
}

/** One-line bilingual "missing required field" error naming the field, raised before any request. */
export function missingField(ctx: IExecuteFunctions, itemIndex: number, zh: string, en: string, id: string) {
	return parameterError(
		ctx.getNode(),
		`缺少必填字段“${zh}”（${id}）`,
		`Missing required field "${en}" (${id})`,
		itemIndex,
		'The value is empty after evaluating the expression; nothing was sent to the ERP (表达式结果为空，未向 ERP 发送任何请求)',
	);
}

export function verifySaveOption(): INodeProperties {
	return {
		displayName: 'Verify Save / 写后回读',
		name: 'verifySave',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the record back after writing and fail if the ERP did not store the values (the ERP can report success without saving; costs one request) (写入后回读校验)',
	};
}

/** The "Options" collection of a write that offers only Verify Save. */
export const verifySaveOptions: INodeProperties = {
	displayName: 'Options / 选项',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option / 添加选项',
	default: {},
	options: [verifySaveOption()],
};

/** One parameter declared twice: as version 1 had it, and as version 1.1 has it (a changed default or list). */
export function perVersion(v1: INodeProperties, v11: INodeProperties): INodeProperties[] {
	const shown = (property: INodeProperties, version: typeof ONLY_V1 | typeof SINCE_V1_1): INodeProperties => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, ...version } },
	});
	return [shown(v1, ONLY_V1), shown(v11, SINCE_V1_1)];
}

/** Version 1.1: the ids of the ERP's lists are install data, so they are picked, not defaulted. */
export const erpIdsNotice: INodeProperties = {
	displayName:
		'Source, category, value level and follow-up method IDs differ per ERP installation: pick them from the lists, which are loaded from your ERP / 来源、分类、价值评估、跟进方式的 ID 因 ERP 安装而异：请从下拉列表中选择（列表从你的 ERP 加载）',
	name: 'erpIdsNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: SINCE_V1_1 },
};

/** Customer source (客户来源 ly), loaded from the ERP; not required by the ERP, so empty sends none. */
export const sourceField: INodeProperties = {
	displayName: '来源 / Source Name or ID',
	name: 'source',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSources' },
	default: '',
	description: 'Customer source (客户来源 ly); empty sends none. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Version 1's source: the seed's 171 网站注册 as default. */
export const SOURCE_V1: INodeProperties = {
	...sourceField,
	default: '171',
	description: 'Customer source (客户来源 ly); the seed uses 171 网站注册 for WeChat customers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Customer category (客户分类 sort1), loaded from the ERP. */
const categoryOption: INodeProperties = {
	displayName: '分类 / Category Name or ID',
	name: 'category',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCategories' },
	default: '',
	description: 'Customer category (客户分类 sort1): a category, or "category,stage" for a follow-up stage. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The category as a parameter of its own: the ERP requires one. */
export const categoryField: INodeProperties = { ...categoryOption, required: true };

/** Version 1's category: the text 微信客户 as default. */
export const CATEGORY_V1: INodeProperties = {
	...categoryField,
	default: '微信客户',
	description: 'Customer category (客户分类 sort1). The default 微信客户 is sent as text, as the seed does; pick from the list to send the ID (or "category,stage"). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Sex of a person (性别), as the ERP stores it. */
export const sexField: INodeProperties = {
	displayName: 'Sex / 性别',
	name: 'sex',
	type: 'options',
	options: [
		{ name: 'Female / 女', value: '女' },
		{ name: 'Male / 男', value: '男' },
	],
	default: '男',
};

/** Customer fields offered in "Additional Fields" / "Update Fields": parameter name → datas id. */
export const CUSTOMER_FIELD_IDS: Record<string, string> = {
	address: 'address',
	area: 'area',
	contactName: 'person_name',
	customerNumber: 'khid',
	email: 'email',
	fax: 'fax',
	industry: 'trade',
	job: 'job',
	mobile: 'mobile',
	name: 'name',
	notes: 'intro',
	phone: 'phone',
	pinyin: 'pym',
	qq: 'qq',
	sex: 'sex',
	source: 'ly',
	valueLevel: 'jz',
	website: 'url',
	wechat: 'weixinAcc',
	zip: 'zip',
};

const CUSTOMER_FIELD_PROPERTIES: INodeProperties[] = [
	{ displayName: 'Address / 地址', name: 'address', type: 'string', default: '' },
	{ displayName: 'Area ID / 区域ID', name: 'area', type: 'string', default: '', description: 'Region ID from the ERP area list (区域)' },
	categoryOption,
	{ displayName: 'Contact Name / 联系人', name: 'contactName', type: 'string', default: '', description: 'Primary contact of a company customer (联系人姓名)' },
	{
		displayName: 'Customer Number / 客户编号',
		name: 'customerNumber',
		type: 'string',
		default: '',
		placeholder: 'WX12345',
		description: 'The ERP customer number (khid); empty keeps the number the ERP proposes',
	},
	{
		displayName: 'Customer Type / 客户类型',
		name: 'customerType',
		type: 'options',
		options: CUSTOMER_TYPE_OPTIONS,
		default: 'company',
	},
	{ displayName: 'Email / 邮箱', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{
		displayName: 'Extra Fields (JSON) / 其他字段',
		name: 'extraFields',
		type: 'json',
		default: '{}',
		description: 'Any other ERP field by its ID, e.g. {"zdy1": "x", "@meju_19": "527"} (其他字段，按字段 ID)',
	},
	{ displayName: 'Fax / 传真', name: 'fax', type: 'string', default: '' },
	{
		displayName: '行业 / Industry Name or ID',
		name: 'industry',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getIndustries' },
		default: '',
		description: 'Industry (行业 trade). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'Job Title / 职务', name: 'job', type: 'string', default: '' },
	{ displayName: 'Mobile / 手机', name: 'mobile', type: 'string', default: '', description: '11-digit mainland mobile; +86, spaces and dashes are removed (手机号)' },
	{ displayName: 'Name / 客户名称', name: 'name', type: 'string', default: '', description: 'Customer name (客户名称)' },
	{ displayName: 'Notes / 备注', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '' },
	{ displayName: 'Office Phone / 办公电话', name: 'phone', type: 'string', default: '' },
	{ displayName: 'Pinyin Code / 拼音码', name: 'pinyin', type: 'string', default: '' },
	{ displayName: 'QQ / QQ号', name: 'qq', type: 'string', default: '' },
	sexField,
	sourceField,
	{
		displayName: '价值评估 / Value Level Name or ID',
		name: 'valueLevel',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getValueLevels' },
		default: '',
		description: 'Value level (价值评估 jz). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'WeChat / 微信', name: 'wechat', type: 'string', default: '' },
	{ displayName: 'Website / 网址', name: 'website', type: 'string', default: '' },
	{ displayName: 'Zip Code / 邮编', name: 'zip', type: 'string', default: '' },
];

/** The customer field options, without the ones named in `exclude`. */
export function customerFieldOptions(exclude: string[] = []): INodeProperties[] {
	return CUSTOMER_FIELD_PROPERTIES.filter((property) => !exclude.includes(property.name));
}

/** Fail the item before anything is sent when Extra Fields hold control keys (ord, intsort, session …). */
export function refuseControlKeys(node: INode, itemIndex: number, extra: Record<string, unknown>): void {
	const keys = controlKeysIn(extra);
	if (!keys.length) return;
	const { zh, en } = controlKeysMessage(keys);
	throw parameterError(node, zh, en, itemIndex, 'Nothing was sent to the ERP. Remove these keys from Extra Fields; use the operation’s own parameters (e.g. Customer ID, Customer Type, Assign) instead (未向 ERP 发送任何请求)');
}

/**
 * Customer datas from a fields collection. Empty values are left out; a valid mobile is sent
 * normalised. `category` → sort1, `customerType` is returned separately (it travels as intsort).
 */
export function customerFieldsToDatas(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	options: { keepEmpty?: boolean } = {},
): { datas: Datas; intsort?: CustomerType } {
	const datas: Datas = {};
	let intsort: CustomerType | undefined;
	for (const [key, raw] of Object.entries(fields)) {
		if (key === 'extraFields') {
			const extra = objectToDatas(raw);
			if (extra === undefined) {
				throw parameterError(ctx.getNode(), '“其他字段”不是有效的 JSON 对象', '"Extra Fields" is not a valid JSON object', itemIndex);
			}
			refuseControlKeys(ctx.getNode(), itemIndex, extra);
			Object.assign(datas, extra);
			continue;
		}
		if (key === 'customerType') {
			intsort = intsortOf(raw);
			continue;
		}
		const id = key === 'category' ? 'sort1' : CUSTOMER_FIELD_IDS[key];
		if (!id) continue;
		const value = str(raw);
		if (value === '' && !options.keepEmpty) continue;
		datas[id] = id === 'mobile' ? (normalizeMobile(value) ?? value) : value;
	}
	return { datas, intsort };
}

/**
 * A follow-up's text and method, checked before anything is written: content, or the template
 * when the content is empty; at most 1000 characters (docs/protocol/zhibang.md §6); a method id.
 */
export function followUpText(
	node: INode,
	itemIndex: number,
	values: { content: unknown; template: unknown; method: unknown },
): { intro: string; method: string } {
	const intro = str(values.content) || str(values.template);
	if (!intro) throw parameterError(node, '跟进内容为空（内容和模板都为空）', 'The follow-up is empty: give a content or a template', itemIndex);
	if (intro.length > 1000) {
		throw parameterError(node, `跟进内容超过 1000 字（${intro.length}）`, `The follow-up content is longer than 1000 characters (${intro.length})`, itemIndex);
	}
	const method = str(values.method);
	if (!method) throw parameterError(node, '请选择跟进方式', 'Choose a follow-up method', itemIndex);
	return { intro, method };
}

/** Company or person: what Create and Create or Update both ask first. */
export const customerTypeField: INodeProperties = {
		displayName: 'Customer Type / 客户类型',
		name: 'customerType',
		type: 'options',
		options: CUSTOMER_TYPE_OPTIONS,
		default: 'company',
		description: 'A company customer needs a contact name; a person customer does not (单位客户需要联系人)',
	};

/** Name, category and (for a company) contact name: what Create and Create or Update both ask for a new customer. */
export const customerNameFields: INodeProperties[] = [
	{
		displayName: 'Customer Name / 客户名称',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Company name, or the person’s name for a person customer (客户名称)',
	},
	...perVersion(CATEGORY_V1, categoryField),
	{
		displayName: 'Contact Name / 联系人',
		name: 'contactName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { customerType: ['company'] } },
		description: 'Primary contact of the company (联系人姓名)',
	},
];
