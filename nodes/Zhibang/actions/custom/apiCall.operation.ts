import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError } from '../../../shared/execute';
import { objectToDatas } from '../../helpers/rows';
import { zhibangRequest } from '../../transport';
import { tableOf } from '../../transport/zsml';
import { str } from '../common';

const show = { resource: ['custom'], operation: ['apiCall'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Path / 接口路径',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/sysa/mobilephone/salesmanage/chance/list.asp',
		description: 'Path (and query) on the ERP server; the session and the envelope are handled (接口路径)',
	},
	{
		displayName: 'Body Type / 请求体',
		name: 'bodyType',
		type: 'options',
		options: [
			{ name: 'Datas / 表单数据 (Mobile, Ov1 Endpoints)', value: 'datas', description: 'The PostClass envelope: session, cmdkey and datas as ID/value pairs (会话、命令与数据项)' },
			{ name: 'Raw JSON / 原样 JSON (V3 Endpoints)', value: 'json', description: 'A plain JSON body, e.g. for /webapi/v3/sales/customer/edit; the token goes in the ZBAPI-Token header (令牌放在请求头)' },
		],
		default: 'datas',
	},
	{
		displayName: 'Command / 命令 (Cmdkey)',
		name: 'cmdkey',
		type: 'string',
		default: '',
		placeholder: 'refresh',
		displayOptions: { show: { bodyType: ['datas'] } },
		description: 'Refresh for lists, __sys_dosave for saves, empty to load a bill (列表用 refresh，保存用 __sys_dosave)',
	},
	{
		displayName: 'Datas (JSON) / 数据项（JSON）',
		name: 'datas',
		type: 'json',
		default: '{}',
		displayOptions: { show: { bodyType: ['datas'] } },
		description: 'A JSON object; each key becomes one {ID, val} item, e.g. {"pagesize": 20, "name": "测试"}',
	},
	{
		displayName: 'Body (JSON) / 请求体（JSON）',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { bodyType: ['json'] } },
	},
	{
		displayName: 'Idempotent / 幂等（可安全重试）',
		name: 'idempotent',
		type: 'boolean',
		default: false,
		description: 'Whether the call only reads data and may be retried after a network error or a 5xx; leave off for anything that writes (只读接口可打开以便重试)',
	},
	{
		displayName: 'Options / 选项',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option / 添加选项',
		default: {},
		options: [
			{
				displayName: 'Split Table Rows / 拆分表格行',
				name: 'splitRows',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item per table row (mapped by column ID) when the answer is a list',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const node = this.getNode();
	const path = str(this.getNodeParameter('path', itemIndex, ''));
	if (!path.startsWith('/')) throw parameterError(node, '路径必须以 / 开头', 'Path must start with /', itemIndex);
	const bodyType = this.getNodeParameter('bodyType', itemIndex, 'datas') as 'datas' | 'json';
	const idempotent = this.getNodeParameter('idempotent', itemIndex, false) as boolean;
	let document: IDataObject;
	if (bodyType === 'json') {
		const raw = this.getNodeParameter('body', itemIndex, '{}');
		let body: unknown = raw;
		if (typeof raw === 'string') {
			try {
				body = JSON.parse(raw || '{}');
			} catch {
				throw parameterError(node, '请求体不是有效的 JSON', 'Body is not valid JSON', itemIndex);
			}
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw parameterError(node, '请求体必须是 JSON 对象', 'Body must be a JSON object', itemIndex);
		}
		document = (await zhibangRequest(this, { path, body: body as IDataObject, idempotent })) as IDataObject;
	} else {
		const datas = objectToDatas(this.getNodeParameter('datas', itemIndex, '{}'));
		if (!datas) throw parameterError(node, 'Datas 必须是 JSON 对象', 'Datas must be a JSON object', itemIndex);
		const cmdkey = str(this.getNodeParameter('cmdkey', itemIndex, ''));
		document = (await zhibangRequest(this, { path, cmdkey, datas, idempotent })) as IDataObject;
	}
	if (this.getNodeParameter('options.splitRows', itemIndex, false) as boolean) {
		const { rows } = tableOf(document);
		if (rows.length) return rows;
	}
	return document;
}
