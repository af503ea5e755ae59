import type { INodeProperties } from 'n8n-workflow';

import * as getManyUsers from './getManyUsers.operation';
import * as getTree from './getTree.operation';

export { getManyUsers, getTree };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['department'] } },
		options: [
			{
				name: 'Get Many Users',
				value: 'getManyUsers',
				description: 'List users with their department path / 获取员工列表（含部门路径）',
				action: 'Get many users / 获取员工列表',
			},
			{
				name: 'Get Tree',
				value: 'getTree',
				description: 'Get the department tree / 获取部门树',
				action: 'Get the department tree / 获取部门树',
			},
		],
		default: 'getTree',
	},
	...getManyUsers.description,
	...getTree.description,
];
