import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { allocateContact, getContact, saveContact, type Datas } from '../../api';
import { objectToDatas } from '../../helpers/rows';
import { saveChecked } from '../../helpers/recovery';
import { findServiceError, ServiceError } from '../../../shared/errors';
import type { RequestContext } from '../../../shared/transport';
import { diffRecord, normalizeMobile } from '../../rules';
import { customerLocator } from '../../helpers/locator';
import { missingField, ONLY_V1, refuseControlKeys, sexField, str, verifySaveOptions } from '../common';
import { customerOrd } from '../customer/get.operation';

const show = { resource: ['contact'], operation: ['create'] };

const CONTACT_FIELD_IDS: Record<string, string> = {
	department: 'part1',
	email: 'email',
	fax: 'fax',
	homePhone: 'phone2',
	job: 'job',
	mobile: 'mobile',
	notes: 'intro',
	phone: 'phone',
	pinyin: 'pym',
	qq: 'qq',
	sex: 'sex',
	wechat: 'weixinAcc',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Customer ID / 客户ID',
		name: 'customerId',
		type: 'string',
		default: '',
		required: true,
		description: 'The customer (ord) the contact belongs to (所属客户ID)',
		displayOptions: { show: ONLY_V1 },
	},
	customerLocator({ description: 'The customer the contact belongs to (所属客户)' }),
	{
		displayName: 'Contact Name / 联系人姓名',
		name: 'contactName',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Additional Fields / 附加字段',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field / 添加字段',
		default: {},
		options: [
			{ displayName: 'Department / 部门', name: 'department', type: 'string', default: '' },
			{ displayName: 'Email / 邮箱', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{
				displayName: 'Extra Fields (JSON) / 其他字段',
				name: 'extraFields',
				type: 'json',
				default: '{}',
				description: 'Any other ERP contact field by its ID (其他字段，按字段 ID)',
			},
			{ displayName: 'Fax / 传真', name: 'fax', type: 'string', default: '' },
			{ displayName: 'Home Phone / 家庭电话', name: 'homePhone', type: 'string', default: '' },
			{ displayName: 'Job Title / 职务', name: 'job', type: 'string', default: '' },
			{ displayName: 'Mobile / 手机', name: 'mobile', type: 'string', default: '' },
			{ displayName: 'Notes / 备注', name: 'notes', type: 'string', default: '' },
			{ displayName: 'Office Phone / 办公电话', name: 'phone', type: 'string', default: '' },
			{ displayName: 'Pinyin Code / 拼音码', name: 'pinyin', type: 'string', default: '' },
			{ displayName: 'QQ / QQ号', name: 'qq', type: 'string', default: '' },
			sexField,
			{ displayName: 'WeChat / 微信', name: 'wechat', type: 'string', default: '' },
		],
	},
	verifySaveOptions,
];

export const description = updateDisplayOptions({ show }, properties);

async function readContactIfExists(ctx: RequestContext, ord: string): Promise<IDataObject | undefined> {
	let detail: IDataObject | undefined;
	let failure: unknown;
	try {
		detail = await getContact(ctx, ord);
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return detail;
	if (findServiceError(failure)?.kind === 'business') return undefined;
	throw failure;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const company = await customerOrd.call(this, itemIndex);
	const name = str(this.getNodeParameter('contactName', itemIndex, ''));
	if (!name) throw missingField(this, itemIndex, '联系人姓名', 'Contact Name', 'person_name');
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const extra: Datas = {};
	for (const [key, raw] of Object.entries(fields)) {
		if (key === 'extraFields') {
			const parsed = objectToDatas(raw);
			if (!parsed) throw parameterError(this.getNode(), '“其他字段”不是有效的 JSON 对象', '"Extra Fields" is not a valid JSON object', itemIndex);
			refuseControlKeys(this.getNode(), itemIndex, parsed);
			Object.assign(extra, parsed);
			continue;
		}
		const id = CONTACT_FIELD_IDS[key];
		const value = str(raw);
		if (id && value) extra[id] = id === 'mobile' ? (normalizeMobile(value) ?? value) : value;
	}
	const verify = this.getNodeParameter('options.verifySave', itemIndex, true) as boolean;

	const ord = await allocateContact(this, company);
	const datas: Datas = { ord, ...extra, company, person_name: name };
	// Same ord on every attempt: saving an already applied contact again only updates it.
	const saved = await saveChecked(
		{ zh: '创建联系人', en: 'create the contact' },
		async () => await saveContact(this, datas),
		async () => await readContactIfExists(this, ord),
	);
	let detail = saved.adopted;
	if (verify) {
		detail = await readContactIfExists(this, ord);
		const different = detail ? diffRecord(datas, detail).different : [];
		if (!detail || different.length) {
			throw new ServiceError(
				detail
					? `智邦报告保存成功，但回读联系人 ${ord} 发现以下字段未保存：${different.join(', ')} / Zhibang reported the save as successful, but contact ${ord} read back lacks: ${different.join(', ')}`
					: `智邦报告保存成功，但回读时联系人 ${ord} 不存在 / Zhibang reported the save as successful, but contact ${ord} does not exist when read back`,
				{ service: 'Zhibang', kind: 'business', serviceCode: 'verify' },
			);
		}
	}
	return { contactId: ord, customerId: company, verified: verify, recovered: saved.recovered, ...(detail ?? datas), ord };
}
