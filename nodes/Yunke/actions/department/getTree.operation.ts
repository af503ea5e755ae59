import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchDepartmentTree } from '../../api';
import { treeRoots } from '../../helpers/tree';

const show = { resource: ['department'], operation: ['getTree'] };

const properties: INodeProperties[] = [
	{
		displayName: '根部门 / Root Department Name or ID',
		name: 'departmentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		description: 'Leave empty for the whole company. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Include Users / 包含员工',
		name: 'includeUsers',
		type: 'boolean',
		default: true,
		description: 'Whether to include the users of each department (是否包含部门成员)',
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = String(this.getNodeParameter('departmentId', itemIndex, '') ?? '');
	const showUser = this.getNodeParameter('includeUsers', itemIndex, true) as boolean;
	return treeRoots(await fetchDepartmentTree(this, { showUser, id: id || undefined })) as IDataObject[];
}
