import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { sessionCredentialProperties } from '../nodes/shared/session';
import { advancedConnectionProperties } from '../nodes/shared/transportSettings';
import { zhibangService } from '../nodes/Zhibang/transport';
import { zhibangBaseUrl } from '../nodes/Zhibang/transport/login';

/**
 * Zhibang (智邦国际) ERP API account. The session token is obtained by `preAuthentication` and stored
 * by n8n in a hidden field, so every execution and worker reuses it.
 */
export class ZhibangApi implements ICredentialType {
	name = 'zhibangApi';

	displayName = 'Zhibang (智邦国际) ERP API';

	icon: Icon = { light: 'file:../nodes/Zhibang/zhibang.svg', dark: 'file:../nodes/Zhibang/zhibang.dark.svg' };

	documentationUrl = 'https://github.com/yunke-zhibang/n8n-nodes-yunke-zhibang#zhibang-credential--智邦凭证';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL / 服务器地址',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://erp.example.com:8080',
			description: 'ERP 的访问地址（不含路径）。The address you open the ERP at, without a path.',
		},
		{
			displayName: 'User Name / 用户名',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'Use a dedicated API account with customer permissions only (建议使用只有客户管理权限的专用账号)',
		},
		{
			displayName: 'Password / 密码',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A wrong password is never retried: after 3 failures the ERP demands a captcha (密码错误不会自动重试)',
		},
		{
			displayName: 'Serial Number / 设备串号',
			name: 'serialNumber',
			type: 'string',
			default: '',
			placeholder: 'N8N… (derived from the account when empty)',
			description:
				'Up to 20 letters or digits identifying this integration as a device. Leave empty to use a stable serial derived from server and user name (留空则按服务器和用户名生成固定串号); if the account is bound to a phone serial (启用移动端/绑定手机串号), enter that one.',
		},
		{
			displayName: 'Login Endpoint / 登录接口',
			name: 'loginEndpoint',
			type: 'options',
			options: [
				{ name: 'WebAPI V3 / 新版接口 (/webapi/v3/ov1/login)', value: 'v3' },
				{ name: 'Legacy Mobile / 旧版移动接口 (/sysa/mobilephone/login.asp)', value: 'legacy' },
			],
			default: 'v3',
			description: 'Use the legacy endpoint only for old servers, version 32.05 and earlier (旧版服务器才需要切换)',
		},
		...advancedConnectionProperties,
		{
			displayName: 'Request Content Type / 请求格式',
			name: 'contentType',
			type: 'options',
			options: [
				{ name: 'application/json', value: 'application/json; charset=utf-8', description: 'JSON (默认)' },
				{ name: 'application/zsml', value: 'application/zsml; charset=utf-8', description: 'For older servers (旧版服务器)' },
			],
			default: 'application/json; charset=utf-8',
			description: 'Older servers may only accept application/zsml',
			displayOptions: { show: { advanced: [true] } },
		},
		...sessionCredentialProperties(),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await zhibangService.preAuthenticate(this.helpers.httpRequest, credentials);
	}

	/** Puts the token where the ERP reads it: the JSON body's `session`, and `ZBAPI-Token` for v3 endpoints. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = String(credentials.sessionToken ?? '');
		if (requestOptions.url && !/^https?:\/\//i.test(requestOptions.url)) requestOptions.baseURL = zhibangBaseUrl(credentials);
		const body = requestOptions.body;
		if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
			(body as Record<string, unknown>).session = token;
		}
		requestOptions.headers = {
			'content-type': String(credentials.contentType || 'application/json; charset=utf-8'),
			...(requestOptions.headers ?? {}),
			'ZBAPI-Token': token,
		};
		if (credentials.allowUnauthorizedCerts === true) requestOptions.skipSslCertificateValidation = true;
		return requestOptions;
	}

	/**
	 * Logs in (preAuthentication) and reads one row of the customer list, a page every server has
	 * and the nodes need; optional pages (such as the source enumeration) are not required.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/sysa/mobilephone/salesmanage/custom/list.asp',
			body: { session: '', cmdkey: 'refresh', datas: [{ id: 'pagesize', val: '1' }, { id: 'pageindex', val: '1' }] },
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'header.status',
					value: 1,
					message: '登录成功，但智邦拒绝了会话或该账号无权读取客户列表 / Logged in, but Zhibang refused the session, or this account may not read the customer list',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'header.status',
					value: 2,
					message: '登录成功，但该账号无权读取客户列表 / Logged in, but this account may not read the customer list',
				},
			},
		],
	};
}
