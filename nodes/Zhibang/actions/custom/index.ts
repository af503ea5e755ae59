import type { INodeProperties } from 'n8n-workflow';

import * as apiCall from './apiCall.operation';

export { apiCall };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['custom'] } },
		options: [
			{
				name: 'Custom API Call',
				value: 'apiCall',
				description: 'Call any other ERP endpoint with the session and envelope handled / 调用其他智邦接口',
				action: 'Make a custom API call / 自定义接口调用',
			},
		],
		default: 'apiCall',
	},
	...apiCall.description,
];
