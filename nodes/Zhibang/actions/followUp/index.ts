import { defineResource } from '../../../shared/operations';
import * as create from './create.operation';

export const followUp = defineResource({
	name: 'Follow-Up / 洽谈进展',
	default: 'create',
	operations: {
		create: {
			module: create,
			name: 'Create / 新建',
			description: 'Add a follow-up record (洽谈进展) to a customer or contact / 添加洽谈进展',
			action: 'Create a follow up record / 添加跟进记录',
		},
	},
});
