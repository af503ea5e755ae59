import type { INodeProperties } from 'n8n-workflow';

import * as checkAdmission from './checkAdmission.operation';

export { checkAdmission };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Check Admission',
				value: 'checkAdmission',
				description:
					'Check leads before they are written to the ERP: valid mobile, name, company, verified phone, score; two outputs, Admitted and Rejected / 线索准入：两个输出（准入 / 拒绝）',
				action: 'Check lead admission / 线索准入',
			},
		],
		default: 'checkAdmission',
	},
	...checkAdmission.description,
];
