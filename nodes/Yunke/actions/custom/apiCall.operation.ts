import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { str } from '../../../shared/text';
import { yunkeRequest } from '../../transport';

const show = { resource: ['custom'], operation: ['apiCall'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Method / 请求方法',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'GET', value: 'GET', description: 'Read (读取)' },
			{ name: 'POST', value: 'POST', description: 'Send a body (发送请求体)' },
		],
		default: 'POST',
	},
	{
		displayName: 'Path / 路径',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/pc/callLog/list',
		description: 'Path on your company domain; the session, headers and envelope are handled (接口路径)',
	},
	{
		displayName: 'Referer Page / 来源页面',
		name: 'referer',
		type: 'string',
		default: '/cms/home/statistics',
		description: 'The console page the request claims to come from (some endpoints check it)',
	},
	{
		displayName: 'Body Type / 请求体类型',
		name: 'bodyType',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'A JSON body (JSON 请求体)' },
			{ name: 'Multipart Form / 表单', value: 'multipart', description: 'Text fields as multipart/form-data (表单字段)' },
		],
		default: 'json',
		displayOptions: { show: { method: ['POST'] } },
	},
	{
		displayName: 'Body / 请求体',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { method: ['POST'] } },
		description: 'JSON body, or for Multipart Form a flat JSON object of text fields',
	},
	{
		displayName: 'Idempotent / 幂等（可安全重试）',
		name: 'idempotent',
		type: 'boolean',
		default: false,
		description: 'Whether the call only reads data and may be retried after a network error or a 5xx; leave off for anything that writes (只读接口可打开以便重试)',
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const method = this.getNodeParameter('method', itemIndex) as 'GET' | 'POST';
	const path = str(this.getNodeParameter('path', itemIndex));
	if (!path.startsWith('/')) {
		throw parameterError(this.getNode(), '路径必须以 / 开头', 'Path must start with /', itemIndex);
	}
	let body: IDataObject | undefined;
	let form: Record<string, string> | undefined;
	if (method === 'POST') {
		const raw = this.getNodeParameter('body', itemIndex, '{}') as string | IDataObject;
		let parsed: unknown;
		try {
			parsed = typeof raw === 'string' ? JSON.parse(raw || '{}') : raw;
		} catch {
			throw parameterError(this.getNode(), '请求体不是有效的 JSON', 'Body is not valid JSON', itemIndex);
		}
		if ((this.getNodeParameter('bodyType', itemIndex, 'json') as string) === 'multipart') {
			form = Object.fromEntries(Object.entries(parsed as IDataObject).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
		} else {
			body = parsed as IDataObject;
		}
	}
	const envelope = await yunkeRequest(this, {
		method,
		path,
		referer: String(this.getNodeParameter('referer', itemIndex, '/cms/home/statistics')),
		body,
		form,
		idempotent: this.getNodeParameter('idempotent', itemIndex, false) as boolean,
	});
	return envelope as IDataObject;
}
