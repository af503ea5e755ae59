import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route, type OperationTable } from '../../shared/execute';
import * as callLog from './callLog';
import * as custom from './custom';
import * as department from './department';
import * as recording from './recording';
import * as report from './report';

const operations: OperationTable = {
	callLog: { getMany: callLog.getMany.execute },
	recording: { getUrl: recording.getUrl.execute, download: recording.download.execute },
	report: { getCallReport: report.getCallReport.execute },
	department: { getTree: department.getTree.execute, getManyUsers: department.getManyUsers.execute },
	custom: { apiCall: custom.apiCall.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations);
}
