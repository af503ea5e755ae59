/**
 * Parameters of Create or Update. Version 1.1 declares its own copy of every parameter whose
 * default or list changed (perVersion): a node saved at version 1 keeps the defaults it was saved with.
 */
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { bandRange, VALUE_BANDS } from '../../../rules';
import {
	customerNameFields,
	customerTypeField,
	customerFieldOptions,
	erpIdsNotice,
	perVersion,
	SOURCE_V1,
	sourceField,
	verifySaveOption,
} from '../../common';
import { bandsV1, bandsV11 } from './bands';

const show = { resource: ['customer'], operation: ['upsert'] };

const matchBy: INodeProperties = {
	displayName: 'Match By / 匹配方式',
	name: 'matchBy',
	type: 'options',
	options: [
		{
			name: 'Customer Number / 客户编号',
			value: 'khid',
			description: 'An ID from your system, e.g. WX{external ID} (推荐：外部系统 ID)',
		},
		{
			name: 'Mobile / 手机号',
			value: 'mobile',
			description: 'The natural key when the input is a call log (通话记录按手机号匹配)',
		},
	],
	default: 'khid',
	description: 'How an existing customer is found; it is created only when none matches (先查后写，不会重复创建)',
};

const khidKey: INodeProperties = {
	displayName: 'Customer Number / 客户编号',
	name: 'customerNumber',
	type: 'string',
	default: '',
	required: true,
	displayOptions: { show: { matchBy: ['khid'] } },
};

const mobileKey: INodeProperties = {
	displayName: 'Mobile / 手机',
	name: 'mobile',
	type: 'string',
	default: '',
	required: true,
	displayOptions: { show: { matchBy: ['mobile'] } },
	description: 'The match key: an 11-digit mainland mobile (+86, spaces and dashes are removed)',
};

const followUpTemplate: INodeProperties = {
	displayName: '跟进模板 / Follow-Up Template Name or ID',
	name: 'followUpTemplate',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getTemplates' },
	default: '',
	displayOptions: { show: { addFollowUp: [true] } },
	description: 'Preset content, used when Follow-Up Content is empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const followUpMethod: INodeProperties = {
	displayName: '跟进方式 / Follow-Up Method Name or ID',
	name: 'followUpMethod',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFollowUpMethods' },
	default: '',
	displayOptions: { show: { addFollowUp: [true] } },
	description: 'How the customer was contacted (跟进方式), e.g. 电话. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const followUpWhen: INodeProperties = {
	displayName: 'Add Follow-Up When / 何时添加',
	name: 'followUpWhen',
	type: 'options',
	options: [
		{ name: 'Always / 每次', value: 'always', description: 'Every run adds one (a re-run of the same input adds it again)' },
		{ name: 'Created / 仅新建时', value: 'created' },
		{ name: 'Created or Updated / 新建或更新时', value: 'changed', description: 'Only when this run created or changed the customer: a re-run adds none' },
	],
	default: 'changed',
	displayOptions: { show: { addFollowUp: [true] } },
};

/** Options both versions offer; the value-level bands differ. */
function options(bands: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options / 选项',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option / 添加选项',
		default: {},
		options: [
			{
				displayName: 'Compare All Fields / 比较全部字段',
				name: 'compareAllFields',
				type: 'boolean',
				default: false,
				description:
					'Whether to also read the customer detail to compare fields the list does not show (QQ, WeChat, notes …); costs one more request per existing customer',
			},
			{
				displayName: 'Concurrency / 并发数',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'How many items are processed at the same time; the output keeps the input order, and items with the same key never run at once',
			},
			{
				displayName: 'Name Already Used / 客户名称已被占用时',
				name: 'onNameConflict',
				type: 'options',
				options: [
					{
						name: 'Add Last 4 Digits of Mobile / 追加手机尾号',
						value: 'suffix',
						description:
							'A different person with the same name (e.g. two callers called 刘总) is saved as 刘总（8000）, with the last 4 digits of its own mobile (or customer number); tried once',
					},
					{
						name: 'Fail the Item / 该条报错',
						value: 'fail',
						description: 'The item fails with the customer that holds the name; nothing is written',
					},
				],
				default: 'suffix',
				description:
					'The ERP refuses two customers with the same name (查重). When the holder of the name has this item’s mobile, it is the same customer under another key, and the item always fails with that advice.',
			},
			{
				displayName: 'Keep Type, Source and Category / 保留已有客户的类型来源分类',
				name: 'keepTypeSourceCategory',
				type: 'boolean',
				default: true,
				description:
					'Whether an existing customer keeps its customer type, source and category; they are set only when the customer is created. Turn off to overwrite them as well.',
			},
			...bands,
			verifySaveOption(),
		],
	};
}

const properties: INodeProperties[] = [
	erpIdsNotice,
	customerTypeField,
	// 1.1: a call log carries the caller's phone, not a customer id: match by mobile.
	...perVersion(matchBy, { ...matchBy, default: 'mobile' }),
	...perVersion(
		{ ...khidKey, default: '=WX{{ $json.id }}', description: 'The match key (khid); the seed format is WX{external ID}. Any expression is allowed.' },
		{
			...khidKey,
			placeholder: '=WX{{ $json.customerId }}',
			description:
				'The match key (khid): a stable ID of the customer in your system, e.g. WX{external customer ID}. Not the ID of a call or message: each would make a new customer (客户在外部系统中的稳定 ID，不要用通话 ID).',
		},
	),
	{
		displayName: 'Customer Number / 客户编号',
		name: 'customerNumber',
		type: 'string',
		default: '',
		displayOptions: { show: { matchBy: ['mobile'] } },
		description: 'Customer number for a new customer; empty uses M + the mobile (e.g. M13800138000), so two runs creating the same mobile at once make one customer; a customer found by the mobile keeps its own number (仅新建时使用；留空则为 M+手机号，并发创建不会重复；已有客户不改编号)',
	},
	...perVersion(
		{ ...mobileKey, default: '={{ $json.mobile }}' },
		{
			...mobileKey,
			// A Yunke call log's caller: customerPhone when simplified, callNumber as sent; a lead's mobile otherwise.
			default: '={{ $json.customerPhone || $json.callNumber || $json.mobile }}',
			description:
				'The match key: an 11-digit mainland mobile (+86, spaces and dashes are removed). The default reads a Yunke call log’s phone (customerPhone, or callNumber without Simplify) or a lead’s mobile (默认取云客通话记录的客户电话)',
		},
	),
	{
		displayName: 'Mobile / 手机',
		name: 'mobile',
		type: 'string',
		default: '',
		displayOptions: { show: { matchBy: ['khid'] } },
		description: 'Mobile of the customer (for a company, of its contact) (手机号)',
	},
	...customerNameFields,
	...perVersion(SOURCE_V1, sourceField),
	{
		displayName: 'Score / 评分',
		name: 'score',
		type: 'string',
		default: '',
		placeholder: '={{ $json.score }}',
		description: `A 0–100 lead score: sets the value level by band (${VALUE_BANDS.map((band) => bandRange(band.key)).join(', ')}; set under Options) and drives the assignment; empty leaves the value level alone`,
	},
	{
		displayName: 'Assign by Score / 按评分分配',
		name: 'assignByScore',
		type: 'boolean',
		default: false,
		description: 'Whether to assign the customer by score: high scores to the gold sales user, middle ones to the sales user, the rest to the public pool (公海)',
	},
	{
		displayName: '金牌销售 / Gold Sales User Name or ID',
		name: 'goldUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: '',
		required: true,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Owner of customers at or above the gold threshold (金牌销售). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Gold Threshold / 金牌阈值',
		name: 'goldThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 80,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Scores at or above go to the gold sales user (默认 80)',
	},
	{
		displayName: '销售 / Sales User Name or ID',
		name: 'salesUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: '',
		required: true,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Owner of customers at or above the sales threshold (销售人员). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Sales Threshold / 销售阈值',
		name: 'salesThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 60,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Scores at or above (and below the gold threshold) go to the sales user; lower ones to the public pool (默认 60)',
	},
	{
		displayName: 'Add Follow-Up / 添加跟进记录',
		name: 'addFollowUp',
		type: 'boolean',
		default: false,
		description: 'Whether to add a follow-up record (洽谈进展) to the customer, e.g. a call summary',
	},
	...perVersion(
		{
			...followUpTemplate,
			default: '谈的很好，让发合同',
			description:
				'Preset content, used when Follow-Up Content is empty (default template 106 谈的很好，让发合同). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		followUpTemplate,
	),
	{
		displayName: 'Follow-Up Content / 跟进内容',
		name: 'followUpContent',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '={{ $json.summary }}',
		displayOptions: { show: { addFollowUp: [true] } },
		description: 'Text of the follow-up, e.g. a call summary; empty uses the template (跟进内容，留空则用模板)',
	},
	...perVersion(
		{
			...followUpMethod,
			default: '481',
			description:
				'How the customer was contacted (跟进方式): 481 电话, 482 邮件, 483 上门, 484 其他. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ ...followUpMethod, required: true },
	),
	...perVersion({ ...followUpWhen, default: 'always' }, followUpWhen),
	{
		displayName: 'Additional Fields / 附加字段',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field / 添加字段',
		default: {},
		options: customerFieldOptions(['category', 'contactName', 'customerNumber', 'customerType', 'mobile', 'name', 'source']),
	},
	...perVersion(options(bandsV1()), options(bandsV11())),
];

export const description = updateDisplayOptions({ show }, properties);
