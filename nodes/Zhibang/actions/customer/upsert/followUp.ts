/** Step 4 of Create or Update: the follow-up record, when "Add Follow-Up When" matches what this run did. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createFollowUp } from '../../../api';
import { writeUnchecked } from '../../../helpers/recovery';
import type { Action } from './findOrCreate';
import type { UpsertPlan } from './plan';

export async function addFollowUp(this: IExecuteFunctions, plan: UpsertPlan, ord: string, action: Action): Promise<IDataObject | null> {
	const f = plan.followUp;
	if (!f) return null;
	if (!(f.when === 'always' || (f.when === 'created' && action === 'created') || (f.when === 'changed' && action !== 'unchanged'))) return null;
	// Not idempotent and not retried: the ERP offers no way to look a follow-up up.
	await writeUnchecked({ zh: '添加跟进记录', en: 'add the follow-up' }, async () =>
		await createFollowUp(this, 'tel', { ord, intro: f.intro, sort: f.method, lead: 0, plantype: 0 }),
	);
	return { saved: true, method: f.method, content: f.intro };
}
