import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { parameterError } from '../../../shared/execute';
import { listContacts, type Datas } from '../../api';
import { simplifyContact, simplifyProperty } from '../../helpers/simplify';
import { str } from '../common';
import { simplifyOn } from '../customer/get.operation';

const show = { resource: ['contact'], operation: ['getAll'] };

const properties: INodeProperties[] = [
	...returnAllOrLimit(show),
	{
		displayName: 'Filters / 筛选条件',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter / 添加筛选',
		default: {},
		options: [
			{ displayName: 'Contact Name / 联系人姓名', name: 'contactName', type: 'string', default: '', description: 'Part of the contact name (模糊匹配)' },
			{ displayName: 'Customer ID / 客户ID', name: 'customerId', type: 'string', default: '', description: 'Contacts of this customer (ord) (所属客户)' },
			{ displayName: 'Customer Name / 客户名称', name: 'customerName', type: 'string', default: '', description: 'Part of the customer name (模糊匹配)' },
			{ displayName: 'Email / 邮箱', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Mobile / 手机', name: 'mobile', type: 'string', default: '', description: 'Part of the mobile (模糊匹配)' },
		],
	},
	simplifyProperty,
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = limitOf(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const datas: Datas = {};
	const map: Array<[string, string]> = [
		['customerId', 'company'],
		['contactName', 'person_name'],
		['customerName', 'name'],
		['mobile', 'mobile'],
		['email', 'email'],
	];
	for (const [key, id] of map) if (str(filters[key])) datas[id] = str(filters[key]);
	if (datas.company !== undefined && !/^\d+([,，]\d+)*$/.test(String(datas.company))) {
		throw parameterError(this.getNode(), `客户ID必须是数字（${datas.company}）`, `Customer ID must be a number (${datas.company})`, itemIndex);
	}
	const rows = await listContacts(this, datas, limit);
	return simplifyOn(this, itemIndex) ? rows.map(simplifyContact) : rows;
}
