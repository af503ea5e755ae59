import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { assignCustomer } from '../../api';
import { readCustomerIfExists, unverifiedOutput, verifyCustomer } from '../../helpers/customers';
import { saveChecked } from '../../helpers/recovery';
import { ownersMatch } from '../../rules';
import { str, verifySaveOptions } from '../common';
import { customerOrd, customerProperties } from './get.operation';

const show = { resource: ['customer'], operation: ['assign'] };

const properties: INodeProperties[] = [
	...customerProperties,
	{
		displayName: 'Assign To / 指派给',
		name: 'assignTo',
		type: 'options',
		options: [
			{ name: 'Public Pool / 公海（对所有用户公开）', value: 'pool' },
			{ name: 'Users / 指定销售人员', value: 'users' },
		],
		default: 'users',
	},
	{
		displayName: '用户 / User Names or IDs',
		name: 'userIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: [],
		required: true,
		displayOptions: { show: { assignTo: ['users'] } },
		description: 'The sales users who will own the customer (指派人员). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	verifySaveOptions,
];

export const description = updateDisplayOptions({ show }, properties);

export function userList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : str(value).split(/[,，]/);
	return [...new Set(list.map(str).filter(Boolean))];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const ord = await customerOrd.call(this, itemIndex);
	const assignTo = this.getNodeParameter('assignTo', itemIndex, 'users') as string;
	let target: string[] | 'pool' = 'pool';
	if (assignTo === 'users') {
		target = userList(this.getNodeParameter('userIds', itemIndex, []));
		if (target.length === 0) throw parameterError(this.getNode(), '请选择指派人员', 'Choose at least one user to assign to', itemIndex);
		const bad = target.find((id) => !/^\d+$/.test(id));
		if (bad) throw parameterError(this.getNode(), `用户ID必须是数字（${bad}）`, `User IDs must be numbers (${bad})`, itemIndex);
	}
	const verify = this.getNodeParameter('options.verifySave', itemIndex, true) as boolean;
	const saved = await saveChecked(
		{ zh: '指派客户', en: 'assign the customer' },
		async () => await assignCustomer(this, ord, target),
		async () => {
			const detail = await readCustomerIfExists(this, ord);
			return detail && detail.cateid !== undefined && ownersMatch(target, detail.cateid) ? detail : undefined;
		},
	);
	const check = verify ? await verifyCustomer(this, ord, {}, target) : undefined;
	const detail = check ? check.detail : saved.adopted;
	return {
		customerId: ord,
		assignment: target === 'pool' ? { mode: 'pool' } : { mode: 'users', userIds: target },
		owner: detail?.cateid ?? null,
		ownerName: detail?.cateName ?? null,
		verified: verify,
		recovered: saved.recovered,
		...unverifiedOutput(check?.unverified),
	};
}
