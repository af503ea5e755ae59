import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the ERP users (sales people) / 获取 ERP 用户（销售人员）列表',
				action: 'Get many users / 获取用户列表',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
