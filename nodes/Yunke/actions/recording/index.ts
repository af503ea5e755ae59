import { defineResource } from '../../../shared/operations';
import * as download from './download.operation';
import * as getUrl from './getUrl.operation';

export const recording = defineResource({
	name: 'Recording / 录音',
	default: 'download',
	operations: {
		download: {
			module: download,
			name: 'Download / 下载',
			description: 'Download the MP3 of a call as binary data / 下载通话录音（MP3）',
			action: 'Download a recording / 下载录音',
		},
		getUrl: {
			module: getUrl,
			name: 'Get URL / 获取地址',
			description: 'Get the download URL of a call recording / 获取录音下载地址',
			action: 'Get a recording URL / 获取录音地址',
		},
	},
});
