import { defineResource } from '../../../shared/operations';
import * as getAllUsers from './getAllUsers.operation';
import * as getTree from './getTree.operation';

export const department = defineResource({
	name: 'Department / 部门',
	default: 'getTree',
	operations: {
		getAllUsers: {
			module: getAllUsers,
			valueBeforeV1_1: 'getManyUsers',
			name: 'Get Many Users / 获取员工',
			description: 'List users with their department path / 获取员工列表（含部门路径）',
			action: 'Get many users / 获取员工列表',
		},
		getTree: {
			module: getTree,
			name: 'Get Tree / 获取部门树',
			description: 'Get the department tree / 获取部门树',
			action: 'Get the department tree / 获取部门树',
		},
	},
});
