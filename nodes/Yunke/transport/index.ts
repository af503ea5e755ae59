/**
 * The Yunke transport: every console API call of the nodes goes through `yunkeRequest`.
 * It knows the envelope (docs/protocol/yunke.md §4.1), how Yunke says "session expired" (body codes and keywords,
 * HTTP 401, a 302 to the login page, the HTML login page), and leaves sessions to shared/transport.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { ServiceError } from '../../shared/errors';
import { multipartBody, type FullResponse } from '../../shared/http';
import { maskText, pathLabel } from '../../shared/mask';
import {
	KICKED_MESSAGE,
	THROTTLE_MESSAGE,
	classifyHttp,
	sessionRequest,
	type LoginSigns,
	type Outcome,
	type RequestContext,
} from '../../shared/transport';
import { PASSWORD_CODES, REFERERS, RELOGIN_CODES, RELOGIN_KEYWORDS, isOkEnvelope, normalizeDomain } from './constants';
import { sessionService } from '../../shared/session';
import { str } from '../../shared/text';
import { yunkeLogin, type YunkeSession } from './login';

export { REFERERS };

export interface YunkeEnvelope {
	success?: boolean;
	code?: string | number;
	message?: string;
	msg?: string;
	data?: unknown;
	[key: string]: unknown;
}

export const yunkeService = sessionService<YunkeSession>({
	service: 'Yunke',
	credentialType: 'yunkeApi',
	// A session is not used again once phone, password, company code or domain change.
	settings: (credentials) => [str(credentials.phone), String(credentials.password ?? ''), str(credentials.companyCode), normalizeDomain(credentials.domain)],
	login: yunkeLogin,
});

const LOGIN: LoginSigns = {
	location: /login/i,
	page: (text) => /cms\/auth\/login/i.test(text) || (/登录|login/i.test(text) && /密码|password/i.test(text)),
};

/** Turn a Yunke response into data, an expiry or a throttle; throw for everything else. */
export function classifyYunke(response: FullResponse, path: string): Outcome<YunkeEnvelope> {
	const http = classifyHttp('Yunke', response, path, LOGIN);
	if (http.kind !== 'json') return http;
	const envelope = http.json as YunkeEnvelope;
	if (isOkEnvelope(envelope)) return { kind: 'ok', value: envelope };
	const code = String(envelope.code ?? '');
	const message = String(envelope.message ?? envelope.msg ?? '');
	if (PASSWORD_CODES.has(code)) {
		throw new ServiceError(
			`云客拒绝了账号（代码 ${code}）：${maskText(message)} / Yunke refused the account (code ${code}): ${maskText(message)}`,
			{ service: 'Yunke', kind: 'auth', serviceCode: code },
		);
	}
	if (RELOGIN_CODES.has(code) || RELOGIN_KEYWORDS.test(message)) {
		return { kind: 'expired', reason: code ? `code ${code}` : 'message', kicked: KICKED_MESSAGE.test(message) };
	}
	if (code === '429' || THROTTLE_MESSAGE.test(message)) {
		return { kind: 'throttled', message: maskText(message) || 'throttled' };
	}
	throw new ServiceError(
		`云客接口错误（${path}，代码 ${code || '无'}）：${maskText(message) || '未知错误'} / Yunke API error (${path}, code ${code || 'none'}): ${maskText(message) || 'unknown error'}`,
		{ service: 'Yunke', kind: 'business', serviceCode: code || undefined, httpStatus: response.statusCode },
	);
}

export interface YunkeRequest {
	method?: 'GET' | 'POST';
	/** Path on the company's domain, e.g. `/pc/callLog/list`. */
	path: string;
	/** Console page sent as Referer, e.g. REFERERS.callLog. */
	referer: string;
	body?: IDataObject;
	/** Text fields sent as multipart/form-data instead of JSON. */
	form?: Record<string, string>;
	qs?: IDataObject;
	/** Reads are retried on transport failures; set false for writes. Default true. */
	idempotent?: boolean;
}

/** Call the Yunke console API with the session handled; resolves with the whole envelope. */
export async function yunkeRequest(ctx: RequestContext, request: YunkeRequest): Promise<YunkeEnvelope> {
	return await sessionRequest(ctx, yunkeService, {
		path: pathLabel(request.path),
		idempotent: request.idempotent ?? true,
		classify: (response) => classifyYunke(response, pathLabel(request.path)),
		options: () => {
			const options: IHttpRequestOptions = {
				method: request.method ?? 'POST',
				url: request.path,
				qs: request.qs,
				// The credential's authenticate() resolves the URL and this Referer against the session's domain.
				headers: { referer: request.referer },
			};
			if (request.form) {
				const multipart = multipartBody(request.form);
				options.body = multipart.body;
				options.headers = { ...options.headers, 'content-type': multipart.contentType };
			} else if (request.body !== undefined) {
				// Serialised here: n8n drops an empty object body, and the console wants `{}` sent as such.
				options.body = JSON.stringify(request.body);
				options.json = true;
				options.headers = { ...options.headers, 'content-type': 'application/json' };
			} else {
				options.json = true;
			}
			return options;
		},
	});
}

/** The company domain of the current session (`credentials` as just read; logging in first if there is none yet). */
export async function yunkeSessionDomain(ctx: RequestContext, credentials: ICredentialDataDecryptedObject): Promise<string> {
	if (credentials.sessionToken && yunkeService.sessionMatches(credentials) && credentials.sessionDomain) {
		return String(credentials.sessionDomain);
	}
	// A cheap authenticated call makes n8n log in and persist the session, domain included.
	await yunkeRequest(ctx, { path: '/usercenter/dept/tree', referer: REFERERS.deptTree, body: { showUser: false, showUserStatus: '', queryQywxStatus: false } });
	return String((await ctx.getCredentials('yunkeApi')).sessionDomain ?? '');
}
