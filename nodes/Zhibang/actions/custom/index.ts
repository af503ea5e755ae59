import { defineResource } from '../../../shared/operations';
import * as apiCall from './apiCall.operation';

export const custom = defineResource({
	name: 'Custom API Call / 自定义接口',
	default: 'apiCall',
	operations: {
		apiCall: {
			module: apiCall,
			name: 'Custom API Call / 自定义接口调用',
			description: 'Call any other ERP endpoint with the session and envelope handled / 调用其他智邦接口',
			action: 'Make a custom API call / 自定义接口调用',
		},
	},
});
