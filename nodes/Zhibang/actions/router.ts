import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route, type OperationTable } from '../../shared/execute';
import * as contact from './contact';
import * as custom from './custom';
import * as customer from './customer';
import * as followUp from './followUp';
import * as lead from './lead';
import * as user from './user';

const operations: OperationTable = {
	customer: {
		assign: customer.assign.execute,
		create: customer.create.execute,
		get: customer.get.execute,
		getAll: customer.getAll.execute,
		update: customer.update.execute,
		upsert: customer.upsert.execute,
	},
	followUp: { create: followUp.create.execute },
	contact: { create: contact.create.execute, get: contact.get.execute, getAll: contact.getAll.execute },
	user: { getAll: user.getAll.execute },
	custom: { apiCall: custom.apiCall.execute },
};

/** What an operation module may export about how its items run; without it, one item at a time. */
interface RunSettings {
	concurrency?: (this: IExecuteFunctions) => number;
	reportSessionRefreshes?: boolean;
}

const runSettings: Record<string, Record<string, RunSettings>> = { customer: { upsert: customer.upsert } };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Two outputs (Admitted, Rejected) instead of one item list: not a per-item operation.
	if (this.getNodeParameter('resource', 0) === 'lead' && this.getNodeParameter('operation', 0) === 'checkAdmission') {
		return await lead.checkAdmission.execute.call(this);
	}
	return await route.call(this, operations, (resource, operation) => {
		const settings = runSettings[resource]?.[operation];
		return { concurrency: settings?.concurrency?.call(this) ?? 1, reportSessionRefreshes: settings?.reportSessionRefreshes === true };
	});
}
