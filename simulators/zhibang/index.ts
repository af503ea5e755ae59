/**
 * Faithful local simulator of the Zhibang (智邦国际) ERP API (docs/protocol/zhibang.md; the assumptions and their knobs: §11):
 * ZSML login/logout/sessions, customers (allocate → save → detail → list → assign), follow-ups,
 * contacts, enumerations, the v3 `customer/edit` endpoint, and an operation log of every write.
 *
 *   const sim = await startZhibangSimulator({ knobs: { expirySignal: 'http401' } });
 *   // POST `${sim.baseUrl}/webapi/v3/ov1/login` …
 *   await sim.close();
 */
import { randomBytes, randomInt } from 'node:crypto';
import JSON5 from 'json5';

import { parseClockTime } from '../common/clock';
import { SimulatorBase } from '../common/server';
import { setCookie, type SimRequest, type SimResponse } from '../common/wire';
import { ZHIBANG_DEMO, ZHIBANG_DEMO_SERIAL, ZHIBANG_USERS, CUSTOMER_FIELD_TEXT, CONTACT_FIELD_TEXT, type ZhibangUser } from './data';
import { ZHIBANG_DEFAULT_KNOBS, type ZhibangKnobs } from './knobs';
import {
	CONTACT_COLS,
	CUSTOMER_COLS,
	USER_COLS,
	contactRow,
	customerRow,
	filterContacts,
	filterCustomers,
	pageTable,
} from './lists';
import {
	DEFAULT_LISTS,
	ZhibangStore,
	type OplogEntry,
	type ReferenceLists,
	type WriteResult,
	type ZhibangContactView,
	type ZhibangCustomerView,
	type ZhibangFollowup,
} from './store';
import {
	Datas,
	billBody,
	messageBody,
	sourceBody,
	zbDoc,
	type BillField,
	type BillGroup,
	type TableCol,
	type TablePage,
} from './wire';

export { ZHIBANG_DEMO, ZHIBANG_DEMO_SERIAL, ZHIBANG_USERS, type ZhibangUser } from './data';
export { ZHIBANG_DEFAULT_KNOBS, type ZhibangKnobs, type ExpirySignal, type DuplicateCheck, type EnumOverrides } from './knobs';
export type {
	OplogEntry,
	WriteAction,
	ZhibangContact,
	ZhibangContactView,
	ZhibangCustomer,
	ZhibangCustomerView,
	ZhibangFollowup,
} from './store';

interface Session {
	token: string;
	userOrd: number;
	username: string;
	serialnum: string;
	createdAt: number;
	lastSeen: number;
}

interface LoginState {
	failures: number;
	locked: boolean;
	captcha?: { token: string; code: string };
}

type RevokeReason = 'expired' | 'kicked' | 'logout';

interface Ctx {
	req: SimRequest;
	body: Record<string, unknown>;
	datas: Datas;
	cmdkey: string;
	/** The `session` of the PostClass body. */
	token: string;
	/** A datas value, falling back to the URL query for the ids that may travel there. */
	param(id: string): string;
}

interface Handler {
	/** Canonical operation name for `counters.ops`. */
	op(ctx: Ctx): string;
	/** Needs a live session. */
	auth: boolean;
	run(ctx: Ctx, session: Session | undefined): SimResponse;
}

/** datas ids the real pages also read from the query string. */
const QUERY_PARAMS = new Set(['intsort', 'edit', 'datatype', 'enumid', 'stype', 'sort', 'reportmodel', 'checktype', 'remind']);

const SAVE = '__sys_dosave';

const LOGIN_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>智邦国际ERP系统 - 用户登录</title></head><body><form id="loginform" method="post" action="/sysa/login.asp"><h1>智邦国际ERP系统</h1><p>您还没有登录或登录已超时，请重新登录。</p><input name="username" type="text"><input name="password" type="password"><button type="submit">登 录</button></form></body></html>`;

function htmlError(status: number, title: string): SimResponse {
	return {
		status,
		contentType: 'text/html; charset=utf-8',
		text: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>Server Error</h1><h2>${title}</h2></body></html>`,
	};
}

/** What a detail bill shows under `detailFields: 'subset'` (an install whose form hides the rest). */
const CUSTOMER_DETAIL_SUBSET = new Set(['ord', 'intsort', 'name', 'khid', 'sort1', 'sort1Name', 'ly', 'lyName', 'jz', 'jzName', 'cateid', 'cateName', 'date1', 'person_name', 'mobile']);
const CONTACT_DETAIL_SUBSET = new Set(['ord', 'company', 'name', 'person_name', 'mobile', 'date1']);

function subsetOf(groups: BillGroup[], keep: Set<string>): BillGroup[] {
	return groups.map((group) => ({ ...group, fields: group.fields.filter((field) => keep.has(field.id)) }));
}

function queryParam(query: URLSearchParams, name: string): string {
	const lower = name.toLowerCase();
	for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
	return '';
}

export class ZhibangSimulator extends SimulatorBase<ZhibangKnobs> {
	/** The account the demo and the tests log in with. */
	readonly demo: { username: string; password: string } = { ...ZHIBANG_DEMO };
	readonly users: readonly ZhibangUser[] = ZHIBANG_USERS;
	private store!: ZhibangStore;
	private sessions = new Map<string, Session>();
	private revoked = new Map<string, RevokeReason>();
	private loginStates = new Map<string, LoginState>();
	private readonly handlers: Record<string, Handler>;

	constructor(knobs: Partial<ZhibangKnobs> = {}, now?: number) {
		super('zhibang', ZHIBANG_DEFAULT_KNOBS, knobs, now);
		this.store = this.newStore();
		this.initCounters();
		this.handlers = this.buildHandlers();
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
		return [...this.sessions.values()].map((s) => ({
			...s,
			createdAt: new Date(s.createdAt).toISOString(),
			lastSeen: new Date(s.lastSeen).toISOString(),
		}));
	}

	expireAllSessions(): number {
		const count = this.sessions.size;
		for (const token of this.sessions.keys()) this.revoked.set(token, 'expired');
		this.sessions.clear();
		return count;
	}

	/** Invalidate the sessions of one user (login name) or one token, as a newer login would. */
	kickSessions(filter: { user?: string; token?: string }): number {
		let count = 0;
		for (const [token, s] of [...this.sessions]) {
			const match =
				(filter.token !== undefined && token === filter.token) ||
				(filter.user !== undefined && s.username.toLowerCase() === filter.user.toLowerCase());
			if (!match) continue;
			this.sessions.delete(token);
			this.revoked.set(token, 'kicked');
			count++;
		}
		return count;
	}

	/** Clear a user's failed-login count, captcha and lockout (not an administrator's freeze). */
	unlockUser(username: string): boolean {
		return this.loginStates.delete(username.toLowerCase());
	}

	/** The captcha a user must answer now (issues one if required and none is pending). */
	captchaFor(username: string): { user: string; failures: number; required: boolean; token: string; code: string; expected: string } {
		const key = username.toLowerCase();
		const state = this.loginStates.get(key) ?? { failures: 0, locked: false };
		const required = this.captchaRequired(state);
		if (required && !state.captcha) {
			this.loginStates.set(key, state);
			this.newCaptcha(state);
		}
		const token = state.captcha?.token ?? '';
		const code = state.captcha?.code ?? '';
		return { user: username, failures: state.failures, required, token, code, expected: this.knobs.captchaAnswer === 'token' ? token : code };
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
		this.sessions.clear();
		this.revoked.clear();
		this.loginStates.clear();
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

	private initCounters(): void {
		this.counters.ops = {};
		for (const name of ['writes', 'unpersistedSaves', 'kickedSessions', 'businessErrors']) this.counters[name] = 0;
	}

	private bumpOp(name: string): void {
		const ops = (this.counters.ops ??= {}) as Record<string, number>;
		ops[name] = (ops[name] ?? 0) + 1;
	}

	// ================================================================ control routes

	protected async control(req: SimRequest, sub: string): Promise<SimResponse | undefined> {
		const body = (req.json ?? {}) as Record<string, unknown>;
		switch (`${req.method} ${sub}`) {
			case 'GET customers':
				return { json: this.customers() };
			case 'GET contacts':
				return { json: this.contacts() };
			case 'GET followups':
				return { json: this.followups() };
			case 'GET oplog':
				return { json: this.oplog };
			case 'GET sessions':
				return { json: this.liveSessions() };
			case 'POST sessions/kick':
				return {
					json: {
						ok: true,
						kicked: this.kickSessions({
							user: typeof body.user === 'string' ? body.user : undefined,
							token: typeof body.token === 'string' ? body.token : undefined,
						}),
					},
				};
			case 'GET captcha': {
				const user = queryParam(req.query, 'user');
				if (!user) return { status: 400, json: { error: 'query parameter user is required' } };
				return { json: this.captchaFor(user) };
			}
			case 'POST users/unlock': {
				const user = typeof body.user === 'string' ? body.user : queryParam(req.query, 'user');
				if (!user) return { status: 400, json: { error: 'body field user is required' } };
				return { json: { ok: true, user, cleared: this.unlockUser(user) } };
			}
			default:
				return undefined;
		}
	}

	// ================================================================ wire

	protected async handle(req: SimRequest): Promise<SimResponse> {
		const route = req.route.replace(/\/{2,}/g, '/');
		if (route === '/webapi/v3/sales/customer/edit' || route === '/webapi/v3/sales/customer/edit/') return this.v3CustomerEdit(req);
		let key: string | undefined;
		let m = /^\/(?:sysa\/)?mobilephone\/(.+)\.asp$/.exec(route);
		if (m) key = m[1];
		else if ((m = /^\/webapi\/v3\/ov1\/(.+?)\/?$/.exec(route)) && !m[1].endsWith('.asp')) key = m[1];
		if (key === 'getyzm') return this.captchaImage(req);
		const absent = key === 'source' && this.knobs.enumPage === 'absent';
		const handler = key !== undefined && !absent ? this.handlers[key] : undefined;
		if (!handler) return htmlError(404, '404 - 找不到文件或目录。');
		if (req.method !== 'POST') return htmlError(405, '405 - 用于访问该页的 HTTP 谓词不被允许。');

		const body = this.parseBody(req);
		const token = body && body.session !== undefined && body.session !== null ? String(body.session) : '';
		if (!body) return this.bizError(token, '请求数据格式不正确，无法解析');
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
			if (this.sessions.delete(token)) this.revoked.set(token, 'expired');
			this.bump('rejectedSessions');
			return this.expiry('expired');
		}
		let session: Session | undefined;
		if (handler.auth) {
			const check = this.checkSession(token);
			if (typeof check === 'string') {
				this.bump('rejectedSessions');
				return this.expiry(check);
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

	/** The session for a token, or why there is none. */
	private checkSession(token: string): Session | 'missing' | 'unknown' | RevokeReason {
		if (!token) return 'missing';
		const session = this.sessions.get(token);
		if (!session) return this.revoked.get(token) ?? 'unknown';
		const now = this.clock.now();
		if (now - session.lastSeen > this.knobs.sessionIdleMs) {
			this.sessions.delete(token);
			this.revoked.set(token, 'expired');
			return 'expired';
		}
		session.lastSeen = now;
		return session;
	}

	/** The "not logged in / timed out" answer, shaped by the `expirySignal` knob. */
	private expiry(reason: string): SimResponse {
		const message = reason === 'kicked' ? this.knobs.kickedMessage : this.knobs.expiryMessage;
		const json = zbDoc('', undefined, this.knobs.authErrorStatus, message);
		switch (this.knobs.expirySignal) {
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

	private bizError(token: string, message: string): SimResponse {
		this.bump('businessErrors');
		return { json: zbDoc(token, messageBody(message), this.knobs.businessErrorStatus, message) };
	}

	private ok(token: string, body: Record<string, unknown>): SimResponse {
		return { json: zbDoc(token, body) };
	}

	private actor(session: Session | undefined): ZhibangUser {
		return this.users.find((u) => u.ord === session?.userOrd) ?? this.users[0];
	}

	/** Run a write: persist unless `saveWithoutPersist` is counting down; answer 保存成功 or the error. */
	private write(ctx: Ctx, run: (persist: boolean) => WriteResult): SimResponse {
		const persist = !(this.knobs.saveWithoutPersist > 0);
		const result = run(persist);
		if (!result.ok) return this.bizError(ctx.token, result.error);
		if (persist) this.bump('writes');
		else {
			this.knobs.saveWithoutPersist--;
			this.bump('unpersistedSaves');
		}
		return this.ok(ctx.token, messageBody('保存成功'));
	}

	private listOptions(defaultSort: string) {
		return {
			defaultPageSize: this.knobs.defaultPageSize,
			maxPageSize: this.knobs.maxPageSize,
			defaultSort,
			shuffle: this.knobs.columnOrder === 'shuffled',
			seed: this.knobs.seed,
			lyingPager: this.knobs.lyingPager,
		};
	}

	/** A list page: without `refresh` only the UI skeleton (no rows), as the real server does. */
	private listPage(ctx: Ctx, cols: TableCol[], rows: () => Array<Record<string, string | number>>, defaultSort: string): SimResponse {
		const opts = this.listOptions(defaultSort);
		if (ctx.cmdkey.toLowerCase() !== 'refresh') {
			const table = pageTable(cols, [], new Datas([]), opts);
			return this.ok(ctx.token, sourceBody(table.cols, []));
		}
		const table = pageTable(cols, rows(), ctx.datas, opts);
		return this.ok(ctx.token, this.tableBody(table.cols, table.rows, table.page));
	}

	/** A source body shaped by the `pageBlock` and `rowShape` knobs. */
	private tableBody(cols: TableCol[], rows: Array<Array<string | number>>, page: TablePage): Record<string, unknown> {
		const shaped =
			this.knobs.rowShape === 'object'
				? rows.map((row) => Object.fromEntries(cols.map((col, i) => [col.id, row[i]])) as unknown as Array<string | number>)
				: rows;
		return sourceBody(cols, shaped, this.knobs.pageBlock === 'absent' ? undefined : page);
	}

	private simpleTable(ctx: Ctx, cols: string[], rows: Array<Array<string | number>>): SimResponse {
		const captions: Record<string, string> = { id: 'ID', text: '名称', parent: '上级ID', ord: '用户ID', name: '姓名', dept: '部门' };
		return this.ok(
			ctx.token,
			this.tableBody(
				cols.map((id) => ({ id, caption: captions[id] ?? id })),
				rows,
				{ recordcount: rows.length, pagesize: Math.max(rows.length, 1), pagecount: rows.length ? 1 : 0, pageindex: 1 },
			),
		);
	}

	// ================================================================ login / logout

	private captchaRequired(state: LoginState): boolean {
		return this.knobs.captchaAfter > 0 && state.failures >= this.knobs.captchaAfter;
	}

	private newCaptcha(state: LoginState): string {
		state.captcha = { token: randomBytes(16).toString('hex'), code: String(randomInt(0, 10000)).padStart(4, '0') };
		return state.captcha.token;
	}

	private loginFail(message: string, captchaToken?: string): SimResponse {
		const login: Record<string, string> = { newrndcode: captchaToken ?? '' };
		if (captchaToken) login.rndcodeurl = `/sysa/mobilephone/getyzm.asp?code=${captchaToken}`;
		return { json: zbDoc('', { model: 'init', action: 'fail', login }, this.knobs.authErrorStatus, message) };
	}

	private login(ctx: Ctx): SimResponse {
		this.bump('loginAttempts');
		const d = ctx.datas;
		const userRaw = d.get('user') ?? '';
		const pwRaw = d.get('password') ?? '';
		const serial = d.str('serialnum').replace(/^txt:/i, '');
		const rndcode = d.str('rndcode');
		const prefixed = (v: string) => /^txt:/i.test(v);
		const username = userRaw.replace(/^txt:/i, '').trim();

		if (!serial) return this.loginFail('串号不能为空');
		if (this.knobs.strictSerial && !/^[A-Za-z0-9]{1,20}$/.test(serial)) {
			return this.loginFail('串号格式不正确（20位以内数字或字母）');
		}
		if (!username) return this.loginFail('用户名或密码错误');

		const key = username.toLowerCase();
		const state = this.loginStates.get(key) ?? { failures: 0, locked: false };
		this.loginStates.set(key, state);
		if (this.captchaRequired(state)) {
			if (!rndcode) return this.loginFail('请输入验证码', this.newCaptcha(state));
			const expected = this.knobs.captchaAnswer === 'token' ? state.captcha?.token : state.captcha?.code;
			if (!expected || rndcode.toLowerCase() !== expected.toLowerCase()) {
				return this.loginFail('验证码错误', this.newCaptcha(state));
			}
			state.captcha = undefined;
		}

		const user = this.users.find((u) => u.username.toLowerCase() === key);
		if (user && (user.frozen || state.locked)) return this.loginFail('账号已被冻结');
		const passwordOk = !!user && prefixed(userRaw) && prefixed(pwRaw) && pwRaw.slice(4) === user.password;
		if (!passwordOk || !user) {
			state.failures++;
			if (this.knobs.lockoutAfter > 0 && user && state.failures >= this.knobs.lockoutAfter) state.locked = true;
			return this.loginFail('用户名或密码错误', this.captchaRequired(state) ? this.newCaptcha(state) : undefined);
		}

		this.loginStates.delete(key);
		for (const [token, s] of [...this.sessions]) {
			if (s.userOrd !== user.ord) continue;
			if (this.knobs.singleSession || (this.knobs.kickSameDevice && s.serialnum === serial)) {
				this.sessions.delete(token);
				this.revoked.set(token, 'kicked');
				this.bump('kickedSessions');
			}
		}
		const token = randomBytes(16).toString('hex');
		const now = this.clock.now();
		this.sessions.set(token, { token, userOrd: user.ord, username: user.username, serialnum: serial, createdAt: now, lastSeen: now });
		this.bump('logins');
		return {
			headers: { 'set-cookie': setCookie('ASP.NET_SessionId', randomBytes(12).toString('hex')) },
			json: {
				header: { status: 0, message: 'API鉴权成功.', session: token, appversion: this.knobs.appVersion, language: 'zh-cn' },
				body: { model: 'init', action: 'sys' },
			},
		};
	}

	private logout(ctx: Ctx): SimResponse {
		if (ctx.token && this.sessions.delete(ctx.token)) this.revoked.set(ctx.token, 'logout');
		return this.ok('', messageBody('退出成功'));
	}

	private captchaImage(req: SimRequest): SimResponse {
		this.bumpOp('captcha.image');
		const token = queryParam(req.query, 'code');
		let code = '';
		for (const state of this.loginStates.values()) if (token && state.captcha?.token === token) code = state.captcha.code;
		const text = code || '----';
		return {
			contentType: 'image/svg+xml',
			headers: { 'cache-control': 'no-cache' },
			text: `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="22"><rect width="60" height="22" fill="#eef"/><text x="8" y="16" font-family="monospace" font-size="14">${text}</text></svg>`,
		};
	}

	// ================================================================ bills

	private customerForm(khid: string, intsort: number): BillGroup[] {
		const f = (id: string, value = '', notnull = false): BillField => ({ id, text: CUSTOMER_FIELD_TEXT[id] ?? id, value, ...(notnull ? { notnull } : {}) });
		const base = [
			f('name', '', true),
			f('khid', khid),
			f('pym'),
			f('sort1', '', true),
			f('ly'),
			f('jz'),
			f('trade'),
			f('area'),
			f('address'),
			f('url'),
			f('intro'),
		];
		const person = [
			...(intsort === 2 ? [] : [f('person_name', '', true)]),
			f('sex'),
			f('job'),
			f('mobile'),
			f('phone'),
			f('email'),
			f('qq'),
			f('weixinAcc'),
		];
		return [
			{ id: 'base', caption: '基本信息', fields: [f('intsort', String(intsort || '')), ...base] },
			{ id: 'person', caption: intsort === 2 ? '联系方式' : '联系人信息', fields: person },
		];
	}

	private customerDetail(v: ZhibangCustomerView): BillGroup[] {
		const f = (id: string, value: string | number): BillField => ({ id, text: CUSTOMER_FIELD_TEXT[id] ?? id, value: String(value ?? '') });
		const base: BillField[] = [
			f('ord', v.ord),
			f('intsort', v.intsort),
			f('name', v.name),
			f('khid', v.khid),
			f('sort1', v.sort1Stage ? `${v.sort1},${v.sort1Stage}` : v.sort1),
			f('sort1Name', v.sort1Name),
			f('ly', v.ly || ''),
			f('lyName', v.lyName),
			f('jz', v.jz || ''),
			f('jzName', v.jzName),
			f('trade', v.trade || ''),
			f('tradeName', v.tradeName),
			f('area', v.area || ''),
			f('cateid', v.cateids.join(',')),
			f('cateName', v.cateName),
			f('addcate', v.addcate),
			f('date1', v.date1),
		];
		const contactKeys = new Set(['person_name', '@personpym', 'sex', 'age', 'year1', 'part1', 'job', 'phone', 'fax', 'mobile', 'phone2', 'email', 'qq', 'weixinAcc', 'msn', 'jg']);
		const person: BillField[] = v.intsort === 1 ? [f('person', v.person || ''), f('person_name', v.person_name)] : [];
		const other: BillField[] = [];
		for (const [key, value] of Object.entries(v.fields)) {
			if (key === 'person_name' && v.intsort === 1) continue;
			if (contactKeys.has(key)) person.push(f(key, value));
			else other.push(f(key, value));
		}
		// The bill is the form: every form field is shown, empty ones with ''.
		const present = new Set([...base, ...person, ...other].map((field) => field.id));
		for (const id of Object.keys(CUSTOMER_FIELD_TEXT)) {
			if (present.has(id) || (id === 'person_name' && v.intsort !== 1)) continue;
			(contactKeys.has(id) ? person : other).push(f(id, ''));
		}
		const groups = [
			{ id: 'base', caption: '基本信息', fields: base },
			{ id: 'person', caption: v.intsort === 1 ? '联系人信息' : '联系方式', fields: person },
			{ id: 'other', caption: '其他信息', fields: other },
		];
		return this.knobs.detailFields === 'subset' ? subsetOf(groups, CUSTOMER_DETAIL_SUBSET) : groups;
	}

	private contactGroups(v?: ZhibangContactView, company = ''): BillGroup[] {
		const f = (id: string, value: string | number = '', notnull = false): BillField => ({
			id,
			text: CONTACT_FIELD_TEXT[id] ?? id,
			value: String(value),
			...(notnull ? { notnull } : {}),
		});
		if (!v) {
			return [
				{
					id: 'base',
					caption: '基本信息',
					fields: [f('company', company, true), f('person_name', '', true), f('sex'), f('job'), f('mobile'), f('phone'), f('email'), f('qq'), f('weixinAcc')],
				},
			];
		}
		const other = Object.entries(v.fields).map(([k, val]) => f(k, val));
		for (const id of Object.keys(CONTACT_FIELD_TEXT)) {
			if (!['ord', 'company', 'name', 'person_name', 'date1'].includes(id) && !(id in v.fields)) other.push(f(id, ''));
		}
		const groups = [
			{
				id: 'base',
				caption: '基本信息',
				fields: [f('ord', v.ord), f('company', v.company), f('name', v.name), f('person_name', v.person_name), f('date1', v.date1)],
			},
			{ id: 'other', caption: '详细信息', fields: other },
		];
		return this.knobs.detailFields === 'subset' ? subsetOf(groups, CONTACT_DETAIL_SUBSET) : groups;
	}

	// ================================================================ handlers

	private buildHandlers(): Record<string, Handler> {
		const unsupported = (ctx: Ctx) => this.bizError(ctx.token, `不支持的命令: ${ctx.cmdkey}`);
		const users = (ctx: Ctx) =>
			this.users
				.filter((u) => !u.frozen)
				.map((u) => ({ ord: u.ord, name: u.name, dept: u.dept }))
				.filter((u) => {
					const name = ctx.datas.str('name');
					return !name || u.name.includes(name);
				});
		const customerAdd: Handler = {
			auth: true,
			op: (ctx) =>
				ctx.cmdkey === SAVE ? 'customer.save' : ctx.cmdkey ? `customer.${ctx.cmdkey}` : ctx.param('edit') === '1' ? 'customer.detail' : 'customer.allocate',
			run: (ctx, session) => {
				if (ctx.cmdkey === SAVE) {
					return this.write(ctx, (persist) => this.store.saveCustomer(ctx.datas, ctx.param('intsort'), this.actor(session), persist));
				}
				if (ctx.cmdkey) return unsupported(ctx);
				if (ctx.param('edit') === '1') {
					const c = this.store.customers.get(Number(ctx.datas.str('ord')));
					if (!c) return this.bizError(ctx.token, '客户不存在或已被删除');
					return this.ok(ctx.token, billBody('custom_add', '客户详情', c.ord, this.customerDetail(this.store.customerView(c))));
				}
				const intsortRaw = ctx.param('intsort');
				const intsort = intsortRaw === '2' ? 2 : intsortRaw === '1' ? 1 : 0;
				const { ord, khid } = this.store.allocateCustomer(intsort);
				return this.ok(ctx.token, billBody('custom_add', '添加客户', ord, this.customerForm(khid, intsort)));
			},
		};
		const customerList: Handler = {
			auth: true,
			op: () => 'customer.list',
			run: (ctx) =>
				this.listPage(ctx, CUSTOMER_COLS, () => filterCustomers(this.store.customerViews(), ctx.datas, ctx.param('stype')).map(customerRow), '-date1'),
		};
		const assign: Handler = {
			auth: true,
			op: (ctx) => (ctx.cmdkey === SAVE ? 'customer.assign' : 'customer.assign.form'),
			run: (ctx, session) => {
				const datatype = ctx.param('datatype') || 'tel';
				if (datatype !== 'tel') return this.bizError(ctx.token, '不支持的数据类型');
				if (ctx.cmdkey === SAVE) return this.write(ctx, (persist) => this.store.assignCustomer(ctx.datas, this.actor(session), persist));
				if (ctx.cmdkey) return unsupported(ctx);
				const c = this.store.customers.get(Number(ctx.datas.str('ord')));
				if (!c) return this.bizError(ctx.token, '客户不存在或已被删除');
				return this.ok(
					ctx.token,
					billBody('order', '客户指派', c.ord, [
						{
							id: 'base',
							caption: '指派',
							fields: [
								{ id: 'member1', text: '指派方式', value: c.cateid.length ? '0' : '1' },
								{ id: 'member2', text: '指派人员', value: c.cateid.join(',') },
							],
						},
					]),
				);
			},
		};
		const reply: Handler = {
			auth: true,
			op: (ctx) => (ctx.cmdkey === SAVE ? 'followup.save' : 'followup.form'),
			run: (ctx, session) => {
				const datatype = ctx.param('datatype') || 'tel';
				if (ctx.cmdkey === SAVE) {
					return this.write(ctx, (persist) => this.store.addFollowup(datatype, ctx.datas, this.actor(session), persist));
				}
				if (ctx.cmdkey) return unsupported(ctx);
				const field = (id: string, text: string, value = ''): BillField => ({ id, text, value });
				return this.ok(
					ctx.token,
					billBody('reply', '添加洽谈进展', ctx.datas.str('ord'), [
						{
							id: 'base',
							caption: '洽谈进展',
							fields: [
								field('intro', '洽谈内容'),
								field('sort', '跟进方式'),
								field('lead', '关联联系人', '0'),
								field('plantype', '日程', '0'),
								field('@title2', '日程主题'),
								field('@ret2_0', '开始时间'),
								field('@ret2_1', '结束时间'),
							],
						},
					]),
				);
			},
		};
		const contactAdd: Handler = {
			auth: true,
			op: (ctx) =>
				ctx.cmdkey === SAVE ? 'contact.save' : ctx.cmdkey ? `contact.${ctx.cmdkey}` : ctx.param('edit') === '1' ? 'contact.detail' : 'contact.allocate',
			run: (ctx, session) => {
				if (ctx.cmdkey === SAVE) return this.write(ctx, (persist) => this.store.saveContact(ctx.datas, this.actor(session), persist));
				if (ctx.cmdkey) return unsupported(ctx);
				if (ctx.param('edit') === '1') {
					const p = this.store.contacts.get(Number(ctx.datas.str('ord')));
					if (!p) return this.bizError(ctx.token, '联系人不存在或已被删除');
					return this.ok(ctx.token, billBody('person_add', '联系人详情', p.ord, this.contactGroups(this.store.contactView(p))));
				}
				const ord = this.store.allocateContact();
				return this.ok(ctx.token, billBody('person_add', '添加联系人', ord, this.contactGroups(undefined, ctx.datas.str('company'))));
			},
		};
		const contactList: Handler = {
			auth: true,
			op: () => 'contact.list',
			run: (ctx) => this.listPage(ctx, CONTACT_COLS, () => filterContacts(this.store.contactViews(), ctx.datas).map(contactRow), '-ord'),
		};
		const enumList: Handler = {
			auth: true,
			op: () => 'enum',
			run: (ctx) => {
				const lists = this.lists();
				const byId: Record<string, Array<{ id: number; text: string }>> = { '13': lists.ly, '11': lists.trade, '14': lists.jz, '98': lists.methods };
				const items = byId[ctx.param('enumid')] ?? [];
				return this.simpleTable(ctx, ['id', 'text'], items.map((e) => [e.id, e.text]));
			},
		};
		const tree = (op: string, pick: (l: ReferenceLists) => Array<{ id: number; text: string; parent: number }>): Handler => ({
			auth: true,
			op: () => op,
			run: (ctx) => this.simpleTable(ctx, ['id', 'text', 'parent'], pick(this.lists()).map((e) => [e.id, e.text, e.parent])),
		});
		return {
			login: { auth: false, op: () => 'login', run: (ctx) => this.login(ctx) },
			logout: { auth: false, op: () => 'logout', run: (ctx) => this.logout(ctx) },
			'salesmanage/custom/add': customerAdd,
			'salesmanage/custom/list': customerList,
			'systemmanage/order': assign,
			'systemmanage/reply': reply,
			'salesmanage/person/add': contactAdd,
			'salesmanage/person/list': contactList,
			source: enumList,
			'systemmanage/telsort_list': tree('categories', (l) => l.categories),
			'systemmanage/area_list': tree('areas', (l) => l.areas),
			'systemmanage/reply_temp_list': {
				auth: true,
				op: () => 'templates',
				run: (ctx) => this.simpleTable(ctx, ['id', 'text'], this.lists().templates.map((e) => [e.id, e.text])),
			},
			'systemmanage/gate_list': {
				auth: true,
				op: () => 'users',
				run: (ctx) => this.simpleTable(ctx, ['ord', 'name', 'dept'], users(ctx).map((u) => [u.ord, u.name, u.dept])),
			},
			'officemanage/businesscard/list': {
				auth: true,
				op: () => 'users',
				run: (ctx) => this.listPage(ctx, USER_COLS, () => users(ctx), 'ord'),
			},
		};
	}

	// ================================================================ v3 modern endpoint

	private v3CustomerEdit(req: SimRequest): SimResponse {
		this.bumpOp('v3.customer.edit');
		if (req.method !== 'POST') return htmlError(405, '405 - 用于访问该页的 HTTP 谓词不被允许。');
		const token = String(req.headers['zbapi-token'] ?? '').trim();
		if (req.fault?.kind === 'throttle') return { json: { Code: 300, Msg: this.knobs.throttleMessage } };
		const denied = (): SimResponse => {
			this.bump('rejectedSessions');
			return { json: { Code: 400, Msg: 'token验证失败' } };
		};
		if (req.fault?.kind === 'expire') {
			if (this.sessions.delete(token)) this.revoked.set(token, 'expired');
			return denied();
		}
		const session = this.checkSession(token);
		if (typeof session === 'string') return denied();
		const body = this.parseBody(req);
		if (!body) return { json: { Code: 300, Msg: '请求数据格式不正确' } };
		const persist = !(this.knobs.saveWithoutPersist > 0);
		const result = this.store.v3EditCustomer(body, this.actor(session), persist);
		if (result.Code === 200) {
			if (persist) this.bump('writes');
			else {
				this.knobs.saveWithoutPersist--;
				this.bump('unpersistedSaves');
			}
		} else this.bump('businessErrors');
		return { json: result };
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
