import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['followUp'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a follow-up record (洽谈进展) to a customer or contact / 添加洽谈进展',
				action: 'Create a follow up record / 添加跟进记录',
			},
		],
		default: 'create',
	},
	...create.description,
];
