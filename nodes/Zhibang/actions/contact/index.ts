import { defineResource } from '../../../shared/operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const contact = defineResource({
	name: 'Contact / 联系人',
	default: 'create',
	operations: {
		create: {
			module: create,
			name: 'Create / 新建',
			description: 'Add a contact to a customer / 为客户添加联系人',
			action: 'Create a contact / 新建联系人',
		},
		get: {
			module: get,
			name: 'Get / 获取',
			description: 'Get a contact by ID / 按ID获取联系人',
			action: 'Get a contact / 获取联系人',
		},
		getAll: {
			module: getAll,
			name: 'Get Many / 获取多条',
			description: 'List contacts, e.g. of one customer / 查询联系人列表',
			action: 'Get many contacts / 查询联系人列表',
		},
	},
});
