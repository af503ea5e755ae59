import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { str } from '../../../shared/text';
import { fetchRecordUrl } from '../../api';

const show = { resource: ['recording'], operation: ['getUrl'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Call ID / 通话 ID',
		name: 'callId',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		placeholder: 'phone-5f0c2a1e9b7d4c6f8a3e2d1c0b9a8f7e',
		description: 'The call log ID, also called callActionId or voiceId, e.g. from Get Many Call Logs (通话记录 ID)',
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const callId = str(this.getNodeParameter('callId', itemIndex));
	if (!callId) throw parameterError(this.getNode(), '请填写通话 ID', 'Call ID is empty', itemIndex);
	return { id: callId, recordingUrl: await fetchRecordUrl(this, callId) };
}
