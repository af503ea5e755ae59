import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { parameterError } from '../../../shared/execute';
import { fetchDepartmentTree } from '../../api';
import { flattenTree, subtreeIds } from '../../helpers/tree';

// getManyUsers: the value of nodes saved before version 1.1.
const show = { resource: ['department'], operation: ['getAllUsers', 'getManyUsers'] };

const properties: INodeProperties[] = [
	{
		displayName: '部门 / Department Name or ID',
		name: 'departmentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		description: 'Users of this department and its sub-departments; empty for everyone. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...returnAllOrLimit(show),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const departmentId = String(this.getNodeParameter('departmentId', itemIndex, '') ?? '');
	const limit = limitOf(this, itemIndex) ?? Infinity;
	const { departments, users } = flattenTree(await fetchDepartmentTree(this, { showUser: true }));
	if (departmentId && !departments.some((dept) => dept.id === departmentId)) {
		throw parameterError(this.getNode(), `部门 ${departmentId} 不存在`, `Department ${departmentId} is not in the department tree`, itemIndex);
	}
	const wanted = departmentId ? subtreeIds(departments, departmentId) : undefined;
	return users.filter((user) => !wanted || wanted.has(user.departmentId)).slice(0, limit) as unknown as IDataObject[];
}
