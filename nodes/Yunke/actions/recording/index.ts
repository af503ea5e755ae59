import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as getUrl from './getUrl.operation';

export { download, getUrl };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download the MP3 of a call as binary data / 下载通话录音（MP3）',
				action: 'Download a recording / 下载录音',
			},
			{
				name: 'Get URL',
				value: 'getUrl',
				description: 'Get the download URL of a call recording / 获取录音下载地址',
				action: 'Get a recording URL / 获取录音地址',
			},
		],
		default: 'download',
	},
	...download.description,
	...getUrl.description,
];
