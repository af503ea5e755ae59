import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from '../../shared/execute';
import { fetchDepartmentTree } from '../api';
import { flattenTree, subtreeIds } from '../helpers/tree';

async function tree(this: ILoadOptionsFunctions, showUser: boolean) {
	try {
		return flattenTree(await fetchDepartmentTree(this, { showUser }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** Departments of the company, as "Company / Sales / Team A". */
export async function getDepartments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { departments } = await tree.call(this, false);
	return departments.map((dept) => ({ name: dept.path, value: dept.id }));
}

/** Users, narrowed to the department chosen next to the dropdown (filters.departmentId or departmentId). */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { departments, users } = await tree.call(this, true);
	const chosen = String(
		(this.getCurrentNodeParameter('filters.departmentId') as string | undefined) ??
			(this.getCurrentNodeParameter('departmentId') as string | undefined) ??
			'',
	);
	// An expression ("={{ … }}") cannot be resolved while editing: offer every user rather than none.
	const wanted = chosen && !chosen.startsWith('=') ? subtreeIds(departments, chosen) : undefined;
	return users
		.filter((user) => !wanted || wanted.has(user.departmentId))
		.map((user) => ({ name: `${user.name}（${user.departmentPath}）`, value: user.id }))
		.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
