import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { allocateCustomer, saveCustomer, type Datas } from '../../api';
import { readCustomerIfExists, unverifiedOutput, verifyCustomer } from '../../helpers/customers';
import { saveChecked } from '../../helpers/recovery';
import {
	customerNameFields,
	customerTypeField,
	customerFieldOptions,
	customerFieldsToDatas,
	erpIdsNotice,
	intsortOf,
	missingField,
	str,
	verifySaveOptions,
} from '../common';

const show = { resource: ['customer'], operation: ['create'] };

const properties: INodeProperties[] = [
	erpIdsNotice,
	customerTypeField,
	...customerNameFields,
	{
		displayName: 'Additional Fields / 附加字段',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field / 添加字段',
		default: {},
		options: customerFieldOptions(['category', 'contactName', 'customerType', 'name']),
	},
	verifySaveOptions,
];

export const description = updateDisplayOptions({ show }, properties);

/** Read and check the create parameters; throws (naming the field) before anything is sent. */
export function readNewCustomer(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: { type: unknown; name: unknown; category: unknown; contactName: unknown },
): { intsort: 1 | 2; base: Datas } {
	const intsort = intsortOf(fields.type);
	const name = str(fields.name);
	const category = str(fields.category);
	const contactName = intsort === 1 ? str(fields.contactName) : '';
	if (!name) throw missingField(this, itemIndex, '客户名称', 'Customer Name', 'name');
	if (!category) throw missingField(this, itemIndex, '客户分类', 'Category', 'sort1');
	if (intsort === 1 && !contactName) throw missingField(this, itemIndex, '联系人', 'Contact Name', 'person_name');
	const base: Datas = { name, sort1: category };
	if (intsort === 1) base.person_name = contactName;
	return { intsort, base };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { intsort, base } = readNewCustomer.call(this, itemIndex, {
		type: this.getNodeParameter('customerType', itemIndex, 'company'),
		name: this.getNodeParameter('name', itemIndex, ''),
		category: this.getNodeParameter('category', itemIndex, ''),
		contactName: intsortOf(this.getNodeParameter('customerType', itemIndex, 'company')) === 1 ? this.getNodeParameter('contactName', itemIndex, '') : '',
	});
	const extra = customerFieldsToDatas(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject).datas;
	const verify = this.getNodeParameter('options.verifySave', itemIndex, true) as boolean;
	const desired: Datas = { ...extra, ...base };

	const { ord, khid: proposed } = await allocateCustomer(this, intsort);
	const datas: Datas = { ord, ...desired, khid: str(desired.khid) || proposed || undefined };
	// Same ord on every attempt: a second save of an already applied one is an update, never a duplicate.
	const saved = await saveChecked(
		{ zh: '创建客户', en: 'create the customer' },
		async () => await saveCustomer(this, intsort, datas),
		async () => await readCustomerIfExists(this, ord),
	);
	const check = verify ? await verifyCustomer(this, ord, { ...datas, intsort }) : undefined;
	const detail = check ? check.detail : saved.adopted;
	return {
		customerId: ord,
		khid: str(detail?.khid) || str(datas.khid),
		verified: verify,
		recovered: saved.recovered,
		...unverifiedOutput(check?.unverified),
		...(detail ?? { ...datas, intsort }),
		ord,
	};
}
