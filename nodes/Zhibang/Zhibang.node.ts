import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from '../shared/operations';
import { operations, router } from './actions/router';
import {
	getCategories,
	getFollowUpMethods,
	getIndustries,
	getSources,
	getTemplates,
	getUsers,
	getValueLevels,
} from './methods/loadOptions';
import { searchContacts, searchCustomers } from './methods/listSearch';

export class Zhibang implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zhibang (智邦国际) ERP',
		name: 'zhibang',
		icon: { light: 'file:zhibang.svg', dark: 'file:zhibang.dark.svg' },
		group: ['output'],
		// 1.1: business defaults instead of demo IDs, look-ups, Simplify. Saved 1.0 nodes keep their behaviour.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Customers, contacts and follow-ups in Zhibang (智邦国际) ERP, with an idempotent customer upsert and a lead admission check / 智邦客户、联系人、洽谈进展与线索准入',
		defaults: { name: 'Zhibang' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Lead → Check Admission has two outputs, Admitted and Rejected; every other operation one.
		outputs: `={{ $parameter.resource === "lead" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Admitted / 准入" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected / 拒绝" }] : ["${NodeConnectionTypes.Main}"] }}`,
		// The admission check sends no request, so it needs no login.
		credentials: [{ name: 'zhibangApi', required: true, displayOptions: { hide: { resource: ['lead'] } } }],
		properties: nodeProperties(operations, 'customer'),
	};

	methods = {
		loadOptions: { getCategories, getFollowUpMethods, getIndustries, getSources, getTemplates, getUsers, getValueLevels },
		listSearch: { searchContacts, searchCustomers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
