/**
 * Step 2 of Create or Update, for a customer that exists: compare the wanted values with the fields
 * the list row shows (the detail too with "Compare All Fields") and save only when one differs.
 * The save carries the whole customer (our values on top of its detail): servers differ in what
 * they do with fields a save leaves out.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { saveCustomer, type CustomerType, type Datas } from '../../../api';
import { completeCustomerSave, readCustomerIfExists } from '../../../helpers/customers';
import { saveChecked } from '../../../helpers/recovery';
import { diffRecord, sameOrTaggedName } from '../../../rules';
import { str } from '../../common';
import { saveUnderFreeName, type CustomerState } from './findOrCreate';
import type { UpsertPlan } from './plan';

/** What the existing customer should show, and the type its save carries. */
function wantedFor(plan: UpsertPlan, row: IDataObject): { written: Datas; saveType: CustomerType; typeChanged: boolean } {
	const { intsort, desired } = plan;
	const rowType = str(row.intsort) === '1' ? 1 : str(row.intsort) === '2' ? 2 : undefined;
	let written: Datas = desired;
	let saveType: CustomerType = intsort;
	let typeChanged = false;
	if (plan.keepExisting) {
		// An existing customer keeps its type, source and category (e.g. one found by a call's mobile).
		written = { ...desired };
		delete written.ly;
		delete written.sort1;
		if (rowType) saveType = rowType;
		if (rowType === 2) delete written.person_name;
	} else {
		typeChanged = rowType !== undefined && rowType !== intsort;
	}
	if (plan.matchBy === 'mobile' && written.khid !== undefined) {
		// Matched by mobile, the Customer Number is for new customers only: an existing one keeps its own.
		written = { ...written };
		delete written.khid;
	}
	if (written.name !== undefined && sameOrTaggedName(row.name, str(written.name), plan.nameTag)) {
		// Saved earlier as a namesake (刘总（8000）): that is this customer's name, not a change.
		written = { ...written, name: str(row.name).trim() };
	}
	return { written, saveType, typeChanged };
}

export async function reconcile(this: IExecuteFunctions, plan: UpsertPlan, row: IDataObject, recovered: boolean): Promise<CustomerState> {
	const ord = String(row.ord);
	const { saveType, typeChanged, ...wanted } = wantedFor(plan, row);
	let written = wanted.written;
	let owner: unknown = row.cateid;
	let { different } = diffRecord(written, row);
	/** The customer's detail, once read. */
	let detail: IDataObject | undefined;
	if (plan.compareAll && different.length === 0 && !typeChanged) {
		detail = await readCustomerIfExists(this, ord);
		if (detail) {
			// Fields the detail does not show stay unknown: not a reason to write.
			different = diffRecord(written, detail).different;
			if (detail.cateid !== undefined) owner = detail.cateid;
		}
	}
	const changedFields = typeChanged ? ['intsort', ...different] : different;
	let action: CustomerState['action'] = 'unchanged';
	if (changedFields.length) {
		// The save carries the whole customer: our values, the others as the ERP shows them now.
		const complete = await completeCustomerSave(this, ord, written, saveType, detail);
		const outcome = await saveUnderFreeName.call(
			this,
			plan,
			complete.datas,
			async (datas) => {
				const wanted: IDataObject = { ...datas, intsort: saveType };
				return await saveChecked(
					{ zh: '更新客户', en: 'update the customer' },
					async () => await saveCustomer(this, saveType, datas),
					async () => {
						const shown = await readCustomerIfExists(this, ord);
						return shown && diffRecord(wanted, shown).different.length === 0 ? shown : undefined;
					},
				);
			},
			// Only a refused new name can be a namesake's: any other refusal fails the item as it is.
			async (refusal) => {
				if (!changedFields.includes('name')) throw refusal;
				return undefined;
			},
		);
		if ('saved' in outcome) {
			recovered = recovered || outcome.saved.recovered;
			// Saved under a namesake's tagged name: that is what the customer shows now.
			if (outcome.datas !== complete.datas) written = { ...written, name: outcome.datas.name };
			action = 'updated';
		}
	}
	return {
		action,
		ord,
		khid: str(row.khid) || str(plan.desired.khid),
		recovered,
		changedFields,
		owner,
		written,
		saveType,
		storedName: str(written.name ?? row.name),
	};
}
