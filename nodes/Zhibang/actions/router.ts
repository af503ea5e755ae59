import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parameterError, route, type OperationTable } from '../../shared/execute';
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

/** The "Concurrency" option of the upsert (1–10); every other operation runs one item at a time. */
function concurrencyOf(this: IExecuteFunctions, resource: string, operation: string): number {
	if (resource !== 'customer' || operation !== 'upsert' || this.getInputData().length === 0) return 1;
	const value = Number(this.getNodeParameter('options.concurrency', 0, 1));
	if (!Number.isInteger(value) || value < 1 || value > 10) {
		throw parameterError(this.getNode(), '并发数必须是 1–10 的整数', 'Concurrency must be a whole number from 1 to 10');
	}
	return value;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Two outputs (Admitted, Rejected) instead of one item list: not a per-item operation.
	if (this.getNodeParameter('resource', 0) === 'lead' && this.getNodeParameter('operation', 0) === 'checkAdmission') {
		return await lead.checkAdmission.execute.call(this);
	}
	return await route.call(this, operations, (resource, operation) => ({
		concurrency: concurrencyOf.call(this, resource, operation),
		reportSessionRefreshes: resource === 'customer' && operation === 'upsert',
	}));
}
