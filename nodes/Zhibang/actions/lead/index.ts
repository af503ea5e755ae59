import { defineResource } from '../../../shared/operations';
import * as checkAdmission from './checkAdmission.operation';

export const lead = defineResource({
	name: 'Lead / 线索',
	default: 'checkAdmission',
	operations: {
		checkAdmission: {
			module: checkAdmission,
			name: 'Check Admission / 线索准入',
			description: 'Check leads before they are written to the ERP: valid mobile, name, company, verified phone, score; two outputs, Admitted and Rejected / 线索准入：两个输出（准入 / 拒绝）',
			action: 'Check lead admission / 线索准入',
		},
	},
});
