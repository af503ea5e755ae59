import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { saveCustomer } from '../../api';
import { completeCustomerSave, readCustomerIfExists, unverifiedOutput, verifyCustomer } from '../../helpers/customers';
import { saveChecked } from '../../helpers/recovery';
import { diffRecord } from '../../rules';
import { CUSTOMER_FIELD_IDS, customerFieldOptions, customerFieldsToDatas, str, verifySaveOptions } from '../common';
import { customerOrd, customerProperties } from './get.operation';

const show = { resource: ['customer'], operation: ['update'] };

const properties: INodeProperties[] = [
	...customerProperties,
	{
		displayName: 'Update Fields',
		hint: '更新字段：只改动在此添加的字段',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field / 添加字段',
		default: {},
		description: 'Only the fields given here change; the others keep the values the ERP shows now (只更新填写的字段，其余字段保持原值)',
		options: customerFieldOptions(),
	},
	verifySaveOptions,
];

export const description = updateDisplayOptions({ show }, properties);

const REQUIRED_WHEN_GIVEN: Record<string, [string, string]> = {
	name: ['客户名称', 'Name'],
	category: ['客户分类', 'Category'],
	contactName: ['联系人', 'Contact Name'],
};

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const ord = await customerOrd.call(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	for (const [key, [zh, en]] of Object.entries(REQUIRED_WHEN_GIVEN)) {
		if (key in fields && !str(fields[key])) {
			const id = key === 'category' ? 'sort1' : CUSTOMER_FIELD_IDS[key];
			throw parameterError(this.getNode(), `“${zh}”不能为空（${id}）`, `"${en}" must not be empty (${id})`, itemIndex);
		}
	}
	const { datas: changes, intsort } = customerFieldsToDatas(this, itemIndex, fields);
	if (Object.keys(changes).length === 0 && intsort === undefined) {
		throw parameterError(this.getNode(), '没有要更新的字段', 'No fields to update: add at least one under Update Fields', itemIndex);
	}
	const verify = this.getNodeParameter('options.verifySave', itemIndex, true) as boolean;
	const desired: IDataObject = { ord, ...changes, ...(intsort ? { intsort } : {}) };
	// The save carries the whole customer: the given fields, the others as the ERP shows them now.
	const { datas } = await completeCustomerSave(this, ord, changes, intsort);
	const saved = await saveChecked(
		{ zh: '更新客户', en: 'update the customer' },
		async () => await saveCustomer(this, intsort, datas),
		async () => {
			// An update is applied when the customer shows every value we sent.
			const detail = await readCustomerIfExists(this, ord);
			return detail && diffRecord(desired, detail).different.length === 0 ? detail : undefined;
		},
	);
	const check = verify ? await verifyCustomer(this, ord, desired) : undefined;
	const detail = check ? check.detail : saved.adopted;
	return {
		customerId: ord,
		updatedFields: Object.keys(desired).filter((id) => id !== 'ord'),
		verified: verify,
		recovered: saved.recovered,
		...unverifiedOutput(check?.unverified),
		...(detail ?? desired),
		ord,
	};
}
