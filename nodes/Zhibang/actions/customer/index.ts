import { defineResource } from '../../../shared/operations';
import * as assign from './assign.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';
import * as upsert from './upsert';

export const customer = defineResource({
	name: 'Customer / 客户',
	default: 'upsert',
	operations: {
		assign: {
			module: assign,
			name: 'Assign / 指派',
			description: 'Assign a customer to sales users or open it to the public pool / 指派客户或放入公海',
			action: 'Assign a customer / 指派客户',
		},
		create: {
			module: create,
			name: 'Create / 新建',
			description: 'Create a company or person customer / 新建单位或个人客户',
			action: 'Create a customer / 新建客户',
		},
		get: {
			module: get,
			name: 'Get / 获取',
			description: 'Get a customer by ID / 按客户ID获取客户详情',
			action: 'Get a customer / 获取客户',
		},
		getAll: {
			module: getAll,
			name: 'Get Many / 获取多条',
			description: 'List customers with filters / 按条件查询客户列表',
			action: 'Get many customers / 查询客户列表',
		},
		update: {
			module: update,
			name: 'Update / 更新',
			description: 'Update given fields of a customer / 更新客户的指定字段',
			action: 'Update a customer / 更新客户',
		},
		upsert: {
			module: upsert,
			name: 'Create or Update / 新建或更新',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update a customer / 新建或更新客户',
		},
	},
});
