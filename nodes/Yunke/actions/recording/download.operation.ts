import type { IBinaryKeyData, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { str } from '../../../shared/text';
import { fetchRecordUrl } from '../../api';
import { downloadRecording } from '../../transport/download';

const show = { resource: ['recording'], operation: ['download'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Source / 来源',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Call ID / 通话 ID',
				value: 'callId',
				description: 'Ask Yunke for the recording URL of a call, then download it',
			},
			{
				name: 'Recording URL / 录音地址',
				value: 'url',
				description: 'Download a URL you already have, e.g. recordingUrl of a call log',
			},
		],
		default: 'callId',
	},
	{
		displayName: 'Call ID / 通话 ID',
		name: 'callId',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'The call log ID; also names the file &lt;ID&gt;.mp3 (通话记录 ID，同时用作文件名)',
	},
	{
		displayName: 'Recording URL / 录音地址',
		name: 'recordingUrl',
		type: 'string',
		default: '={{ $json.recordingUrl || $json.recordFile }}',
		required: true,
		displayOptions: { show: { source: ['url'] } },
		description: 'The recording URL of a call log item (Simplify on: recordingUrl; off: recordFile)',
	},
	{
		displayName: 'Put Output File in Field / 输出文件字段',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the MP3 in',
	},
	{
		displayName: 'Options / 选项',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option / 添加选项',
		default: {},
		options: [
			{
				displayName: 'Max Size (MB) / 最大文件大小（MB）',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Refuse recordings larger than this, before or while downloading; 0 means no limit (超过则不下载，0 表示不限制)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

function fileIdFrom(url: string): string {
	const last = url.split('?')[0].split('/').pop() ?? '';
	return decodeURIComponent(last).replace(/\.mp3$/i, '') || 'recording';
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as 'callId' | 'url';
	const callId = str(this.getNodeParameter('callId', itemIndex, ''));
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	let url: string;
	if (source === 'url') {
		url = str(this.getNodeParameter('recordingUrl', itemIndex));
		if (!/^https?:\/\//i.test(url)) {
			throw parameterError(
				this.getNode(),
				'录音地址为空或不是 http(s) 地址（未接通的通话没有录音）',
				'The recording URL is empty or not an http(s) URL (calls that were not connected have no recording)',
				itemIndex,
			);
		}
	} else {
		if (!callId) throw parameterError(this.getNode(), '请填写通话 ID', 'Call ID is empty', itemIndex);
		url = await fetchRecordUrl(this, callId);
	}
	const maxSizeMb = Number(this.getNodeParameter('options.maxSizeMb', itemIndex, 0));
	if (!Number.isFinite(maxSizeMb) || maxSizeMb < 0) {
		throw parameterError(this.getNode(), '最大文件大小必须是不小于 0 的数字', 'Max Size (MB) must be a number of 0 or more', itemIndex);
	}
	const id = callId || fileIdFrom(url);
	const fileName = `${id}.mp3`;
	const maxBytes = maxSizeMb > 0 ? Math.floor(maxSizeMb * 1048576) : undefined;
	const { stored, size: bytes } = await downloadRecording(this, url, { maxBytes }, async (body) =>
		await this.helpers.prepareBinaryData(body as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], fileName, 'audio/mpeg'),
	);
	const binary: IBinaryKeyData = { [binaryPropertyName]: stored };
	const size = bytes || undefined;
	return [{ json: { id, fileName, mimeType: 'audio/mpeg', ...(size ? { size } : {}) }, binary }];
}
