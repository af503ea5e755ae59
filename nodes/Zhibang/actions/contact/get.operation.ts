import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getContact } from '../../api';
import { readId } from '../customer/get.operation';

const show = { resource: ['contact'], operation: ['get'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID / 联系人ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ERP contact ID (ord) (联系人ID)',
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await getContact(this, readId.call(this, itemIndex, 'contactId', '联系人ID', 'Contact ID'));
}
