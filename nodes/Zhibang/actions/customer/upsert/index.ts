/**
 * Create or Update (Upsert), idempotent by a match key — the customer number (khid) or the mobile:
 *
 * 1. Every parameter is read and checked first (plan.ts); a bad item fails before any request.
 * 2. One list request filtered by the key finds the customer (exact match on the returned rows).
 * 3. Absent → allocate an id and save (findOrCreate.ts). Present → compare the wanted values with
 *    the fields the list row shows; save only when one differs (reconcile.ts; "unchanged" costs
 *    exactly one request). Fields the row does not show are not compared unless "Compare All
 *    Fields" reads the detail too.
 * 4. A save is never retried blindly: after a transport failure (timeout, dropped connection,
 *    5xx) the node looks again and adopts the customer if the write had been applied.
 * 5. Optional assignment by score (assign.ts) and follow-up record (followUp.ts); then one
 *    read-back (verify.ts).
 *
 * Requests per item (no assignment, no follow-up): new 3 (+1 read-back), changed 3 (+1), unchanged 1.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../../../shared/execute';
import { unverifiedOutput } from '../../../helpers/customers';
import { withKeyLock } from '../../../helpers/keyLock';
import { str } from '../../common';
import { assignByScore } from './assign';
import { findOrCreate } from './findOrCreate';
import { addFollowUp } from './followUp';
import { readPlan, type UpsertPlan } from './plan';
import { reconcile } from './reconcile';
import { verifyWrites } from './verify';

export { description } from './description';

/** Every output item reports the re-logins the item needed (`sessionRefreshes`). */
export const reportSessionRefreshes = true;

/** The "Concurrency" option (1–10): how many items run at once; items with the same key never do. */
export function concurrency(this: IExecuteFunctions): number {
	if (this.getInputData().length === 0) return 1;
	const value = Number(this.getNodeParameter('options.concurrency', 0, 1));
	if (!Number.isInteger(value) || value < 1 || value > 10) {
		throw parameterError(this.getNode(), '并发数必须是 1–10 的整数', 'Concurrency must be a whole number from 1 to 10');
	}
	return value;
}

async function upsert(this: IExecuteFunctions, plan: UpsertPlan): Promise<IDataObject> {
	const found = await findOrCreate.call(this, plan);
	const state = 'created' in found ? found.created : await reconcile.call(this, plan, found.row, found.recovered);
	const assigned = await assignByScore.call(this, plan, state);
	const followUp = await addFollowUp.call(this, plan, state.ord, state.action);
	const { verified, unverified } = await verifyWrites.call(this, plan, state, assigned);
	return {
		action: state.action,
		customerId: state.ord,
		khid: state.khid || null,
		matchedBy: plan.matchBy,
		assignment: assigned.assignment,
		followUp,
		verified,
		recovered: state.recovered || assigned.recovered,
		...unverifiedOutput(unverified),
		...(state.action === 'updated' ? { changedFields: state.changedFields } : {}),
		// Only for a namesake: the name the ERP holds this customer under, e.g. 刘总（8000）.
		...(state.storedName !== str(plan.desired.name).trim() ? { storedName: state.storedName } : {}),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const plan = readPlan.call(this, itemIndex);
	return await withKeyLock(this, `${plan.matchBy}:${plan.key.toLowerCase()}`, async () => await upsert.call(this, plan));
}
