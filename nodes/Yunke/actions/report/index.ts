import { defineResource } from '../../../shared/operations';
import * as getCallReport from './getCallReport.operation';

export const report = defineResource({
	name: 'Report / 报表',
	default: 'getCallReport',
	operations: {
		getCallReport: {
			module: getCallReport,
			name: 'Get Call Report / 获取通话报表',
			description: 'Per-agent call statistics of a date range / 按坐席统计通话报表',
			action: 'Get a call report / 获取通话报表',
		},
	},
});
