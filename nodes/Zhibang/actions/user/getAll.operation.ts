import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { listUsers } from '../../api';
import { str } from '../common';

const show = { resource: ['user'], operation: ['getAll'] };

const properties: INodeProperties[] = [
	...returnAllOrLimit(show),
	{
		displayName: 'Filters / 筛选条件',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter / 添加筛选',
		default: {},
		options: [{ displayName: 'Name / 姓名', name: 'name', type: 'string', default: '', description: 'Part of the user name (姓名，模糊匹配)' }],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = limitOf(this, itemIndex) ?? Infinity;
	const name = str(this.getNodeParameter('filters.name', itemIndex, ''));
	const users = await listUsers(this, name || undefined);
	// The picker may ignore the name filter on some installs: filter here as well.
	return users.filter((user) => !name || str(user.name).includes(name)).slice(0, limit);
}
