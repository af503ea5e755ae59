/**
 * The Zhibang transport: every ERP call of the nodes goes through here. It knows the ZBDocument
 * envelope (docs/protocol/zhibang.md §4), the v3 `{Code, Msg}` envelope, how Zhibang says "session expired"
 * (header.status 1 or a login/session message, Code 400, HTTP 401, a 302 to the login page, the
 * HTML login page), and leaves sessions to shared/transport.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { ServiceError } from '../../shared/errors';
import type { FullResponse } from '../../shared/http';
import { maskText, pathLabel } from '../../shared/mask';
import {
	KICKED_MESSAGE,
	THROTTLE_MESSAGE,
	classifyHttp,
	sessionRequest,
	type LoginSigns,
	type Outcome,
	type RequestContext,
	type SessionRequest,
} from '../../shared/transport';
import { sessionService } from '../../shared/session';
import { str } from '../../shared/text';
import { zhibangBaseUrl, zhibangLogin, zhibangSerial } from './login';

const SESSION_KEYWORDS = /登录|会话|超时|过期|session|login/i;

/** The ZBDocument (docs/protocol/zhibang.md §4.1). */
export interface ZbDocument {
	header: { status: number; message?: string; session?: string; [key: string]: unknown };
	body?: {
		model?: string;
		action?: string;
		bill?: ZbBill;
		source?: { type_?: string; table?: ZbTable; [key: string]: unknown };
		message?: { title?: string; text?: string; data?: unknown; [key: string]: unknown };
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

export interface ZbField {
	id: string;
	text?: string;
	value?: unknown;
	[key: string]: unknown;
}

export interface ZbBill {
	id?: string;
	caption?: string;
	value?: unknown;
	groups?: Array<{ fields?: ZbField[]; [key: string]: unknown }>;
	[key: string]: unknown;
}

export interface ZbTable {
	cols?: Array<{ id: string; caption?: string; [key: string]: unknown }>;
	rows?: unknown[];
	page?: { recordcount?: number; pagesize?: number; pagecount?: number; pageindex?: number };
}

const LOGIN: LoginSigns = {
	location: /login|index2?\.asp|default\.asp/i,
	page: (text) => /login|登录/i.test(text) && /password|密码/i.test(text),
};

function businessError(path: string, status: unknown, message: string): ServiceError {
	const text = maskText(message);
	return new ServiceError(
		`智邦接口错误（${path}，状态 ${String(status)}）：${text || '未知错误'} / Zhibang API error (${path}, status ${String(status)}): ${text || 'unknown error'}`,
		{
			service: 'Zhibang',
			kind: 'business',
			serviceCode: String(status),
			description: '这是智邦的业务校验结果，请求未被重复发送 / This is the ERP’s own check; the request was not sent again',
		},
	);
}

/**
 * Zhibang answers with header.status 0 for success. A non-zero status is a session expiry when the
 * message says so (login / session / timeout words, or another device logged in), a throttle when
 * it asks to slow down, and otherwise a business refusal. Status 1 without such words is both the
 * vendor's "timed out" code and, on some servers, the code of every refusal: it is `suspect`, and
 * the transport asks the server (a one-row list with the same session) which one it is.
 */
export function classifyZhibang(response: FullResponse, path: string): Outcome<Record<string, unknown>> {
	const http = classifyHttp('Zhibang', response, path, LOGIN);
	if (http.kind !== 'json') return http;
	const document = http.json;
	if (document.header && typeof document.header === 'object') {
		const header = document.header as ZbDocument['header'];
		const code = Number(header.status);
		if (code === 0) return { kind: 'ok', value: document };
		const message = String(header.message ?? '');
		if (KICKED_MESSAGE.test(message)) return { kind: 'expired', reason: `status ${header.status}`, kicked: true };
		if (SESSION_KEYWORDS.test(message)) return { kind: 'expired', reason: `status ${header.status}` };
		if (THROTTLE_MESSAGE.test(message)) return { kind: 'throttled', message: maskText(message) };
		const error = businessError(path, header.status, message);
		if (code === 1) return { kind: 'suspect', reason: `status ${header.status}`, error };
		throw error;
	}
	if ('Code' in document) {
		const code = Number(document.Code);
		const message = String(document.Msg ?? '');
		if (code === 200) return { kind: 'ok', value: document };
		if (code === 400) return { kind: 'expired', reason: 'Code 400' };
		if (THROTTLE_MESSAGE.test(message)) return { kind: 'throttled', message: maskText(message) };
		throw new ServiceError(
			`智邦接口错误（${path}，Code ${document.Code}）：${maskText(message) || '未知错误'} / Zhibang API error (${path}, Code ${document.Code}): ${maskText(message) || 'unknown error'}`,
			{ service: 'Zhibang', kind: code >= 500 ? 'transport' : 'business', serviceCode: String(document.Code) },
		);
	}
	return { kind: 'ok', value: document };
}

/** The customer list page, which every server has: the session probe and the credential test read one row of it. */
export const CUSTOMER_LIST_PATH = '/sysa/mobilephone/salesmanage/custom/list.asp';

/** One row of the customer list, sent with the session under suspicion. */
const sessionProbe: SessionRequest<unknown> = {
	path: pathLabel(CUSTOMER_LIST_PATH),
	idempotent: true,
	classify: (response) => classifyZhibang(response, pathLabel(CUSTOMER_LIST_PATH)),
	options: () => ({
		method: 'POST',
		url: CUSTOMER_LIST_PATH,
		json: true,
		body: { session: '', cmdkey: 'refresh', datas: toDatas({ pagesize: 1, pageindex: 1 }) },
	}),
};

export const zhibangService = sessionService({
	service: 'Zhibang',
	credentialType: 'zhibangApi',
	// A token is not used again once server, account, password or serial change.
	settings: (credentials) => [zhibangBaseUrl(credentials), str(credentials.username), String(credentials.password ?? ''), zhibangSerial(credentials)],
	login: zhibangLogin,
	probe: sessionProbe,
});

export type ZbValue = string | number | boolean | null | undefined;

/** `{name: 'x'}` → `[{id:'name', val:'x'}]`; undefined values are left out, values sent as strings. */
export function toDatas(values: Record<string, ZbValue>): Array<{ id: string; val: string }> {
	return Object.entries(values)
		.filter(([, value]) => value !== undefined)
		.map(([id, value]) => ({ id, val: value === null ? '' : String(value) }));
}

export interface ZhibangRequest {
	/** Path with its query, e.g. `/sysa/mobilephone/salesmanage/custom/add.asp?intsort=1`. */
	path: string;
	cmdkey?: string;
	datas?: Record<string, ZbValue>;
	/** A whole JSON body instead of the PostClass envelope (v3 endpoints). */
	body?: IDataObject;
	/** Reads are retried on transport failures; writes are not. */
	idempotent: boolean;
}

/** Call the ERP with the session handled; resolves with the whole (successful) document. */
export async function zhibangRequest(ctx: RequestContext, request: ZhibangRequest): Promise<Record<string, unknown>> {
	return await sessionRequest(ctx, zhibangService, {
		path: pathLabel(request.path),
		idempotent: request.idempotent,
		classify: (response) => classifyZhibang(response, pathLabel(request.path)),
		options: (): IHttpRequestOptions => ({
			method: 'POST',
			url: request.path,
			json: true,
			// The credential's authenticate() adds the session (body `session` and header ZBAPI-Token).
			body: request.body
				? (JSON.parse(JSON.stringify(request.body)) as IDataObject)
				: { session: '', cmdkey: request.cmdkey ?? '', datas: toDatas(request.datas ?? {}) },
		}),
	});
}
