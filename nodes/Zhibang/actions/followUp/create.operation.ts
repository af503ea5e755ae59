import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { createFollowUp, type Datas } from '../../api';
import { writeUnchecked } from '../../helpers/recovery';
import { toChinaTime } from '../../helpers/time';
import { contactLocator, customerLocator } from '../../helpers/locator';
import { followUpText, ONLY_V1, str } from '../common';
import { contactOrd } from '../contact/get.operation';
import { customerOrd } from '../customer/get.operation';

const show = { resource: ['followUp'], operation: ['create'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Record For / 记录对象',
		name: 'datatype',
		type: 'options',
		options: [
			{ name: 'Contact / 联系人', value: 'person' },
			{ name: 'Customer / 客户', value: 'tel' },
		],
		default: 'tel',
	},
	{
		displayName: 'Customer ID / 客户ID',
		name: 'customerId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { datatype: ['tel'], ...ONLY_V1 } },
		description: 'The ERP customer ID (ord) (客户ID)',
	},
	customerLocator({ displayOptions: { show: { datatype: ['tel'] } } }),
	{
		displayName: 'Contact ID / 联系人ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { datatype: ['person'], ...ONLY_V1 } },
		description: 'The ERP contact ID (ord) (联系人ID)',
	},
	contactLocator({ displayOptions: { show: { datatype: ['person'] } } }),
	{
		displayName: '模板 / Template Name or ID',
		name: 'template',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplates' },
		default: '谈的很好，让发合同',
		description: 'Preset content, used when Content is empty (default template 106 谈的很好，让发合同). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Content / 跟进内容',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: '={{ $json.summary }}',
		description: 'What happened, up to 1000 characters; empty uses the template (洽谈内容，留空则用模板)',
	},
	{
		displayName: '方式 / Method Name or ID',
		name: 'method',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFollowUpMethods' },
		default: '481',
		description: 'How the customer was contacted (跟进方式): 481 电话, 482 邮件, 483 上门, 484 其他. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Schedule / 日程',
		name: 'plantype',
		type: 'options',
		options: [
			{ name: 'Done / 已完成日程', value: '2' },
			{ name: 'None / 不生成日程', value: '0' },
			{ name: 'Pending / 待完成日程', value: '1' },
		],
		default: '0',
		description: 'Whether the follow-up also creates a schedule entry (日程)',
	},
	{
		displayName: 'Schedule Title / 日程主题',
		name: 'scheduleTitle',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { plantype: ['1', '2'] } },
	},
	{
		displayName: 'Schedule Start / 开始时间',
		name: 'scheduleStart',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { plantype: ['1', '2'] } },
		description: 'A time without an offset is Beijing time (北京时间)',
	},
	{
		displayName: 'Additional Fields / 附加字段',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field / 添加字段',
		default: {},
		options: [
			{
				displayName: 'Related Contact ID / 关联联系人ID',
				name: 'lead',
				type: 'string',
				default: '',
				displayOptions: { show: { '/datatype': ['tel'] } },
				description: 'A contact of this customer the follow-up is about (关联联系人)',
			},
			{
				displayName: 'Remind / 提醒',
				name: 'remind',
				type: 'boolean',
				default: true,
				description: 'Whether the schedule entry reminds its owner (日程提醒)',
			},
			{
				displayName: 'Schedule End / 结束时间',
				name: 'scheduleEnd',
				type: 'dateTime',
				default: '',
				description: 'End of the schedule entry; empty means the same as the start (日程结束时间)',
			},
			{
				displayName: 'Schedule Note / 日程内容',
				name: 'scheduleNote',
				type: 'string',
				default: '',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const node = this.getNode();
	const datatype = this.getNodeParameter('datatype', itemIndex, 'tel') as 'tel' | 'person';
	const ord = datatype === 'tel' ? await customerOrd.call(this, itemIndex) : await contactOrd.call(this, itemIndex);
	const { intro, method } = followUpText(node, itemIndex, {
		content: this.getNodeParameter('content', itemIndex, ''),
		template: this.getNodeParameter('template', itemIndex, ''),
		method: this.getNodeParameter('method', itemIndex, '481'),
	});
	const plantype = str(this.getNodeParameter('plantype', itemIndex, '0')) || '0';
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const lead = datatype === 'tel' ? str(extra.lead) : '';
	if (lead && !/^\d+$/.test(lead)) throw parameterError(node, `关联联系人ID必须是数字（${lead}）`, `Related Contact ID must be a number (${lead})`, itemIndex);

	const datas: Datas = { ord, intro, sort: method, lead: lead || 0, plantype };
	let schedule: IDataObject | null = null;
	if (plantype !== '0') {
		const title = str(this.getNodeParameter('scheduleTitle', itemIndex, ''));
		if (!title) throw parameterError(node, '缺少必填字段“日程主题”', 'Missing required field "Schedule Title"', itemIndex);
		const startRaw = this.getNodeParameter('scheduleStart', itemIndex, '');
		const start = toChinaTime(startRaw);
		if (!start) throw parameterError(node, '日程开始时间无效或为空', 'Schedule Start is empty or not a valid date', itemIndex);
		const end = str(extra.scheduleEnd) ? toChinaTime(extra.scheduleEnd) : start;
		if (!end) throw parameterError(node, '日程结束时间无效', 'Schedule End is not a valid date', itemIndex);
		if (end < start) throw parameterError(node, '日程结束时间早于开始时间', 'Schedule End is before Schedule Start', itemIndex);
		Object.assign(datas, {
			'@title2': title,
			'@ret2_0': start,
			'@ret2_1': end,
			'@intro2': str(extra.scheduleNote) || title,
			'@remind': extra.remind === false ? 1 : 0,
		});
		schedule = { title, start, end, pending: plantype === '1' };
	}
	// Not retried after a transport failure: a follow-up cannot be looked up, so a blind retry could add it twice.
	const message = await writeUnchecked({ zh: '添加跟进记录', en: 'add the follow-up' }, async () => await createFollowUp(this, datatype, datas));
	return {
		saved: true,
		datatype,
		[datatype === 'tel' ? 'customerId' : 'contactId']: ord,
		content: intro,
		method,
		relatedContactId: lead || null,
		schedule,
		message,
	};
}
