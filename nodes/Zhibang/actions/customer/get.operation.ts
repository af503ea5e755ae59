import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { getCustomer } from '../../api';
import { str } from '../common';

const show = { resource: ['customer'], operation: ['get'] };

export const customerIdProperty: INodeProperties = {
	displayName: 'Customer ID / 客户ID',
	name: 'customerId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1001',
	description: 'The ERP customer ID (ord), e.g. customerId from a Create or Update (Upsert) output (客户ID)',
};

const properties: INodeProperties[] = [customerIdProperty];

export const description = updateDisplayOptions({ show }, properties);

export function readId(this: IExecuteFunctions, itemIndex: number, name: string, zh: string, en: string): string {
	const id = str(this.getNodeParameter(name, itemIndex, ''));
	if (!id) throw parameterError(this.getNode(), `缺少必填字段“${zh}”`, `Missing required field "${en}"`, itemIndex);
	if (!/^\d+$/.test(id)) throw parameterError(this.getNode(), `${zh}必须是数字（${id}）`, `${en} must be a number (${id})`, itemIndex);
	return id;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const ord = readId.call(this, itemIndex, 'customerId', '客户ID', 'Customer ID');
	return await getCustomer(this, ord);
}
