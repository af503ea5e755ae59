import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { getCustomer } from '../../api';
import { customerLocator, resolveCustomer } from '../../helpers/locator';
import { dictionaries, simplifyCustomer, simplifyProperty } from '../../helpers/simplify';
import { ONLY_V1, str } from '../common';

const show = { resource: ['customer'], operation: ['get'] };

/** Version 1's plain customer id; version 1.1 has the customer locator instead. */
export const customerIdProperty: INodeProperties = {
	displayName: 'Customer ID / 客户ID',
	name: 'customerId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1001',
	description: 'The ERP customer ID (ord), e.g. customerId from a Create or Update (Upsert) output (客户ID)',
	displayOptions: { show: ONLY_V1 },
};

/** The customer of Get, Update and Assign: v1's ID, v1.1's locator. */
export const customerProperties: INodeProperties[] = [customerIdProperty, customerLocator()];

const properties: INodeProperties[] = [...customerProperties, simplifyProperty];

export const description = updateDisplayOptions({ show }, properties);

export function readId(this: IExecuteFunctions, itemIndex: number, name: string, zh: string, en: string): string {
	const id = str(this.getNodeParameter(name, itemIndex, ''));
	if (!id) throw parameterError(this.getNode(), `缺少必填字段“${zh}”`, `Missing required field "${en}"`, itemIndex);
	if (!/^\d+$/.test(id)) throw parameterError(this.getNode(), `${zh}必须是数字（${id}）`, `${en} must be a number (${id})`, itemIndex);
	return id;
}

export function isV1(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion < 1.1;
}

/** The customer id (ord) of the item: v1's Customer ID, or what v1.1's locator points at. */
export async function customerOrd(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return isV1(this) ? readId.call(this, itemIndex, 'customerId', '客户ID', 'Customer ID') : await resolveCustomer(this, itemIndex);
}

/** v1.1 with Simplify on: whether to return readable records. */
export function simplifyOn(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return !isV1(ctx) && ctx.getNodeParameter('simplify', itemIndex, true) === true;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const detail = await getCustomer(this, await customerOrd.call(this, itemIndex));
	return simplifyOn(this, itemIndex) ? simplifyCustomer(detail, await dictionaries(this)) : detail;
}
