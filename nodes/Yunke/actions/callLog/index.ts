import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callLog'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List call logs of a time range / 获取某时间段的通话记录',
				action: 'Get many call logs / 获取通话记录',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
