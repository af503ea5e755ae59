import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as callLog from './actions/callLog';
import * as custom from './actions/custom';
import * as department from './actions/department';
import * as recording from './actions/recording';
import * as report from './actions/report';
import { router } from './actions/router';
import { getDepartments, getUsers } from './methods/loadOptions';

export class Yunke implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yunke (云客) CRM',
		name: 'yunke',
		icon: { light: 'file:yunke.svg', dark: 'file:yunke.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Call logs, recordings, call reports and departments of Yunke (云客) CRM / 云客通话记录、录音、报表与部门',
		defaults: { name: 'Yunke' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yunkeApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Call Log / 通话记录', value: 'callLog' },
					{ name: 'Custom API Call / 自定义接口', value: 'custom' },
					{ name: 'Department / 部门', value: 'department' },
					{ name: 'Recording / 录音', value: 'recording' },
					{ name: 'Report / 报表', value: 'report' },
				],
				default: 'callLog',
			},
			...callLog.description,
			...custom.description,
			...department.description,
			...recording.description,
			...report.description,
		],
	};

	methods = { loadOptions: { getDepartments, getUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
