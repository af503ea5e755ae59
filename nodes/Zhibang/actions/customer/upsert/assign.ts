/** Step 3 of Create or Update: assignment by score, skipped when the owner is known to be right. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { assignCustomer } from '../../../api';
import { readCustomerIfExists } from '../../../helpers/customers';
import { saveChecked } from '../../../helpers/recovery';
import { assignmentSatisfied } from '../../../rules';
import type { CustomerState } from './findOrCreate';
import type { UpsertPlan } from './plan';

export interface Assigned {
	/** The output's `assignment` (null without Assign by Score). */
	assignment: IDataObject | null;
	/** The owners the customer should show now; undefined when nothing was assigned. */
	owners?: string[] | 'pool';
	recovered: boolean;
}

export async function assignByScore(this: IExecuteFunctions, plan: UpsertPlan, state: CustomerState): Promise<Assigned> {
	const target = plan.assignment;
	if (!target) return { assignment: null, recovered: false };
	const owners = target.mode === 'pool' ? 'pool' : [target.userId];
	// A new customer belongs to whoever created it: assign unless we know it is already right.
	const satisfied = state.action !== 'created' && state.owner !== undefined && assignmentSatisfied(target, state.owner);
	let recovered = false;
	if (!satisfied) {
		const saved = await saveChecked(
			{ zh: '指派客户', en: 'assign the customer' },
			async () => await assignCustomer(this, state.ord, owners),
			async () => {
				const detail = await readCustomerIfExists(this, state.ord);
				return detail && detail.cateid !== undefined && assignmentSatisfied(target, detail.cateid) ? detail : undefined;
			},
		);
		recovered = saved.recovered;
	}
	return {
		assignment: {
			tier: target.tier,
			mode: target.mode,
			userId: target.mode === 'user' ? target.userId : null,
			score: plan.score ?? null,
			changed: !satisfied,
		},
		owners: satisfied ? undefined : owners,
		recovered,
	};
}
