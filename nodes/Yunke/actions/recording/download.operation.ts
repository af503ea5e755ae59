import type { IBinaryKeyData, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ServiceError } from '../../../shared/errors';
import { parameterError } from '../../../shared/execute';
import { headerOf, normaliseRequestError, type FullResponse } from '../../../shared/http';
import { excerpt } from '../../../shared/mask';
import { withRetries } from '../../../shared/transport';
import { transportSettings, type TransportSettings } from '../../../shared/transportSettings';
import { fetchRecordUrl } from '../../api';
import { COMMON_HEADERS, REFERERS } from '../../transport/constants';
import { yunkeSessionDomain } from '../../transport';

const show = { resource: ['recording'], operation: ['download'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
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
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		default: '={{ $json.id }}',
		description: 'The call log ID; also names the file &lt;ID&gt;.mp3 (通话记录 ID，同时用作文件名)',
	},
	{
		displayName: 'Recording URL',
		name: 'recordingUrl',
		type: 'string',
		default: '={{ $json.recordingUrl || $json.recordFile }}',
		required: true,
		displayOptions: { show: { source: ['url'] } },
		description: 'The recording URL of a call log item (Simplify on: recordingUrl; off: recordFile)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the MP3 in',
	},
];

export const description = updateDisplayOptions({ show }, properties);

/** The response body when `encoding: 'stream'` is used (a Node.js Readable). */
type BodyStream = AsyncIterable<Buffer> & { destroy(): void };

async function readText(stream: BodyStream, max = 2048): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		chunks.push(Buffer.from(chunk as Buffer));
		size += (chunk as Buffer).length;
		if (size >= max) break;
	}
	stream.destroy();
	return Buffer.concat(chunks).toString('utf8');
}

/** GET the file without any session cookie (the OSS host is not the console); only the Referer it checks. */
async function requestRecording(
	this: IExecuteFunctions,
	url: string,
	referer: string,
	settings: TransportSettings,
): Promise<FullResponse> {
	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			headers: { 'user-agent': COMMON_HEADERS['user-agent'], accept: 'audio/*,*/*', referer },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
			skipSslCertificateValidation: settings.insecure,
		})) as FullResponse;
	} catch (error) {
		throw normaliseRequestError('Yunke', error, '录音下载 recording download');
	}
	const contentType = headerOf(response, 'content-type');
	if (response.statusCode !== 200 || /json|xml|html/i.test(contentType)) {
		const text = await readText(response.body as BodyStream);
		const status = response.statusCode;
		throw new ServiceError(
			status === 403
				? `录音服务器拒绝下载（HTTP 403，防盗链或地址已过期）/ The recording server refused the download (HTTP 403: referer check or an expired URL)`
				: `录音下载失败（HTTP ${status}，${contentType || '无类型'}）/ Recording download failed (HTTP ${status}, ${contentType || 'no content type'})`,
			{
				service: 'Yunke',
				kind: status >= 500 ? 'transport' : 'business',
				httpStatus: status,
				serviceCode: String(status),
				description: excerpt(text),
			},
		);
	}
	return response;
}

function fileIdFrom(url: string): string {
	const last = url.split('?')[0].split('/').pop() ?? '';
	return decodeURIComponent(last).replace(/\.mp3$/i, '') || 'recording';
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const source = this.getNodeParameter('source', itemIndex) as 'callId' | 'url';
	const callId = String(this.getNodeParameter('callId', itemIndex, '') ?? '').trim();
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	let url: string;
	if (source === 'url') {
		url = String(this.getNodeParameter('recordingUrl', itemIndex) ?? '').trim();
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
	const settings = transportSettings(await this.getCredentials('yunkeApi'));
	const referer = `${await yunkeSessionDomain(this)}${REFERERS.record}`;
	const response = await withRetries(this, 'Yunke', '录音下载 recording download', true, settings, async () =>
		await requestRecording.call(this, url, referer, settings),
	);
	const id = callId || fileIdFrom(url);
	const fileName = `${id}.mp3`;
	const binary: IBinaryKeyData = {
		[binaryPropertyName]: await this.helpers.prepareBinaryData(response.body as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], fileName, 'audio/mpeg'),
	};
	const size = Number(headerOf(response, 'content-length')) || undefined;
	return [{ json: { id, fileName, mimeType: 'audio/mpeg', ...(size ? { size } : {}) }, binary }];
}
