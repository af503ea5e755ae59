import { defineResource } from '../../../shared/operations';
import * as getAll from './getAll.operation';

export const user = defineResource({
	name: 'User / 用户',
	default: 'getAll',
	operations: {
		getAll: {
			module: getAll,
			name: 'Get Many / 获取多条',
			description: 'List the ERP users (sales people) / 获取 ERP 用户（销售人员）列表',
			action: 'Get many users / 获取用户列表',
		},
	},
});
