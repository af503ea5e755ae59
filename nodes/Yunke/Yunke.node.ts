import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from '../shared/operations';
import { operations, router } from './actions/router';
import { getDepartments, getUsers } from './methods/loadOptions';

export class Yunke implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yunke (云客) CRM',
		name: 'yunke',
		icon: { light: 'file:yunke.svg', dark: 'file:yunke.dark.svg' },
		group: ['input'],
		// 1.1: n8n's operation values (getAll, getAllUsers); saved 1.0 nodes keep theirs (getMany, getManyUsers).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Call logs, recordings, call reports and departments of Yunke (云客) CRM / 云客通话记录、录音、报表与部门',
		defaults: { name: 'Yunke' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yunkeApi', required: true }],
		properties: nodeProperties(operations, 'callLog'),
	};

	methods = { loadOptions: { getDepartments, getUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
