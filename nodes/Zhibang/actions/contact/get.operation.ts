import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getContact } from '../../api';
import { contactLocator, resolveContact } from '../../helpers/locator';
import { simplifyContact, simplifyProperty } from '../../helpers/simplify';
import { ONLY_V1 } from '../common';
import { isV1, readId, simplifyOn } from '../customer/get.operation';

const show = { resource: ['contact'], operation: ['get'] };

/** Version 1's plain contact id; version 1.1 has the contact locator instead. */
export const contactIdProperty: INodeProperties = {
	displayName: 'Contact ID / 联系人ID',
	name: 'contactId',
	type: 'string',
	default: '',
	required: true,
	description: 'The ERP contact ID (ord) (联系人ID)',
	displayOptions: { show: ONLY_V1 },
};

const properties: INodeProperties[] = [contactIdProperty, contactLocator(), simplifyProperty];

export const description = updateDisplayOptions({ show }, properties);

/** The contact id (ord) of the item: v1's Contact ID, or what v1.1's locator points at. */
export async function contactOrd(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return isV1(this) ? readId.call(this, itemIndex, 'contactId', '联系人ID', 'Contact ID') : await resolveContact(this, itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const detail = await getContact(this, await contactOrd.call(this, itemIndex));
	return simplifyOn(this, itemIndex) ? simplifyContact(detail) : detail;
}
