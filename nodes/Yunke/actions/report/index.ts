import type { INodeProperties } from 'n8n-workflow';

import * as getCallReport from './getCallReport.operation';

export { getCallReport };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get Call Report',
				value: 'getCallReport',
				description: 'Per-agent call statistics of a date range / 按坐席统计通话报表',
				action: 'Get a call report / 获取通话报表',
			},
		],
		default: 'getCallReport',
	},
	...getCallReport.description,
];
