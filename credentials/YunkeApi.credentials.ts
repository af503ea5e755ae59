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
import { COMMON_HEADERS, REFERERS, YUNKE_DEFAULT_DOMAIN, normalizeDomain } from '../nodes/Yunke/transport/constants';
import { yunkeService } from '../nodes/Yunke/transport';

/**
 * Yunke (云客) PC console account. The session (cookies, user id, company domain) is obtained by
 * `preAuthentication` and stored by n8n in hidden fields, so every execution and worker reuses it.
 */
export class YunkeApi implements ICredentialType {
	name = 'yunkeApi';

	displayName = 'Yunke (云客) CRM API';

	icon: Icon = { light: 'file:../nodes/Yunke/yunke.svg', dark: 'file:../nodes/Yunke/yunke.dark.svg' };

	documentationUrl = 'https://github.com/yunke-zhibang/n8n-nodes-yunke-zhibang#yunke-credential--云客凭证';

	properties: INodeProperties[] = [
		{
			displayName: 'Account Phone / 账号手机号',
			name: 'phone',
			type: 'string',
			default: '',
			required: true,
			placeholder: '13800138000',
			description: 'The mobile number you log in to the Yunke console with (登录云客网页版使用的手机号)',
		},
		{
			displayName: 'Password / 密码',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A wrong password is never retried (Yunke locks accounts after a few failures). 密码错误不会自动重试。Console password.',
		},
		{
			displayName: 'Company Code / 公司代码',
			name: 'companyCode',
			type: 'string',
			default: '',
			placeholder: '2fy7qa',
			description:
				'Leave empty if the account belongs to one company: it is discovered at login. 账号属于多个公司时必填。Six characters, shown in the console URL and on the login company picker.',
		},
		{
			displayName: 'Domain / 域名',
			name: 'domain',
			type: 'string',
			default: '',
			placeholder: 'https://crm.yunkecn.com',
			description:
				'Set it to reach another host, e.g. the local simulator. 留空则登录时自动识别。Leave empty to discover the company domain at login (crm or crm2).',
		},
		...advancedConnectionProperties,
		...sessionCredentialProperties([
			{ displayName: 'Session User ID', name: 'sessionUserId' },
			{ displayName: 'Session Domain', name: 'sessionDomain' },
			{ displayName: 'Session Company Code', name: 'sessionCompanyCode' },
		]),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await yunkeService.preAuthenticate(this.helpers.httpRequest, credentials);
	}

	/** Sends the session and resolves relative URLs and Referer pages against the company domain. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const domain =
			normalizeDomain(credentials.sessionDomain) || normalizeDomain(credentials.domain) || YUNKE_DEFAULT_DOMAIN;
		if (requestOptions.url && !/^https?:\/\//i.test(requestOptions.url)) requestOptions.baseURL = domain;
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(requestOptions.headers ?? {})) {
			headers[key.toLowerCase()] = String(value);
		}
		for (const [key, value] of Object.entries(COMMON_HEADERS)) headers[key] ??= value;
		const referer = headers.referer ?? REFERERS.login;
		headers.referer = referer.startsWith('/') ? `${domain}${referer}` : referer;
		headers.origin = domain;
		headers.cookie = String(credentials.sessionToken ?? '');
		headers.company = String(credentials.sessionCompanyCode || credentials.companyCode || '');
		headers.userid = String(credentials.sessionUserId ?? '');
		requestOptions.headers = headers;
		if (credentials.allowUnauthorizedCerts === true) requestOptions.skipSslCertificateValidation = true;
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/usercenter/dept/tree',
			headers: { referer: REFERERS.deptTree, 'content-type': 'application/json' },
			body: { showUser: false, showUserStatus: '', queryQywxStatus: false },
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message:
						'登录成功，但云客拒绝了读取部门的请求（会话或权限问题）/ Logged in, but Yunke refused to read the department tree (session or permission problem)',
				},
			},
		],
	};
}
