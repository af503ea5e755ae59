/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The simulators' HTTP wire: reading a request (JSON, urlencoded, multipart, cookies) and writing
 * a response, whole or as the bytes a fault sends its own way.
 */
import type http from 'node:http';
import { Readable } from 'node:stream';
import { Cookie } from 'tough-cookie';

import type { FaultRule } from './faults';

export interface SimRequest {
	method: string;
	/** Path as received, without query. */
	path: string;
	/** Lower-case path without query; IIS-style servers match paths case-insensitively. */
	route: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	cookies: Record<string, string>;
	body: Buffer;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	json: unknown;
	/** True when a body was sent with a JSON content type but did not parse. */
	jsonError: boolean;
	/** Fields of a multipart/form-data or urlencoded body. */
	form: Record<string, string>;
	/** Base URL of the listener that received the request, e.g. http://127.0.0.1:18080 */
	origin: string;
	/** A service-level fault (`expire`, `throttle`) the service must apply to this request. */
	fault?: FaultRule;
}

export interface SimResponse {
	status?: number;
	headers?: Record<string, string | string[]>;
	json?: unknown;
	text?: string;
	body?: Buffer | Readable;
	contentType?: string;
}

/** The name → value pairs of a Cookie request header (pairs without a name are skipped). */
function readCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const pair of (header ?? '').split(';')) {
		const cookie = Cookie.parse(pair, { loose: true });
		if (cookie?.key) out[cookie.key] = cookie.value;
	}
	return out;
}

/** A Set-Cookie header value for the whole site: `name=value; Path=/[; HttpOnly]`. */
export function setCookie(key: string, value: string, httpOnly = true): string {
	return new Cookie({ key, value, path: '/', httpOnly }).toString();
}

/** Minimal multipart/form-data parser: text fields only, which is all the simulated APIs take. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) return {};
	const boundary = `--${match[1] ?? match[2]}`;
	const out: Record<string, string> = {};
	const text = body.toString('utf8');
	for (const part of text.split(boundary)) {
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd < 0) continue;
		const headers = part.slice(0, headerEnd);
		const name = /name="([^"]*)"/i.exec(headers)?.[1];
		if (!name) continue;
		let value = part.slice(headerEnd + 4);
		if (value.endsWith('\r\n')) value = value.slice(0, -2);
		out[name] = value;
	}
	return out;
}

export function htmlPage(title: string, body: string): string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

export async function readRequest(req: http.IncomingMessage, origin: string): Promise<SimRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const body = Buffer.concat(chunks);
	const url = new URL(req.url ?? '/', origin);
	const contentType = String(req.headers['content-type'] ?? '');
	let json: unknown;
	let jsonError = false;
	let form: Record<string, string> = {};
	if (body.length > 0) {
		if (/multipart\/form-data/i.test(contentType)) {
			form = parseMultipart(body, contentType);
		} else if (/application\/x-www-form-urlencoded/i.test(contentType)) {
			form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
		} else {
			try {
				json = JSON.parse(body.toString('utf8'));
			} catch {
				jsonError = true;
			}
		}
	}
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		route: url.pathname.toLowerCase(),
		query: url.searchParams,
		headers: req.headers,
		cookies: readCookies(req.headers.cookie),
		body,
		json,
		jsonError,
		form,
		origin,
	};
}

/** A response's body and the content type it goes with (an empty body has none unless the response names one). */
function bodyOf(response: SimResponse): { payload: Buffer | Readable; contentType?: string } {
	if (response.body !== undefined) return { payload: response.body, contentType: response.contentType ?? 'application/octet-stream' };
	if (response.text !== undefined) return { payload: Buffer.from(response.text, 'utf8'), contentType: response.contentType ?? 'text/plain; charset=utf-8' };
	if (response.json !== undefined) {
		return { payload: Buffer.from(JSON.stringify(response.json), 'utf8'), contentType: response.contentType ?? 'application/json; charset=utf-8' };
	}
	return { payload: Buffer.alloc(0), contentType: response.contentType };
}

function headersOf(response: SimResponse, contentType: string | undefined): Record<string, string | string[]> {
	const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
	if (contentType !== undefined) headers['content-type'] ??= contentType;
	return headers;
}

/** A response's headers and whole body as bytes (for the faults that send it their own way). */
export async function materialise(response: SimResponse): Promise<{ headers: Record<string, string | string[]>; payload: Buffer }> {
	const { payload, contentType } = bodyOf(response);
	const headers = headersOf(response, contentType ?? 'text/plain; charset=utf-8');
	delete headers['content-length'];
	if (!(payload instanceof Readable)) return { headers, payload };
	const chunks: Buffer[] = [];
	for await (const chunk of payload) chunks.push(Buffer.from(chunk as Buffer));
	return { headers, payload: Buffer.concat(chunks) };
}

export function send(res: http.ServerResponse, response: SimResponse): void {
	const { payload, contentType } = bodyOf(response);
	const headers = headersOf(response, contentType);
	if (payload instanceof Readable) {
		res.writeHead(response.status ?? 200, headers);
		payload.pipe(res);
		return;
	}
	headers['content-length'] = String(payload.length);
	res.writeHead(response.status ?? 200, headers);
	res.end(payload);
}
