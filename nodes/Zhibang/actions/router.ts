import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/execute';
import type { OperationMap } from '../../shared/operations';
import { contact } from './contact';
import { custom } from './custom';
import { customer } from './customer';
import { followUp } from './followUp';
import { lead } from './lead';
import { user } from './user';

/** Every resource and operation of the Zhibang node: the editor's dropdowns and the router are made from it. */
export const operations = { contact, custom, customer, followUp, lead, user } satisfies OperationMap;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations);
}
