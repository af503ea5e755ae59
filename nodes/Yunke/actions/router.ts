import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parameterError, runPerItem, type ItemOperation } from '../../shared/execute';
import * as callLog from './callLog';
import * as custom from './custom';
import * as department from './department';
import * as recording from './recording';
import * as report from './report';

const operations: Record<string, Record<string, ItemOperation>> = {
	callLog: { getMany: callLog.getMany.execute },
	recording: { getUrl: recording.getUrl.execute, download: recording.download.execute },
	report: { getCallReport: report.getCallReport.execute },
	department: { getTree: department.getTree.execute, getManyUsers: department.getManyUsers.execute },
	custom: { apiCall: custom.apiCall.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw parameterError(this.getNode(), `不支持的操作 ${resource}.${operation}`, `Unsupported operation ${resource}.${operation}`);
	}
	return await runPerItem.call(this, run);
}
