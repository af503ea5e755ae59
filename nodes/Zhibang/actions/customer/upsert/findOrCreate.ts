/**
 * Step 1 of Create or Update: one list request filtered by the key finds the customer; absent →
 * allocate an id and save. A duplicate refusal may be another writer's twin (adopted) or a
 * namesake (saved once more under its tagged name).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findServiceError } from '../../../../shared/errors';
import { allocateCustomer, saveCustomer, type CustomerType, type Datas } from '../../../api';
import { explainDuplicate, findNameConflict, lookupCustomer, nameConflictError } from '../../../helpers/customers';
import { saveChecked, type CheckedSave } from '../../../helpers/recovery';
import { withNamesakeTag } from '../../../rules';
import { str } from '../../common';
import type { UpsertPlan } from './plan';

export type Action = 'created' | 'updated' | 'unchanged';

/** The customer once created, or found and reconciled. */
export interface CustomerState {
	action: Action;
	ord: string;
	khid: string;
	recovered: boolean;
	/** Fields an update changed ('intsort' first when the type changed). */
	changedFields: string[];
	/** The owner column of the customer as last seen; undefined = unknown. */
	owner: unknown;
	/** What the customer should show now, and the type its saves carry. */
	written: Datas;
	saveType: CustomerType;
	/** The name the customer is stored under (a namesake's carries its tag). */
	storedName: string;
}

/** A customer this run created, or the existing row to reconcile. */
export type Found = { created: CustomerState } | { row: IDataObject; recovered: boolean };

/**
 * The ERP refused a save of `datas`. If another customer holds the name: a namesake gets the
 * distinguishing tag (once, with "Add Last 4 Digits of Mobile"), anything else fails the item with
 * the advice that fits who holds the name. Returns the datas to send instead; throws otherwise.
 */
async function renameForNamesake(this: IExecuteFunctions, plan: UpsertPlan, datas: Datas, refusal: unknown, mayRename: boolean): Promise<Datas> {
	if (findServiceError(refusal)?.kind !== 'business') throw refusal;
	const name = str(datas.name);
	const conflict = await findNameConflict(this, name, str(datas.ord), plan.mobile);
	if (!conflict) throw explainDuplicate(refusal, plan.key);
	if (conflict.kind === 'namesake' && plan.onNameConflict === 'suffix' && plan.nameTag && mayRename) {
		this.logger.debug(`Zhibang: customer name already used by customer ${String(conflict.other.ord)}; saving the namesake with its tag`);
		return { ...datas, name: withNamesakeTag(name, plan.nameTag) };
	}
	throw nameConflictError(conflict, name, plan.key, refusal);
}

/**
 * Save `first`; when the ERP refuses it, `adopt` may name the record to carry on with instead
 * (another writer's twin) or throw; otherwise a namesake is saved once more under its tagged name.
 * Two saves at most: `renameForNamesake` only returns for the first refusal.
 */
export async function saveUnderFreeName(
	this: IExecuteFunctions,
	plan: UpsertPlan,
	first: Datas,
	save: (datas: Datas) => Promise<CheckedSave<IDataObject>>,
	adopt: (refusal: unknown) => Promise<IDataObject | undefined>,
): Promise<{ saved: CheckedSave<IDataObject>; datas: Datas } | { adopted: IDataObject }> {
	let datas = first;
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return { saved: await save(datas), datas };
		} catch (error) {
			failure = error;
		}
		const adopted = await adopt(failure);
		if (adopted) return { adopted };
		datas = await renameForNamesake.call(this, plan, datas, failure, attempt === 1);
	}
}

export async function findOrCreate(this: IExecuteFunctions, plan: UpsertPlan): Promise<Found> {
	const { intsort, desired } = plan;
	const { row } = await lookupCustomer(this, plan.matchBy, plan.key);
	if (row) return { row, recovered: false };

	const allocated = await allocateCustomer(this, intsort);
	const outcome = await saveUnderFreeName.call(
		this,
		plan,
		{ ord: allocated.ord, ...desired, khid: str(desired.khid) || allocated.khid || undefined },
		async (datas) =>
			await saveChecked(
				{ zh: '创建客户', en: 'create the customer' },
				async () => await saveCustomer(this, intsort, datas),
				async () => (await lookupCustomer(this, plan.matchBy, plan.key)).row,
			),
		// A duplicate refusal can mean another execution or worker created this customer at the same
		// moment (a lock only spans one execution): if the key finds it now, carry on with that one.
		async (refusal) => (findServiceError(refusal)?.kind === 'business' ? (await lookupCustomer(this, plan.matchBy, plan.key)).row : undefined),
	);
	if ('adopted' in outcome) return { row: outcome.adopted, recovered: true };
	if (outcome.saved.adopted && String(outcome.saved.adopted.ord) !== allocated.ord) {
		// Another writer created a customer with this key meanwhile: treat it as the existing one.
		return { row: outcome.saved.adopted, recovered: outcome.saved.recovered };
	}
	const storedName = str(outcome.datas.name);
	return {
		created: {
			action: 'created',
			ord: allocated.ord,
			khid: str(outcome.datas.khid),
			recovered: outcome.saved.recovered,
			changedFields: [],
			owner: undefined,
			written: { ...desired, name: storedName },
			saveType: intsort,
			storedName,
		},
	};
}
