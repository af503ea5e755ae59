/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * A scripted Zhibang ERP behind nock (no simulator), recording every request the node sends.
 * Answers are ZBDocuments; tests override any path with `on(path, handler)`.
 */
import nock from 'nock';

export interface Call {
	path: string;
	query: URLSearchParams;
	headers: Record<string, string>;
	body: { session?: string; cmdkey?: string; datas?: Array<{ id: string; val: string }>; [key: string]: unknown };
	/** datas as an object, in the order sent. */
	datas: Record<string, string>;
	/** datas ids in the order sent. */
	ids: string[];
}

export type Handler = (call: Call) => unknown;

export const TOKEN = 'nock-session-token-7f3a';

export const doc = (body: Record<string, unknown> | undefined, status = 0, message = '') => ({
	header: { status, message, session: TOKEN, language: 'zh-cn' },
	...(body ? { body } : {}),
});
export const saved = () => doc({ model: 'message', message: { title: '', text: '保存成功', data: '' } });
export const bill = (value: string | number, fields: Record<string, unknown> = {}) =>
	doc({ model: 'bill', bill: { id: 'x', caption: '', value, groups: [{ fields: Object.entries(fields).map(([id, v]) => ({ id, text: id, value: v })) }] } });
export const table = (cols: string[], rows: unknown[][], page?: Record<string, number>) =>
	doc({ model: 'source', source: { type_: 'table', table: { cols: cols.map((id) => ({ id, caption: id })), rows, ...(page ? { page } : {}) } } });

export class FakeZhibang {
	readonly calls: Call[] = [];
	private readonly handlers = new Map<string, Handler>();

	constructor(readonly origin: string) {
		nock(origin)
			.persist()
			.post(() => true)
			.reply(async (req: unknown) => await this.answer(req as Request));
	}

	on(path: string, handler: Handler): this {
		this.handlers.set(path.toLowerCase(), handler);
		return this;
	}

	reset(): void {
		this.calls.length = 0;
		this.handlers.clear();
	}

	/** Calls other than the login. */
	get business(): Call[] {
		return this.calls.filter((c) => !/\/login$/.test(c.path));
	}

	private async answer(req: Request): Promise<[number, string, Record<string, string>]> {
		const url = new URL(req.url);
		const headers: Record<string, string> = {};
		req.headers.forEach((value, key) => {
			headers[key.toLowerCase()] = value;
		});
		const text = await req.clone().text();
		const body = (text ? JSON.parse(text) : {}) as Call['body'];
		const items = Array.isArray(body.datas) ? body.datas : [];
		const call: Call = {
			path: url.pathname,
			query: url.searchParams,
			headers,
			body,
			datas: Object.fromEntries(items.map((d) => [d.id, d.val])),
			ids: items.map((d) => d.id),
		};
		this.calls.push(call);
		const handler = this.handlers.get(url.pathname.toLowerCase()) ?? ((c: Call) => this.defaultAnswer(c));
		return [200, JSON.stringify(handler(call)), { 'content-type': 'application/json; charset=utf-8' }];
	}

	private defaultAnswer(call: Call): unknown {
		if (/\/login$/.test(call.path)) {
			return { header: { status: 0, message: 'API鉴权成功.', session: TOKEN, appversion: '32.17' }, body: { model: 'init', action: 'sys' } };
		}
		if (call.body.cmdkey === '__sys_dosave') return saved();
		if (call.body.cmdkey === 'refresh') return table(['id', 'text'], []);
		return doc(undefined, 2, `unscripted ${call.path}`);
	}
}
