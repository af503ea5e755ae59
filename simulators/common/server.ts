/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The HTTP machinery both simulators share: request parsing (JSON, urlencoded, multipart, cookies),
 * per-route counters, latency, fault injection and the `/__sim/` control surface.
 * Service behaviour (login, envelopes, data) lives in simulators/yunke and simulators/zhibang.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';

import { parseClockTime, SimClock } from './clock';

/**
 * Faults a test can inject. The framework answers the transport-level kinds itself; `expire`
 * and `throttle` are handed to the service (it knows its own envelope) through `SimRequest.fault`.
 */
export type FaultKind =
	| 'http5xx' // HTTP 5xx with an HTML error page (status defaults to 502)
	| 'timeout' // accept the request, never answer (the socket is closed after timeoutHoldMs)
	| 'malformed' // HTTP 200, truncated JSON
	| 'html' // HTTP 200, an HTML error page instead of JSON
	| 'empty' // HTTP 200, empty body
	| 'reset' // close the connection without answering, nothing applied
	| 'reset-after-apply' // run the request (state changes happen), then close the connection: the response is lost
	| 'expire' // the service invalidates the session the request carries and answers "session expired"
	| 'throttle' // the service answers with its throttling message
	| 'truncate' // run the request, send the first half of the real answer, end cleanly (no content-length)
	| 'status-json' // run the request, send the real answer with an error status (`status`, default 500)
	| 'echo' // answer an error page (status default 500) that quotes the request body, as some servers do
	| 'trickle' // run the request, send the real answer one byte every `trickleMs`
	| 'cut'; // run the request, declare the full content-length, send half, drop the connection

export interface FaultRule {
	/** Lower-case path without query (`/pc/calllog/list`), a prefix ending in `*`, or `*` for any route. */
	route: string;
	kind: FaultKind;
	/** How many matching requests this rule affects (default 1). */
	times?: number;
	/** HTTP status for `http5xx` (default 502). */
	status?: number;
	/** Skip this many matching requests before the rule fires (default 0). */
	after?: number;
}

export interface CommonKnobs {
	/** Added before every non-control request, in ms. */
	latencyMs: number;
	/** How long a `timeout` fault holds the socket before closing it, in ms. */
	timeoutHoldMs: number;
	/** Pause between the bytes of a `trickle` fault, in ms (default 200). */
	trickleMs?: number;
}

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

export interface SimCounters {
	/** Requests per route (lower-case path), control routes excluded. */
	requests: Record<string, number>;
	/** Successful logins (a new session was issued). */
	logins: number;
	/** Every login attempt, successful or not. */
	loginAttempts: number;
	/** Requests refused because their session was missing, unknown or expired. */
	rejectedSessions: number;
	/** Faults the simulator injected, per kind. */
	faults: Record<string, number>;
	/** Anything else a service counts (e.g. writes). */
	[key: string]: number | Record<string, number>;
}

export function newCounters(): SimCounters {
	return { requests: {}, logins: 0, loginAttempts: 0, rejectedSessions: 0, faults: {} };
}

export function parseCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!header) return out;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = part.slice(0, eq).trim();
		const value = part.slice(eq + 1).trim();
		if (name) out[name] = decodeURIComponent(value);
	}
	return out;
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

function htmlPage(title: string, body: string): string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

export function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Base class of both simulators. A subclass implements `handle` (the service), `resetState`,
 * `expireAllSessions` and optionally `control` for its own `/__sim/` routes.
 */
export abstract class SimulatorBase<K extends CommonKnobs> {
	knobs: K;
	faults: Array<FaultRule & { seen: number; fired: number }> = [];
	counters: SimCounters = newCounters();
	/** Base URLs this simulator listens on, in the order the ports were given. */
	baseUrls: string[] = [];

	/** The simulator's time: wall clock, or pinned with the `now` option, `/__sim/clock` or `clock.set`. */
	readonly clock: SimClock;

	private servers: http.Server[] = [];
	private sockets = new Set<Socket>();
	private readonly initialKnobs: K;

	protected constructor(
		readonly name: string,
		defaults: K,
		overrides: Partial<K> = {},
		now?: number,
	) {
		this.initialKnobs = { ...defaults, ...overrides };
		this.knobs = { ...this.initialKnobs };
		this.clock = new SimClock(now);
	}

	/** Pin the clock to `ms`; generated data is anchored to it again. Returns the new time. */
	setClock(ms: number): number {
		const now = this.clock.set(ms);
		this.clockSet();
		return now;
	}

	/** Called after the clock was pinned to a new instant: regenerate data anchored to the clock. */
	protected clockSet(): void {}

	get baseUrl(): string {
		return this.baseUrls[0];
	}

	/** Serve one request of the simulated service. */
	protected abstract handle(req: SimRequest): Promise<SimResponse>;

	/** Put the data back to its seeded state and drop all sessions. */
	protected abstract resetState(): void;

	/** Invalidate every live session; returns how many there were. */
	abstract expireAllSessions(): number;

	/** Service-specific control routes under /__sim/ (path without the prefix), if the service has any. */
	protected control?(req: SimRequest, subPath: string): Promise<SimResponse | undefined>;

	/** Describe the simulator for /__sim/ and for `npm run simulate`. */
	abstract describe(): Record<string, unknown>;

	/** Data, sessions, counters, faults and knobs back to how the simulator started. */
	reset(): void {
		this.clock.reset();
		this.resetState();
		this.knobs = { ...this.initialKnobs };
		this.faults = [];
		this.counters = newCounters();
	}

	setKnobs(patch: Partial<K>): K {
		this.knobs = { ...this.knobs, ...patch };
		return this.knobs;
	}

	addFault(rule: FaultRule): void {
		this.faults.push({ times: 1, after: 0, ...rule, seen: 0, fired: 0 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	resetCounters(): void {
		this.counters = newCounters();
	}

	/** Requests served on a route, or on all routes matching a prefix ending in `*`. */
	requestCount(route: string): number {
		if (route.endsWith('*')) {
			const prefix = route.slice(0, -1).toLowerCase();
			return Object.entries(this.counters.requests)
				.filter(([r]) => r.startsWith(prefix))
				.reduce((sum, [, n]) => sum + n, 0);
		}
		return this.counters.requests[route.toLowerCase()] ?? 0;
	}

	protected bump(counter: string, by = 1): void {
		const current = this.counters[counter];
		this.counters[counter] = (typeof current === 'number' ? current : 0) + by;
	}

	/** Listen on the given ports (0 = any free port). Resolves with the base URLs. */
	async start(ports: number | number[] = 0, host = '127.0.0.1'): Promise<string[]> {
		const list = Array.isArray(ports) ? ports : [ports];
		for (const port of list) {
			const server = http.createServer((req, res) => {
				this.dispatch(req, res).catch((error: Error) => {
					if (!res.headersSent) {
						res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
						res.end(htmlPage('500 Internal Server Error', String(error.message)));
					} else {
						res.destroy();
					}
				});
			});
			server.keepAliveTimeout = 5000;
			server.on('connection', (socket: Socket) => {
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
			});
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => resolve());
			});
			const address = server.address() as AddressInfo;
			this.servers.push(server);
			this.baseUrls.push(`http://${host}:${address.port}`);
		}
		return this.baseUrls;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(
			this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
		);
		this.servers = [];
		this.baseUrls = [];
	}

	private takeFault(route: string): FaultRule | undefined {
		for (const rule of this.faults) {
			const matches =
				rule.route === '*' ||
				rule.route.toLowerCase() === route ||
				(rule.route.endsWith('*') && route.startsWith(rule.route.slice(0, -1).toLowerCase()));
			if (!matches) continue;
			rule.seen++;
			if (rule.seen <= (rule.after ?? 0)) continue;
			if (rule.fired >= (rule.times ?? 1)) continue;
			rule.fired++;
			this.counters.faults[rule.kind] = (this.counters.faults[rule.kind] ?? 0) + 1;
			return rule;
		}
		return undefined;
	}

	private async readRequest(req: http.IncomingMessage, origin: string): Promise<SimRequest> {
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
			cookies: parseCookies(req.headers.cookie),
			body,
			json,
			jsonError,
			form,
			origin,
		};
	}

	private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const local = req.socket.localPort;
		const origin =
			this.baseUrls.find((u) => u.endsWith(`:${local}`)) ?? `http://${req.headers.host ?? 'localhost'}`;
		const request = await this.readRequest(req, origin);

		if (request.route.startsWith('/__sim/') || request.route === '/__sim') {
			this.send(res, await this.handleControl(request));
			return;
		}

		this.counters.requests[request.route] = (this.counters.requests[request.route] ?? 0) + 1;
		if (this.knobs.latencyMs > 0) await sleepMs(this.knobs.latencyMs);

		const fault = this.takeFault(request.route);
		switch (fault?.kind) {
			case 'http5xx':
				this.send(res, {
					status: fault.status ?? 502,
					contentType: 'text/html; charset=utf-8',
					text: htmlPage(`${fault.status ?? 502} Bad Gateway`, 'The upstream server is temporarily unavailable.'),
				});
				return;
			case 'timeout': {
				const timer = setTimeout(() => res.destroy(), this.knobs.timeoutHoldMs);
				res.on('close', () => clearTimeout(timer));
				return;
			}
			case 'malformed':
				this.send(res, { contentType: 'application/json; charset=utf-8', text: '{"success":true,"data":{"dat' });
				return;
			case 'html':
				this.send(res, {
					contentType: 'text/html; charset=utf-8',
					text: htmlPage('服务器错误 Server Error', 'Runtime Error: An application error occurred on the server.'),
				});
				return;
			case 'empty':
				this.send(res, { contentType: 'application/json; charset=utf-8', text: '' });
				return;
			case 'reset':
				res.destroy();
				return;
			case 'reset-after-apply':
				await this.handle(request);
				res.destroy();
				return;
			case 'echo':
				this.send(res, {
					status: fault.status ?? 500,
					json: { error: 'Bad Request', message: '请求无法处理 / the request could not be processed', request: request.body.toString('utf8') },
				});
				return;
			case 'truncate':
			case 'status-json':
			case 'trickle':
			case 'cut': {
				const answer = await this.handle(request);
				const { headers, payload } = await this.materialise(answer);
				const status = fault.kind === 'status-json' ? (fault.status ?? 500) : (answer.status ?? 200);
				if (fault.kind === 'status-json') {
					res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
					res.end(payload);
				} else if (fault.kind === 'truncate') {
					res.writeHead(status, headers);
					res.end(payload.subarray(0, Math.floor(payload.length / 2)));
				} else if (fault.kind === 'cut') {
					res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
					res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
				} else {
					res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
					for (let i = 0; i < payload.length && !res.destroyed; i++) {
						res.write(payload.subarray(i, i + 1));
						await sleepMs(this.knobs.trickleMs ?? 200);
					}
					res.end();
				}
				return;
			}
			default:
				break;
		}
		if (fault) request.fault = fault;
		this.send(res, await this.handle(request));
	}

	private async handleControl(req: SimRequest): Promise<SimResponse> {
		const sub = req.route.replace(/^\/__sim\/?/, '');
		const body = (req.json ?? {}) as Record<string, unknown>;
		switch (`${req.method} ${sub}`) {
			case 'GET ':
				return { json: { simulator: this.name, ...this.describe(), knobs: this.knobs } };
			case 'POST reset':
				this.reset();
				return { json: { ok: true } };
			case 'POST expire-sessions':
				return { json: { ok: true, expired: this.expireAllSessions() } };
			case 'GET knobs':
				return { json: this.knobs };
			case 'POST knobs':
				return { json: this.setKnobs(body as Partial<K>) };
			case 'GET counters':
				return { json: this.counters };
			case 'POST counters/reset':
				this.resetCounters();
				return { json: { ok: true } };
			case 'GET faults':
				return { json: this.faults };
			case 'POST faults':
				for (const rule of Array.isArray(body) ? body : [body]) this.addFault(rule as unknown as FaultRule);
				return { json: this.faults };
			case 'DELETE faults':
				this.clearFaults();
				return { json: { ok: true } };
			case 'GET clock':
				return { json: this.clock.describe() };
			case 'POST clock': {
				// {"now": epoch ms | ISO time} pins the clock (and re-anchors generated data); {"advanceMs": n} jumps forward.
				try {
					// Both values are read before either is applied: a bad one leaves the clock as it was.
					const at = body.now === undefined ? undefined : parseClockTime(body.now as string | number);
					const advance = body.advanceMs === undefined ? 0 : Number(body.advanceMs);
					if (!Number.isFinite(advance) || advance < 0) throw new Error(`advanceMs must be a non-negative number, got ${String(body.advanceMs)}`);
					if (at !== undefined) this.setClock(at);
					if (advance > 0) this.clock.advance(advance);
				} catch (error) {
					return { status: 400, json: { error: (error as Error).message } };
				}
				return { json: this.clock.describe() };
			}
			default: {
				const extra = await this.control?.(req, sub);
				return extra ?? { status: 404, json: { error: `unknown control route ${req.method} /__sim/${sub}` } };
			}
		}
	}

	/** A response's headers and whole body as bytes (for the faults that send it their own way). */
	private async materialise(response: SimResponse): Promise<{ headers: Record<string, string | string[]>; payload: Buffer }> {
		const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
		delete headers['content-length'];
		let payload: Buffer;
		if (response.body instanceof Readable) {
			const chunks: Buffer[] = [];
			for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Buffer));
			payload = Buffer.concat(chunks);
		} else if (response.body !== undefined) payload = response.body;
		else if (response.text !== undefined) payload = Buffer.from(response.text, 'utf8');
		else if (response.json !== undefined) payload = Buffer.from(JSON.stringify(response.json), 'utf8');
		else payload = Buffer.alloc(0);
		headers['content-type'] ??=
			response.contentType ?? (response.body !== undefined ? 'application/octet-stream' : response.json !== undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
		return { headers, payload };
	}

	private send(res: http.ServerResponse, response: SimResponse): void {
		const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
		let payload: Buffer | Readable | string;
		if (response.body !== undefined) {
			payload = response.body;
			headers['content-type'] ??= response.contentType ?? 'application/octet-stream';
		} else if (response.text !== undefined) {
			payload = response.text;
			headers['content-type'] ??= response.contentType ?? 'text/plain; charset=utf-8';
		} else if (response.json !== undefined) {
			payload = JSON.stringify(response.json);
			headers['content-type'] ??= response.contentType ?? 'application/json; charset=utf-8';
		} else {
			payload = '';
		}
		if (payload instanceof Readable) {
			res.writeHead(response.status ?? 200, headers);
			payload.pipe(res);
			return;
		}
		const buffer = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
		headers['content-length'] = String(buffer.length);
		res.writeHead(response.status ?? 200, headers);
		res.end(buffer);
	}
}
