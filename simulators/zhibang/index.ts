/**
 * Faithful local simulator of the Zhibang (智邦国际) ERP API (docs/protocol/zhibang.md; the assumptions and their knobs: §11):
 * ZSML login/logout/sessions, customers (allocate → save → detail → list → assign), follow-ups,
 * contacts, enumerations, the v3 `customer/edit` endpoint, and an operation log of every write.
 *
 *   const sim = await startZhibangSimulator({ knobs: { expirySignal: 'http401' } });
 *   // POST `${sim.baseUrl}/webapi/v3/ov1/login` …
 *   await sim.close();
 */
import JSON5 from 'json5';

import { parseClockTime } from '../common/clock';
import { SimulatorBase } from '../common/server';
import type { SimRequest, SimResponse } from '../common/wire';
import { ZhibangAuth, type Session } from './auth';
import { zhibangControl } from './control';
import { ZHIBANG_DEMO, ZHIBANG_DEMO_SERIAL, ZHIBANG_USERS, type ZhibangUser } from './data';
import { ZHIBANG_DEFAULT_KNOBS, type ZhibangKnobs } from './knobs';
import { DEFAULT_LISTS, type OplogEntry, type ReferenceLists, type ZhibangContactView, type ZhibangCustomerView, type ZhibangFollowup } from './model';
import { bizError, buildHandlers, v3CustomerEdit, type Ctx, type Handler, type ZhibangService } from './routes';
import { ZhibangStore } from './store';
import { Datas, expiry, htmlError, METHOD_NOT_ALLOWED, queryParam, zbDoc } from './wire';

export { ZHIBANG_DEMO, ZHIBANG_DEMO_SERIAL, ZHIBANG_USERS, type ZhibangUser } from './data';
export { ZHIBANG_DEFAULT_KNOBS, type ZhibangKnobs, type ExpirySignal, type DuplicateCheck, type EnumOverrides } from './knobs';
export type * from './model';

/** datas ids the real pages also read from the query string. */
const QUERY_PARAMS = new Set(['intsort', 'edit', 'datatype', 'enumid', 'stype', 'sort', 'reportmodel', 'checktype', 'remind']);

export class ZhibangSimulator extends SimulatorBase<ZhibangKnobs> {
	/** The account the demo and the tests log in with. */
	readonly demo: { username: string; password: string } = { ...ZHIBANG_DEMO };
	readonly users: readonly ZhibangUser[] = ZHIBANG_USERS;
	private store!: ZhibangStore;
	private auth: ZhibangAuth;
	private readonly svc: ZhibangService = {
		knobs: () => this.knobs,
		store: () => this.store,
		auth: () => this.auth,
		lists: () => this.lists(),
		users: this.users,
		bump: (counter) => this.bump(counter),
		parseBody: (req) => this.parseBody(req),
	};
	private readonly handlers: Record<string, Handler>;

	constructor(knobs: Partial<ZhibangKnobs> = {}, now?: number) {
		super('zhibang', ZHIBANG_DEFAULT_KNOBS, knobs, now);
		this.store = this.newStore();
		this.auth = this.newAuth();
		this.initCounters();
		this.handlers = buildHandlers(this.svc);
	}

	// ================================================================ in-process accessors

	/** All customers (primary contact fields merged in), by ord. */
	customers(): ZhibangCustomerView[] {
		return this.store.customerViews().sort((a, b) => a.ord - b.ord);
	}

	customer(ord: number): ZhibangCustomerView | undefined {
		const c = this.store.customers.get(ord);
		return c ? this.store.customerView(c) : undefined;
	}

	findCustomers(pred: (c: ZhibangCustomerView) => boolean): ZhibangCustomerView[] {
		return this.customers().filter(pred);
	}

	contacts(): ZhibangContactView[] {
		return this.store.contactViews().sort((a, b) => a.ord - b.ord);
	}

	contact(ord: number): ZhibangContactView | undefined {
		const p = this.store.contacts.get(ord);
		return p ? this.store.contactView(p) : undefined;
	}

	followups(): ZhibangFollowup[] {
		return JSON.parse(JSON.stringify(this.store.followups)) as ZhibangFollowup[];
	}

	/** Every persisted write, oldest first: what was written, by whom. */
	get oplog(): OplogEntry[] {
		return JSON.parse(JSON.stringify(this.store.oplog)) as OplogEntry[];
	}

	/** Calls of one canonical operation (see `counters.ops`). */
	op(name: string): number {
		return this.ops[name] ?? 0;
	}

	get ops(): Record<string, number> {
		return (this.counters.ops ?? {}) as Record<string, number>;
	}

	/** Live sessions (tokens included: this is a simulator). */
	liveSessions(): Array<Omit<Session, 'createdAt' | 'lastSeen'> & { createdAt: string; lastSeen: string }> {
		return [...this.auth.sessions.values()].map((s) => ({
			...s,
			createdAt: new Date(s.createdAt).toISOString(),
			lastSeen: new Date(s.lastSeen).toISOString(),
		}));
	}

	expireAllSessions(): number {
		return this.auth.expireAll();
	}

	/** Invalidate the sessions of one user (login name) or one token, as a newer login would. */
	kickSessions(filter: { user?: string; token?: string }): number {
		return this.auth.kick(filter);
	}

	/** Clear a user's failed-login count, captcha and lockout (not an administrator's freeze). */
	unlockUser(username: string): boolean {
		return this.auth.unlock(username);
	}

	/** The captcha a user must answer now (issues one if required and none is pending). */
	captchaFor(username: string): ReturnType<ZhibangAuth['captchaFor']> {
		return this.auth.captchaFor(username);
	}

	/** Reference lists in effect (built-in, or replaced by the `enums` knob). */
	lists(): ReferenceLists {
		const overrides = Object.entries(this.knobs.enums ?? {}).filter(([, list]) => Array.isArray(list));
		return { ...DEFAULT_LISTS, ...Object.fromEntries(overrides) } as ReferenceLists;
	}

	describe(): Record<string, unknown> {
		return {
			baseUrl: this.baseUrl,
			demo: { ...this.demo },
			serialnum: ZHIBANG_DEMO_SERIAL,
			users: this.users.filter((u) => !u.frozen).map((u) => ({ ord: u.ord, name: u.name, dept: u.dept })),
		};
	}

	reset(): void {
		super.reset();
		// After the knobs are back to their start values, so a changed `seed` does not stick.
		this.store = this.newStore();
		this.initCounters();
	}

	/** Changing `seed` or `seedCustomers` seeds the data again (as a reset does), like Yunke's data knobs. */
	override setKnobs(patch: Partial<ZhibangKnobs>): ZhibangKnobs {
		const before = { seed: this.knobs.seed, seedCustomers: this.knobs.seedCustomers };
		const knobs = super.setKnobs(patch);
		if (knobs.seed !== before.seed || knobs.seedCustomers !== before.seedCustomers) this.store = this.newStore();
		return knobs;
	}

	resetCounters(): void {
		super.resetCounters();
		this.initCounters();
	}

	protected resetState(): void {
		this.auth = this.newAuth();
		this.store = this.newStore();
	}

	private newStore(): ZhibangStore {
		return new ZhibangStore(
			this.knobs.seed,
			this.knobs.seedCustomers,
			() => ({
				lists: this.lists(),
				acceptCategoryText: this.knobs.acceptCategoryText,
				duplicateCheck: this.knobs.duplicateCheck,
				partialSave: this.knobs.partialSave,
			}),
			() => this.clock.now(),
		);
	}

	private newAuth(): ZhibangAuth {
		return new ZhibangAuth(
			() => this.knobs,
			() => this.clock.now(),
			(counter) => this.bump(counter),
			this.users,
		);
	}

	private initCounters(): void {
		this.counters.ops = {};
		for (const name of ['writes', 'unpersistedSaves', 'kickedSessions', 'businessErrors']) this.counters[name] = 0;
	}

	private bumpOp(name: string): void {
		const ops = (this.counters.ops ??= {}) as Record<string, number>;
		ops[name] = (ops[name] ?? 0) + 1;
	}

	protected async control(req: SimRequest, sub: string): Promise<SimResponse | undefined> {
		return zhibangControl(this, req, sub);
	}

	// ================================================================ dispatch

	protected async handle(req: SimRequest): Promise<SimResponse> {
		const route = req.route.replace(/\/{2,}/g, '/');
		if (route === '/webapi/v3/sales/customer/edit' || route === '/webapi/v3/sales/customer/edit/') {
			this.bumpOp('v3.customer.edit');
			return v3CustomerEdit(this.svc, req);
		}
		let key: string | undefined;
		let m = /^\/(?:sysa\/)?mobilephone\/(.+)\.asp$/.exec(route);
		if (m) key = m[1];
		else if ((m = /^\/webapi\/v3\/ov1\/(.+?)\/?$/.exec(route)) && !m[1].endsWith('.asp')) key = m[1];
		if (key === 'getyzm') {
			this.bumpOp('captcha.image');
			return this.auth.captchaImage(req.query);
		}
		const absent = key === 'source' && this.knobs.enumPage === 'absent';
		const handler = key !== undefined && !absent ? this.handlers[key] : undefined;
		if (!handler) return htmlError(404, '404 - 找不到文件或目录。');
		if (req.method !== 'POST') return htmlError(405, METHOD_NOT_ALLOWED);

		const body = this.parseBody(req);
		const token = body && body.session !== undefined && body.session !== null ? String(body.session) : '';
		if (!body) return bizError(this.svc, token, '请求数据格式不正确，无法解析');
		let cmdkey = typeof body.cmdkey === 'string' ? body.cmdkey.trim() : '';
		if (!cmdkey) cmdkey = queryParam(req.query, '__msgid').trim();
		const datas = new Datas(body.datas);
		const ctx: Ctx = {
			req,
			body,
			datas,
			cmdkey,
			token,
			param: (id) => {
				const v = datas.str(id);
				return v !== '' || !QUERY_PARAMS.has(id.toLowerCase()) ? v : queryParam(req.query, id).trim();
			},
		};
		this.bumpOp(handler.op(ctx));

		if (req.fault?.kind === 'throttle') {
			return { json: zbDoc(token, undefined, this.knobs.businessErrorStatus, this.knobs.throttleMessage) };
		}
		if (req.fault?.kind === 'expire') {
			this.auth.revoke(token, 'expired');
			this.bump('rejectedSessions');
			return expiry(this.knobs, 'expired');
		}
		let session: Session | undefined;
		if (handler.auth) {
			const check = this.auth.check(token);
			if (typeof check === 'string') {
				this.bump('rejectedSessions');
				return expiry(this.knobs, check);
			}
			session = check;
		}
		return handler.run(ctx, session);
	}

	/** The PostClass body: strict JSON, or (knob `relaxedJson`) JSON5, the JavaScript object literals the vendor's demos send; undefined if unreadable. */
	private parseBody(req: SimRequest): Record<string, unknown> | undefined {
		const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
		if (isObject(req.json)) return req.json;
		const text = req.body.toString('utf8').replace(/^\uFEFF/, '').trim();
		if (text === '') return {};
		for (const parse of [JSON.parse, ...(this.knobs.relaxedJson ? [JSON5.parse] : [])]) {
			try {
				const value: unknown = parse(text);
				if (isObject(value)) return value;
			} catch {
				// try the next reader
			}
		}
		return undefined;
	}
}

export async function startZhibangSimulator(
	options: {
		knobs?: Partial<ZhibangKnobs>;
		port?: number;
		host?: string;
		/** Pin the simulator's clock (epoch ms or ISO time). Default: the wall clock. */
		now?: number | string;
	} = {},
): Promise<ZhibangSimulator> {
	const sim = new ZhibangSimulator(options.knobs ?? {}, options.now === undefined ? undefined : parseClockTime(options.now));
	await sim.start(options.port ?? 0, options.host ?? '127.0.0.1');
	return sim;
}
