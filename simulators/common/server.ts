/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The base both simulators share: listeners, per-route counters, latency, and the hand-off to fault
 * injection (faults.ts) and the `/__sim/` control surface (control.ts); request and response on the
 * wire: wire.ts.
 * Service behaviour (login, envelopes, data) lives in simulators/yunke and simulators/zhibang.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { SimClock } from './clock';
import { commonControl } from './control';
import { answerFault, armFault, takeFault, type ArmedFault, type FaultRule } from './faults';
import { sleep } from './time';
import { htmlPage, readRequest, send, type SimRequest, type SimResponse } from './wire';

export interface CommonKnobs {
	/** Added before every non-control request, in ms. */
	latencyMs: number;
	/** How long a `timeout` fault holds the socket before closing it, in ms. */
	timeoutHoldMs: number;
	/** Pause between the bytes of a `trickle` fault, in ms (default 200). */
	trickleMs?: number;
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

/**
 * Base class of both simulators. A subclass implements `handle` (the service), `resetState`,
 * `expireAllSessions` and optionally `control` for its own `/__sim/` routes.
 */
export abstract class SimulatorBase<K extends CommonKnobs> {
	knobs: K;
	faults: ArmedFault[] = [];
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
		this.faults.push(armFault(rule));
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

	private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const local = req.socket.localPort;
		const origin =
			this.baseUrls.find((u) => u.endsWith(`:${local}`)) ?? `http://${req.headers.host ?? 'localhost'}`;
		const request = await readRequest(req, origin);

		if (request.route.startsWith('/__sim/') || request.route === '/__sim') {
			send(res, await this.handleControl(request));
			return;
		}

		this.counters.requests[request.route] = (this.counters.requests[request.route] ?? 0) + 1;
		if (this.knobs.latencyMs > 0) await sleep(this.knobs.latencyMs);

		const fault = takeFault(this.faults, request.route);
		if (fault) this.counters.faults[fault.kind] = (this.counters.faults[fault.kind] ?? 0) + 1;
		if (await answerFault(fault, request, res, () => this.handle(request), this.knobs)) return;
		if (fault) request.fault = fault;
		send(res, await this.handle(request));
	}

	private async handleControl(req: SimRequest): Promise<SimResponse> {
		const sub = req.route.replace(/^\/__sim\/?/, '');
		const answer = commonControl(this, req, sub) ?? (await this.control?.(req, sub));
		return answer ?? { status: 404, json: { error: `unknown control route ${req.method} /__sim/${sub}` } };
	}
}
