import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a contact to a customer / 为客户添加联系人',
				action: 'Create a contact / 新建联系人',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact by ID / 按ID获取联系人',
				action: 'Get a contact / 获取联系人',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List contacts, e.g. of one customer / 查询联系人列表',
				action: 'Get many contacts / 查询联系人列表',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
