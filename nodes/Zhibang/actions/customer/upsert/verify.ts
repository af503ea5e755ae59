/** Step 5 of Create or Update: one read-back of what this run wrote ("Verify Save"). */
import type { IExecuteFunctions } from 'n8n-workflow';

import { RERUN_ADVICE, verifyCustomer } from '../../../helpers/customers';
import type { Assigned } from './assign';
import type { CustomerState } from './findOrCreate';
import type { UpsertPlan } from './plan';

const COMPARE_ALL_ADVICE = {
	zh: '请打开“选项 → 比较全部字段”后重新运行该条：节点会读取客户详情并再次写入这些字段',
	en: 'Re-run the item with Options → Compare All Fields turned on: the node then reads the customer detail and writes these fields again',
};

/** Read the customer back when this run wrote something; the fields it does not show are `unverified`. */
export async function verifyWrites(
	this: IExecuteFunctions,
	plan: UpsertPlan,
	state: CustomerState,
	assigned: Assigned,
): Promise<{ verified: boolean; unverified?: string[] }> {
	const wrote = state.action !== 'unchanged' || assigned.assignment?.changed === true;
	if (!plan.verify || !wrote) return { verified: false };
	const check = await verifyCustomer(
		this,
		state.ord,
		{ ...state.written, ...(state.action !== 'unchanged' ? { intsort: state.saveType } : {}) },
		assigned.owners,
		plan.compareAll ? RERUN_ADVICE : COMPARE_ALL_ADVICE,
	);
	return { verified: true, unverified: check.unverified };
}
