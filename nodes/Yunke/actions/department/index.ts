import { defineResource } from '../../../shared/operations';
import * as getManyUsers from './getManyUsers.operation';
import * as getTree from './getTree.operation';

export const department = defineResource({
	name: 'Department / 部门',
	default: 'getTree',
	operations: {
		getManyUsers: {
			module: getManyUsers,
			name: 'Get Many Users',
			description: 'List users with their department path / 获取员工列表（含部门路径）',
			action: 'Get many users / 获取员工列表',
		},
		getTree: {
			module: getTree,
			name: 'Get Tree',
			description: 'Get the department tree / 获取部门树',
			action: 'Get the department tree / 获取部门树',
		},
	},
});
