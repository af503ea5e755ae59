/**
 * A scripted Yunke console behind nock (no simulator), recording every request the node sends.
 * Default answers follow the envelopes of docs/protocol/yunke.md §4.1; tests override any path with `on(path, handler)`.
 */
import { constants, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import nock from 'nock';

import { setCookie } from '../support/cookies';

export interface Captured {
	origin: string;
	method: string;
	/** Path without query. */
	path: string;
	query: URLSearchParams;
	headers: Record<string, string>;
	raw: Buffer;
	/** Parsed JSON body, when it is JSON. */
	json?: Record<string, unknown>;
}

export type Reply = { status?: number; json?: unknown; body?: string | Buffer; headers?: Record<string, string | string[]> };
export type Handler = (request: Captured) => Reply;

/** Parse the text fields of a multipart/form-data body (independent of the node's builder). */
export function multipartFields(request: Captured): Record<string, string> {
	const match = /boundary=([^;]+)/.exec(request.headers['content-type'] ?? '');
	if (!match) throw new Error(`not multipart: ${request.headers['content-type']}`);
	const out: Record<string, string> = {};
	for (const part of request.raw.toString('utf8').split(`--${match[1]}`)) {
		const m = /Content-Disposition: form-data; name="([^"]+)"\r\n\r\n([\s\S]*)\r\n$/i.exec(part);
		if (m) out[m[1]] = m[2];
	}
	return out;
}

export class FakeYunke {
	readonly requests: Captured[] = [];
	private readonly handlers = new Map<string, Handler>();
	private readonly privateKey: KeyObject;
	readonly modulusHex: string;
	readonly exponentHex: string;
	/** Cookie values the fake hands out, so tests can check what comes back. */
	readonly cookies = { keyA: 'KEYA-1', keyB: 'KEYB-1', user: 'USERCOOKIE-9f2', userToken: 'TOKENCOOKIE-77a', jesong: '01000000012825513163509364091945' };
	userId = 'u_4711';

	constructor(readonly origins: string[]) {
		const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
		this.privateKey = privateKey;
		const jwk = publicKey.export({ format: 'jwk' });
		this.modulusHex = Buffer.from(String(jwk.n), 'base64url').toString('hex');
		this.exponentHex = Buffer.from(String(jwk.e), 'base64url').toString('hex');
		for (const origin of origins) {
			const scope = nock(origin).persist();
			for (const method of ['get', 'post'] as const) {
				scope[method](() => true).reply(async (req: unknown) => await this.answer(origin, req as Request));
			}
		}
	}

	/** Textbook RSA decryption of a hex ciphertext (what the real server does with the password). */
	decrypt(hex: string): string {
		const size = this.modulusHex.length / 2;
		const cipher = Buffer.alloc(size);
		const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
		bytes.copy(cipher, size - bytes.length);
		const plain = privateDecrypt({ key: this.privateKey, padding: constants.RSA_NO_PADDING }, cipher);
		let start = 0;
		while (start < plain.length && plain[start] === 0) start++;
		return plain.subarray(start).toString('utf8');
	}

	on(path: string, handler: Handler): this {
		this.handlers.set(path, handler);
		return this;
	}

	reset(): void {
		this.requests.length = 0;
		this.handlers.clear();
	}

	find(path: string): Captured[] {
		return this.requests.filter((r) => r.path === path);
	}

	one(path: string): Captured {
		const hits = this.find(path);
		if (hits.length !== 1) throw new Error(`expected one request to ${path}, got ${hits.length}: ${this.requests.map((r) => r.path).join(', ')}`);
		return hits[0];
	}

	private async answer(origin: string, req: Request): Promise<[number, string | Buffer, Record<string, string | string[]>]> {
		const url = new URL(req.url);
		const raw = Buffer.from(await req.clone().arrayBuffer());
		const headers: Record<string, string> = {};
		req.headers.forEach((value, key) => {
			headers[key.toLowerCase()] = value;
		});
		let json: Record<string, unknown> | undefined;
		if (/json/i.test(headers['content-type'] ?? '') && raw.length) json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
		const captured: Captured = { origin, method: req.method.toUpperCase(), path: url.pathname, query: url.searchParams, headers, raw, json };
		this.requests.push(captured);
		const reply = (this.handlers.get(url.pathname) ?? ((r: Captured) => this.defaultReply(r)))(captured);
		const body = reply.body ?? JSON.stringify(reply.json ?? {});
		const replyHeaders: Record<string, string | string[]> = {
			'content-type': reply.body === undefined ? 'application/json;charset=UTF-8' : 'application/octet-stream',
			...(reply.headers ?? {}),
		};
		return [reply.status ?? 200, body, replyHeaders];
	}

	ok(data: unknown): Reply {
		return { json: { success: true, code: '10000', message: 'success', data } };
	}

	private defaultReply(request: Captured): Reply {
		const key = { modulus: this.modulusHex, public_exponent: this.exponentHex };
		switch (request.path) {
			case '/cms/auth/login':
				return { body: '<!DOCTYPE html><html><body>login</body></html>', headers: { 'content-type': 'text/html', 'set-cookie': [setCookie('SESSION', this.cookies.keyA)] } };
			case '/newuc/login/getSecureKey':
				return { json: { code: 10000, msg: 'success', data: key } };
			case '/usercenter/login/getSecureKey':
				return { ...this.ok({ data: key }), headers: { 'set-cookie': [setCookie('SESSION', this.cookies.keyB, { httpOnly: true })] } };
			case '/usercenter/login/pcLogin':
				return {
					json: { success: true, code: '10000', message: '登录成功', data: { id: this.userId, token: 'body-token-not-used' } },
					headers: {
						'set-cookie': [
							setCookie('user', this.cookies.user, { httpOnly: true }),
							setCookie('userToken', this.cookies.userToken, { httpOnly: true }),
							setCookie('JESONG_USER_ID', this.cookies.jesong),
						],
					},
				};
			case '/pc/callLog/list':
				return this.ok({ data: [], totalCount: 0, pageCount: 0 });
			case '/usercenter/dept/tree':
				return this.ok([{ id: 'd_top', name: '总公司', parentId: '0', type: 'DEPT', children: [], users: [] }]);
			case '/yunke-report-phone/module/getIndexDetail':
				return this.ok({ data: [], totalCount: 0, pageCount: 0 });
			default:
				return { status: 404, json: { success: false, code: '404', message: '接口不存在' } };
		}
	}
}
