/**
 * The ZSML wire format: the PostClass request (`{session, cmdkey, datas:[{id,val}]}`) and the
 * ZBDocument response (`{header:{status,message,session,language}, body:{model,…}}`), and the
 * IIS answers around it (error pages, the login page an expired session is sent to).
 */
import type { SimResponse } from '../common/wire';
import type { ZhibangKnobs } from './knobs';

/** `datas` of a PostClass, read case-insensitively (classic ASP collections are). */
export class Datas {
	private readonly map = new Map<string, { id: string; val: string }>();

	constructor(items: unknown) {
		if (!Array.isArray(items)) return;
		for (const item of items) {
			if (!item || typeof item !== 'object') continue;
			const rec = item as Record<string, unknown>;
			const id = rec.id;
			if (typeof id !== 'string' || id === '') continue;
			this.map.set(id.toLowerCase(), { id, val: stringify(rec.val) });
		}
	}

	has(id: string): boolean {
		return this.map.has(id.toLowerCase());
	}

	/** The raw value, or undefined when the id was not sent. */
	get(id: string): string | undefined {
		return this.map.get(id.toLowerCase())?.val;
	}

	/** The trimmed value, '' when absent. */
	str(id: string): string {
		return (this.get(id) ?? '').trim();
	}

	/** All items in the order sent (the id as the client spelled it). */
	entries(): Array<[string, string]> {
		return [...this.map.values()].map((e) => [e.id, e.val]);
	}

	toObject(): Record<string, string> {
		return Object.fromEntries(this.entries());
	}
}

function stringify(val: unknown): string {
	if (val === undefined || val === null) return '';
	if (typeof val === 'string') return val;
	if (typeof val === 'number' || typeof val === 'boolean') return String(val);
	return JSON.stringify(val);
}

export interface ZbHeader {
	status: number;
	message: string;
	session: string;
	language: 'zh-cn';
	appversion?: string;
}

export interface ZbDocument {
	header: ZbHeader;
	body?: Record<string, unknown>;
}

export function zbDoc(session: string, body: Record<string, unknown> | undefined, status = 0, message = ''): ZbDocument {
	const doc: ZbDocument = { header: { status, message, session, language: 'zh-cn' } };
	if (body) doc.body = body;
	return doc;
}

/** MessageClass body, e.g. `{model:"message", message:{title:"", text:"保存成功", data:""}}`. */
export function messageBody(text: string, data = ''): Record<string, unknown> {
	return { model: 'message', message: { title: '', text, data } };
}

export interface TableCol {
	id: string;
	caption: string;
}

export interface TablePage {
	recordcount: number;
	pagesize: number;
	pagecount: number;
	pageindex: number;
}

export function sourceBody(cols: TableCol[], rows: unknown[][], page?: TablePage): Record<string, unknown> {
	const table: Record<string, unknown> = { cols, rows };
	if (page) table.page = page;
	return { model: 'source', source: { type_: 'table', table } };
}

export interface BillField {
	id: string;
	text: string;
	value: string | number;
	notnull?: boolean;
	onlyread?: boolean;
}

export interface BillGroup {
	id: string;
	caption: string;
	fields: BillField[];
}

export function billBody(id: string, caption: string, value: number | string, groups: BillGroup[]): Record<string, unknown> {
	return { model: 'bill', bill: { id, caption, uitype: 'bill', value, tools: [], groups } };
}

/** A query-string value, its name matched case-insensitively (as classic ASP does); '' when absent. */
export function queryParam(query: URLSearchParams, name: string): string {
	const lower = name.toLowerCase();
	for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
	return '';
}

/** An IIS error page. */
export function htmlError(status: number, title: string): SimResponse {
	return {
		status,
		contentType: 'text/html; charset=utf-8',
		text: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>Server Error</h1><h2>${title}</h2></body></html>`,
	};
}

export const METHOD_NOT_ALLOWED = '405 - 用于访问该页的 HTTP 谓词不被允许。';

const LOGIN_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>智邦国际ERP系统 - 用户登录</title></head><body><form id="loginform" method="post" action="/sysa/login.asp"><h1>智邦国际ERP系统</h1><p>您还没有登录或登录已超时，请重新登录。</p><input name="username" type="text"><input name="password" type="password"><button type="submit">登 录</button></form></body></html>`;

/** The "not logged in / timed out" answer, shaped by the `expirySignal` knob. */
export function expiry(knobs: ZhibangKnobs, reason: string): SimResponse {
	const message = reason === 'kicked' ? knobs.kickedMessage : knobs.expiryMessage;
	const json = zbDoc('', undefined, knobs.authErrorStatus, message);
	switch (knobs.expirySignal) {
		case 'http401':
			return { status: 401, json };
		case 'http302':
			return {
				status: 302,
				headers: { location: '/sysa/index2.asp' },
				contentType: 'text/html; charset=utf-8',
				text: '<head><title>Object moved</title></head><body><h1>Object Moved</h1>This object may be found <a HREF="/sysa/index2.asp">here</a>.</body>',
			};
		case 'html200':
			return { contentType: 'text/html; charset=utf-8', text: LOGIN_PAGE };
		default:
			return { json };
	}
}
