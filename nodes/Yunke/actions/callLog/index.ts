import { defineResource } from '../../../shared/operations';
import * as getAll from './getAll.operation';

export const callLog = defineResource({
	name: 'Call Log / 通话记录',
	default: 'getAll',
	operations: {
		getAll: {
			module: getAll,
			valueBeforeV1_1: 'getMany',
			name: 'Get Many / 获取多条',
			description: 'List call logs of a time range / 获取某时间段的通话记录',
			action: 'Get many call logs / 获取通话记录',
		},
	},
});
