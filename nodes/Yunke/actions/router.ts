import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/execute';
import type { OperationMap } from '../../shared/operations';
import { callLog } from './callLog';
import { custom } from './custom';
import { department } from './department';
import { recording } from './recording';
import { report } from './report';

/** Every resource and operation of the Yunke node: the editor's dropdowns and the router are made from it. */
export const operations = { callLog, custom, department, recording, report } satisfies OperationMap;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, operations);
}
