import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parameterError, runPerItem, type ItemOperation } from '../../shared/execute';
import * as contact from './contact';
import * as custom from './custom';
import * as customer from './customer';
import * as followUp from './followUp';
import * as user from './user';

const operations: Record<string, Record<string, ItemOperation>> = {
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
	return Number.isInteger(value) ? Math.min(10, Math.max(1, value)) : 1;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw parameterError(this.getNode(), `不支持的操作 ${resource}.${operation}`, `Unsupported operation ${resource}.${operation}`);
	}
	return await runPerItem.call(this, run, {
		concurrency: concurrencyOf.call(this, resource, operation),
		reportSessionRefreshes: resource === 'customer' && operation === 'upsert',
	});
}
