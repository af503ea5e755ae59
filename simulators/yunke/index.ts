/**
 * Faithful local simulator of the Yunke (云客) CRM PC web console API (docs/protocol/yunke.md).
 *
 * Two listeners share one state: the primary plays the "crm" cluster (company 2fy7qa), the secondary
 * the "crm2" cluster (company k8m3zq). `checkAndGetUsers` answers each company's `domain` as the base
 * URL of its listener. All wall-clock strings are Asia/Shanghai time (UTC+8); see data.ts.
 */
import crypto from 'node:crypto';
import { parseClockTime } from '../common/clock';
import { SimulatorBase } from '../common/server';
import { setCookie, type SimRequest, type SimResponse } from '../common/wire';
import { YunkeAuth, type Session } from './auth';
import { formatShanghai, parseShanghai } from '../common/time';
import { loginUsersOf, YunkeDataset, type StoredCall } from './data';
import { generateSecureKey } from './rsa';
import {
	ossErrorXml,
	ossObjectKey,
	ossSignature,
	OSS_ACCESS_KEY_ID,
	OSS_BUCKET,
	recordingBytesFor,
	recordingSizeFor,
	recordingStream,
	signedRecordUrl,
} from './recording';
import {
	DATA_KNOBS,
	anchorOf,
	defaultKnobs,
	findCompany,
	YUNKE_DEMO,
	type Agent,
	type CallInput,
	type CallRecord,
	type Department,
	type YunkeKnobs,
} from './types';

export * from './types';
export { formatShanghai, parseShanghai } from '../common/time';
export { formatDuration, MISSING_DEPARTMENT } from './data';
export {
	recordingBytesFor,
	recordingSizeFor,
	recordingStream,
	signedRecordUrl,
	MP3_FRAME_HEADER,
	MP3_FRAME_BYTES,
	MP3_BYTES_PER_SECOND,
} from './recording';

/** Codes of the few errors docs/protocol/yunke.md §4.2 has no entry for (documented in the report / README). */
export const YUNKE_SIM_CODES = {
	/** checkAndGetUsers without a key bound to the key cookie (newuc family, numeric). */
	newucNoKey: 22009,
	/** pcLogin without a key bound to the key cookie. */
	noKey: '10009',
	/** pcLogin for a company the account does not belong to. */
	unknownCompany: '10007',
	/** pcLogin for a company that lives on the other cluster (listener). */
	wrongDomain: '10008',
	/** `company` / `userid` headers missing or not matching the session. */
	headerMismatch: '403',
	/** getRecordUrl for an unknown call or one without recording. */
	noRecording: '500',
} as const;

const NO_KEY_MESSAGE = '安全密钥不存在，请刷新页面后重试';
const TIME_MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DEMO_COMPANY = '2fy7qa';

type Family = 'newuc' | 'usercenter' | 'oss';
type Handler = (req: SimRequest, session: Session | undefined) => SimResponse | Promise<SimResponse>;
interface Route {
	method: string;
	family: Family;
	/** Needs a session (cookies `user` + `userToken`). */
	auth: boolean;
	handler: Handler;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Integer parameter: absent → fallback, integer number or digit string → value, else NaN. */
function intParam(v: unknown, fallback: number): number {
	if (v === undefined || v === null || v === '') return fallback;
	if (typeof v === 'number' && Number.isInteger(v)) return v;
	if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
	return NaN;
}

function str(v: unknown): string {
	return v === undefined || v === null ? '' : String(v);
}

function stringifyNumbers(v: unknown): unknown {
	if (typeof v === 'number') return String(v);
	if (Array.isArray(v)) return v.map(stringifyNumbers);
	if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringifyNumbers(x)]));
	return v;
}

function loginPageHtml(): string {
	return (
		'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>云客 - 登录</title></head>' +
		'<body><div id="app"><h1>云客CRM</h1><form class="login-form"><input name="phone" placeholder="请输入手机号">' +
		'<input name="password" type="password" placeholder="请输入密码"><button type="button">登录</button></form>' +
		'</div><!-- yunke simulator --></body></html>'
	);
}

export interface StartYunkeOptions {
	knobs?: Partial<YunkeKnobs>;
	/** [primary ("crm"), secondary ("crm2")]; 0 or missing = any free port. */
	ports?: [number, number?];
	host?: string;
	/** Pin the simulator's clock (epoch ms or ISO time); the generated call history ends there. Default: the wall clock. */
	now?: number | string;
}

export class YunkeSimulator extends SimulatorBase<YunkeKnobs> {
	/** The demo login (only company 2fy7qa, on the primary listener). */
	readonly demo = {
		phone: YUNKE_DEMO.accounts.demo.phone,
		password: YUNKE_DEMO.accounts.demo.password,
		companyCode: DEMO_COMPANY,
	};

	private dataset?: YunkeDataset;
	private recentAuthRequests: number[] = [];
	private auth = this.newAuth();
	private readonly routes: Record<string, Route>;

	/** Whether the generated history follows the clock (no explicit `anchorTime` knob). */
	private readonly anchorFollowsClock: boolean;

	constructor(knobs: Partial<YunkeKnobs> = {}, now?: number) {
		super('yunke', defaultKnobs(now), knobs, now);
		this.anchorFollowsClock = knobs.anchorTime === undefined;
		const r = (method: string, family: Family, auth: boolean, handler: Handler): Route => ({
			method,
			family,
			auth,
			handler,
		});
		this.routes = {
			'/cms/auth/login': r('GET', 'usercenter', false, (req) => this.loginPage(req)),
			'/newuc/login/getSecureKey': r('GET', 'newuc', false, (req) => this.newucSecureKey(req)),
			'/newuc/login/checkAndGetUsers': r('POST', 'newuc', false, (req) => this.checkAndGetUsers(req)),
			'/usercenter/login/getSecureKey': r('POST', 'usercenter', false, (req) => this.usercenterSecureKey(req)),
			'/usercenter/login/pcLogin': r('POST', 'usercenter', false, (req) => this.pcLogin(req)),
			'/pc/callLog/list': r('POST', 'usercenter', true, (req, s) => this.callLogList(req, s!)),
			'/pc/callLog/getRecordUrl': r('POST', 'usercenter', true, (req, s) => this.getRecordUrl(req, s!)),
			'/yunke-report-phone/module/getIndexDetail': r('POST', 'usercenter', true, (req, s) => this.report(req, s!)),
			'/usercenter/dept/tree': r('POST', 'usercenter', true, (req, s) => this.deptTree(req, s!)),
		};
	}

	// ------------------------------------------------------------------ lifecycle

	/** Always listens on two ports (primary, secondary); missing ports are 0 (any free port). */
	override async start(ports: number | number[] = [0, 0], host = '127.0.0.1'): Promise<string[]> {
		const list = Array.isArray(ports) ? [...ports] : [ports];
		while (list.length < 2) list.push(0);
		return super.start(list.slice(0, 2), host);
	}

	override setKnobs(patch: Partial<YunkeKnobs>): YunkeKnobs {
		const before = { ...this.knobs };
		const knobs = super.setKnobs(patch);
		if (DATA_KNOBS.some((k) => before[k] !== knobs[k])) this.dataset = undefined;
		return knobs;
	}

	protected resetState(): void {
		// Regenerated lazily, so it uses the knobs reset() restores right after this call.
		this.dataset = undefined;
		this.auth = this.newAuth();
		this.recentAuthRequests = [];
	}

	/** The clock was pinned to a new instant: the generated history now ends there. */
	protected override clockSet(): void {
		if (this.anchorFollowsClock) this.setKnobs({ anchorTime: anchorOf(this.clock.anchor()) });
	}

	expireAllSessions(): number {
		return this.auth.expireAll();
	}

	/** The simulator's time (see `clock`). */
	now(): number {
		return this.clock.now();
	}

	/** Move the simulator clock forward (session TTL, lockout, OSS URL expiry). */
	advanceTime(ms: number): number {
		return this.clock.advance(ms);
	}

	/** Lift wrong-password lockouts (one account or all). */
	unlockAccounts(phone?: string): number {
		return this.auth.unlock(phone);
	}

	describe(): Record<string, unknown> {
		return {
			baseUrl: this.baseUrl,
			baseUrls: this.baseUrls,
			demo: { ...this.demo },
			companies: YUNKE_DEMO.companies.map((c) => ({
				companyCode: c.companyCode,
				company: c.company,
				domain: this.domainOf(c.companyCode),
			})),
		};
	}

	// ------------------------------------------------------------------ data access

	private get db(): YunkeDataset {
		this.dataset ??= YunkeDataset.generate(this.knobs);
		return this.dataset;
	}

	/** Calls of the demo company 2fy7qa, newest first (copies; `recordFile` is the path or ""). */
	get calls(): readonly CallRecord[] {
		return this.callsOf(DEMO_COMPANY);
	}

	get departments(): readonly Department[] {
		return this.db.departments(DEMO_COMPANY).map((d) => ({ ...d }));
	}

	/** Agents of the demo company, including the one who left (status 2, department deleted). */
	get agents(): readonly Agent[] {
		return this.db.agents(DEMO_COMPANY).map((a) => ({ ...a }));
	}

	callsOf(companyCode: string): CallRecord[] {
		return this.db.calls(companyCode).map((c) => ({ ...c.record }));
	}

	departmentsOf(companyCode: string): Department[] {
		return this.db.departments(companyCode).map((d) => ({ ...d }));
	}

	agentsOf(companyCode: string): Agent[] {
		return this.db.agents(companyCode).map((a) => ({ ...a }));
	}

	/**
	 * Add calls (e.g. late-arriving rows at exact start times). Missing fields are filled
	 * deterministically; a missing `startCallTime` means now. `companyCode` defaults to 2fy7qa.
	 */
	insertCalls(partials: CallInput[]): CallRecord[] {
		return this.db.insert(partials, this.now(), DEMO_COMPANY);
	}

	/** Add `count` calls ending at `at` (default now), evenly spread over the `spreadMs` before it. */
	generateCalls(count: number, options: { at?: Date | number; spreadMs?: number; companyCode?: string } = {}): CallRecord[] {
		const at = options.at === undefined ? this.now() : options.at instanceof Date ? options.at.getTime() : options.at;
		const spread = options.spreadMs ?? 0;
		const inputs: CallInput[] = Array.from({ length: count }, (_, i) => ({
			startCallTime: formatShanghai(at - Math.round((spread * i) / Math.max(1, count))),
			companyCode: options.companyCode,
		}));
		return this.db.insert(inputs, at, DEMO_COMPANY);
	}

	/** Base URL of the listener serving a company. */
	domainOf(companyCode: string): string {
		const company = findCompany(companyCode);
		return this.baseUrls[company?.listener ?? 0] ?? this.baseUrls[0];
	}

	private newAuth(): YunkeAuth {
		return new YunkeAuth(
			() => this.knobs,
			() => this.now(),
			(counter) => this.bump(counter),
		);
	}

	// ------------------------------------------------------------------ envelopes

	private ok(data: unknown, message = 'success'): SimResponse {
		return { json: { success: true, code: '10000', message, data } };
	}

	private fail(code: string, message: string, data: unknown = null): SimResponse {
		return { json: { success: false, code, message, data } };
	}

	private newuc(code: number, msg: string, data: unknown = null): SimResponse {
		return { json: { code, msg, data } };
	}

	private invalid(detail: string, family: Family = 'usercenter'): SimResponse {
		const message = `参数错误: ${detail}`;
		if (family === 'newuc') return this.newuc(Number(this.knobs.validationCode), message);
		return this.fail(this.knobs.validationCode, message);
	}

	/** Business payloads pass through here so `numericStyle` applies to every number in them. */
	private payload(data: unknown): unknown {
		return this.knobs.numericStyle === 'string' ? stringifyNumbers(data) : data;
	}

	private expired(req: SimRequest): SimResponse {
		switch (this.knobs.expirySignal) {
			case 'http401':
				return { status: 401, json: { success: false, code: '401', message: '未授权' } };
			case 'http302':
				return {
					status: 302,
					headers: { location: `${req.origin}/cms/auth/login` },
					contentType: 'text/html; charset=utf-8',
					text: '',
				};
			case 'html200':
				return { contentType: 'text/html; charset=utf-8', text: loginPageHtml() };
			default:
				return this.fail(this.knobs.expiryBodyCode, this.knobs.expiryMessage);
		}
	}

	private throttled(family: Family): SimResponse {
		this.bump('throttled');
		const k = this.knobs;
		if (family === 'newuc') return this.newuc(Number(k.throttleCode), k.throttleMessage);
		if (family === 'oss') {
			return {
				status: 503,
				contentType: 'application/xml',
				text: ossErrorXml('SlowDown', 'Please reduce your request rate.'),
			};
		}
		return this.fail(k.throttleCode, k.throttleMessage);
	}

	// ------------------------------------------------------------------ dispatch

	protected async handle(req: SimRequest): Promise<SimResponse> {
		const isOss = req.path.startsWith('/oss/');
		const route = this.routes[req.path];
		const family: Family = isOss ? 'oss' : route?.family ?? (req.path.startsWith('/newuc/') ? 'newuc' : 'usercenter');

		if (req.fault?.kind === 'throttle') return this.throttled(family);
		if (req.fault?.kind === 'expire') {
			this.auth.invalidate(req.cookies);
			this.bump('rejectedSessions');
			if (isOss) return this.ossError(403, 'AccessDenied', 'Request has expired.');
			return this.expired(req);
		}

		if (isOss) return this.ossDownload(req);
		if (!route) return { status: 404, json: { success: false, code: '404', message: '接口不存在' } };
		if (req.method !== route.method) {
			return {
				status: 405,
				json: { success: false, code: '405', message: `Request method '${req.method}' not supported` },
			};
		}
		if (!route.auth) return route.handler(req, undefined);

		const session = this.auth.sessionFor(req.cookies, req.origin);
		if (!session) {
			this.bump('rejectedSessions');
			return this.expired(req);
		}
		const headerProblem = this.checkHeaders(req, session);
		if (headerProblem) return this.fail(YUNKE_SIM_CODES.headerMismatch, headerProblem);
		if (this.overRate()) return this.throttled(family);
		return route.handler(req, session);
	}

	private checkHeaders(req: SimRequest, session: Session): string | undefined {
		const mode = this.knobs.headerCheck;
		if (mode === 'off') return undefined;
		const company = req.headers['company'];
		const userid = req.headers['userid'];
		if (mode === 'strict') {
			if (company === undefined || company === '') return '缺少请求头 company';
			if (userid === undefined || userid === '') return '缺少请求头 userid';
		}
		if (company !== undefined && company !== '' && String(company) !== session.companyCode) {
			return `请求头 company (${String(company)}) 与当前用户所属公司 (${session.companyCode}) 不一致`;
		}
		if (userid !== undefined && userid !== '' && String(userid) !== session.userId) {
			return `请求头 userid (${String(userid)}) 与当前用户 (${session.userId}) 不一致`;
		}
		return undefined;
	}

	/** Sliding one-second window over admitted authenticated requests. */
	private overRate(): boolean {
		const limit = this.knobs.throttlePerSecond;
		if (!(limit > 0)) return false;
		const now = this.now();
		this.recentAuthRequests = this.recentAuthRequests.filter((t) => now - t < 1000);
		if (this.recentAuthRequests.length >= limit) return true;
		this.recentAuthRequests.push(now);
		return false;
	}

	// ------------------------------------------------------------------ login

	/** The key-binding cookie of this request, issuing a new one when the client has none we know. */
	private keySlot(req: SimRequest): { slot: string; setCookie?: string } {
		const name = this.knobs.keyCookieName;
		const existing = req.cookies[name];
		if (this.auth.hasKeySlot(existing)) return { slot: existing };
		const slot = this.auth.newKeySlot();
		return { slot, setCookie: setCookie(name, slot) };
	}

	private loginPage(req: SimRequest): SimResponse {
		const { setCookie } = this.keySlot(req);
		return {
			contentType: 'text/html; charset=utf-8',
			headers: setCookie ? { 'set-cookie': [setCookie] } : {},
			text: loginPageHtml(),
		};
	}

	private async freshKey(req: SimRequest, account: string): Promise<{ modulus: string; public_exponent: string; setCookie?: string }> {
		const { slot, setCookie } = this.keySlot(req);
		const key = await generateSecureKey(this.knobs.rsaBits);
		this.auth.bindKey(slot, account, key);
		return { modulus: key.modulusHex, public_exponent: key.exponentHex, setCookie };
	}

	private async newucSecureKey(req: SimRequest): Promise<SimResponse> {
		const { setCookie, ...key } = await this.freshKey(req, req.query.get('account') ?? '');
		return {
			headers: setCookie ? { 'set-cookie': [setCookie] } : {},
			json: { code: 10000, msg: 'success', data: key },
		};
	}

	private async usercenterSecureKey(req: SimRequest): Promise<SimResponse> {
		const body = isObject(req.json) ? req.json : {};
		const phone = str(body.phone);
		if (!phone) return this.invalid('phone 不能为空');
		const { setCookie, ...key } = await this.freshKey(req, phone);
		const data = this.knobs.usercenterKeyNested ? { data: key } : key;
		return {
			headers: setCookie ? { 'set-cookie': [setCookie] } : {},
			json: { success: true, code: '10000', message: 'success', data },
		};
	}

	private checkAndGetUsers(req: SimRequest): SimResponse {
		this.bump('loginAttempts');
		const k = this.knobs;
		const body = isObject(req.json) ? req.json : undefined;
		if (!body) return this.invalid('请求体必须是 JSON 对象', 'newuc');
		const account = str(body.account);
		const passwd = str(body.passwd);
		if (str(body.method) !== 'PASSWD') return this.invalid(`不支持的登录方式 ${str(body.method)}`, 'newuc');
		if (!account || !passwd) return this.invalid('account 和 passwd 不能为空', 'newuc');
		const check = this.auth.checkPassword(account, passwd, req.cookies[k.keyCookieName]);
		switch (check.kind) {
			case 'ok':
				return this.newuc(
					10000,
					'success',
					check.account.memberships.map((m) => ({
						userId: m.userId,
						userType: 1,
						companyCode: m.companyCode,
						company: findCompany(m.companyCode)?.company ?? m.companyCode,
						domain: this.domainOf(m.companyCode),
					})),
				);
			case 'nokey':
				return this.newuc(YUNKE_SIM_CODES.newucNoKey, NO_KEY_MESSAGE);
			case 'locked':
				return this.newuc(k.newucLockedCode, k.lockedMessage);
			case 'disabled':
				return this.newuc(k.newucDisabledCode, k.disabledMessage);
			default:
				return this.newuc(k.newucWrongPasswordCode, k.wrongPasswordMessage);
		}
	}

	private pcLogin(req: SimRequest): SimResponse {
		this.bump('loginAttempts');
		const k = this.knobs;
		const body = isObject(req.json) ? req.json : undefined;
		if (!body) return this.invalid('请求体必须是 JSON 对象');
		const phone = str(body.phone);
		const password = str(body.password);
		const companyCode = str(body.companyCode);
		if (!phone || !password) return this.invalid('phone 和 password 不能为空');
		if (!companyCode) return this.invalid('companyCode 不能为空');
		const check = this.auth.checkPassword(phone, password, req.cookies[k.keyCookieName]);
		switch (check.kind) {
			case 'ok':
				break;
			case 'nokey':
				return this.fail(YUNKE_SIM_CODES.noKey, NO_KEY_MESSAGE);
			case 'locked':
				return this.fail(k.lockedCode, k.lockedMessage);
			case 'disabled':
				return this.fail(k.disabledCode, k.disabledMessage);
			default:
				return this.fail(k.wrongPasswordCode, k.wrongPasswordMessage);
		}
		const account = check.account;
		const membership = account.memberships.find((m) => m.companyCode === companyCode);
		if (!membership) return this.fail(YUNKE_SIM_CODES.unknownCompany, `该账号不属于企业 ${companyCode}`);
		const domain = this.domainOf(companyCode);
		if (k.enforceCompanyDomain && domain !== req.origin) {
			return this.fail(YUNKE_SIM_CODES.wrongDomain, `企业 ${companyCode} 不在当前服务器，请使用域名 ${domain} 访问`);
		}
		const session = this.auth.createSession(account, membership.userId, companyCode, req.origin);
		this.bump('logins');
		// EasyLiao/Jesong chat-widget visitor id (docs/protocol/yunke.md §2.2): realism only, not an auth cookie.
		const jesong = '0100000' + Array.from({ length: 25 }, () => crypto.randomInt(10)).join('');
		return {
			headers: {
				'set-cookie': [
					setCookie('user', session.user),
					setCookie('userToken', session.userToken),
					setCookie('JESONG_USER_ID', jesong, false),
				],
			},
			json: {
				success: true,
				code: '10000',
				message: '登录成功',
				data: { id: membership.userId, token: session.token, companyCode, name: account.name, phone: account.phone },
			},
		};
	}

	// ------------------------------------------------------------------ business endpoints

	private publicRecord(call: StoredCall, origin: string): CallRecord {
		const expires = Math.floor((this.now() + this.knobs.ossUrlTtlMs) / 1000);
		return { ...call.record, recordFile: call.hasRecording ? signedRecordUrl(origin, call.record.id, expires) : '' };
	}

	private callLogList(req: SimRequest, session: Session): SimResponse {
		const body = req.json;
		if (!isObject(body)) return this.invalid('请求体必须是 JSON 对象');
		const page = intParam(body.page, 1);
		const pageSize = intParam(body.pageSize, 10);
		if (!(page >= 1)) return this.invalid('page 必须是不小于 1 的整数');
		if (!(pageSize >= 1 && pageSize <= 200)) return this.invalid('pageSize 必须在 1 到 200 之间');
		const start = str(body.lastConnectTimeStart);
		const end = str(body.lastConnectTimeEnd);
		if (start && !TIME_MINUTE.test(start)) return this.invalid('lastConnectTimeStart 格式应为 yyyy-MM-dd HH:mm');
		if (end && !TIME_MINUTE.test(end)) return this.invalid('lastConnectTimeEnd 格式应为 yyyy-MM-dd HH:mm');
		const callType = str(body.callType);
		if (!['', 's', 'i'].includes(callType)) return this.invalid('callType 只能是 s、i 或空');
		const departmentId = str(body.departmentId);
		const userId = str(body.userId);
		const searchInfo = str(body.searchInfo).trim();
		const searchPhone = str(body.searchPhone).trim();

		const company = session.companyCode;
		const subtree = departmentId ? this.db.subtree(company, departmentId) : undefined;
		const rows = this.db.calls(company).filter((c) => {
			const r = c.record;
			const minute = r.startCallTime.slice(0, 16);
			if (start && minute < start) return false;
			if (end && minute > end) return false;
			if (callType === 's' && r.incomingCall !== 0) return false;
			if (callType === 'i' && r.incomingCall !== 1) return false;
			if (subtree && !subtree.has(c.deptId)) return false;
			if (userId && c.userId !== userId) return false;
			if (searchPhone && !r.callNumber.includes(searchPhone)) return false;
			if (
				searchInfo &&
				![r.planCustomerName, r.planCustomerCompany, r.callNumber, r.userIdName].some((f) => f.includes(searchInfo))
			) {
				return false;
			}
			return true;
		});
		const totalCount = rows.length;
		const lying = this.knobs.lyingPager;
		if (lying) {
			// A hostile server: the first page whatever page was asked for, with the counts the knob claims.
			const data = rows.slice(0, pageSize).map((c) => this.publicRecord(c, req.origin));
			return this.ok(this.payload({ data, totalCount: lying.totalCount ?? totalCount, pageCount: lying.pageCount, page, pageSize }));
		}
		const data = rows.slice((page - 1) * pageSize, page * pageSize).map((c) => this.publicRecord(c, req.origin));
		return this.ok(this.payload({ data, totalCount, pageCount: Math.ceil(totalCount / pageSize), page, pageSize }));
	}

	private getRecordUrl(req: SimRequest, session: Session): SimResponse {
		const id = str(req.form.callActionId).trim();
		if (!id) return this.invalid('callActionId 不能为空');
		const call = this.db.company(session.companyCode)?.calls.find((c) => c.record.id === id);
		if (!call || !call.hasRecording) return this.fail(YUNKE_SIM_CODES.noRecording, '录音不存在', '');
		return this.ok(this.publicRecord(call, req.origin).recordFile);
	}

	private report(req: SimRequest, session: Session): SimResponse {
		const body = req.json;
		if (!isObject(body)) return this.invalid('请求体必须是 JSON 对象');
		const childModule = str(body.childModule);
		if (!['outCall', 'inCall', 'allCall'].includes(childModule)) return this.invalid('childModule 只能是 outCall、inCall 或 allCall');
		const starttime = str(body.starttime);
		const endtime = str(body.endtime);
		if (!DATE_ONLY.test(starttime) || !DATE_ONLY.test(endtime)) return this.invalid('starttime/endtime 格式应为 yyyy-MM-dd');
		if (starttime > endtime) return this.invalid('starttime 不能晚于 endtime');
		const departId = str(body.departId);
		if (!departId) return this.invalid('departId 不能为空');
		const page = intParam(body.page, 1);
		const pageSize = intParam(body.pageSize, 10);
		if (!(page >= 1)) return this.invalid('page 必须是不小于 1 的整数');
		if (!(pageSize >= 1 && pageSize <= 100)) return this.invalid('pageSize 必须在 1 到 100 之间');
		const company = session.companyCode;
		const subtree = this.db.subtree(company, departId);
		if (subtree.size === 0) return this.invalid(`部门不存在 ${departId}`);
		const searchUserId = str(body.searchUserId);

		const departments = this.db.departments(company);
		const agents = this.db
			.agents(company)
			.filter((a) => a.status !== 2 && subtree.has(a.deptId) && (!searchUserId || a.id === searchUserId));
		const totals = new Map(agents.map((a) => [a.id, { calls: 0, connected: 0, seconds: 0 }]));
		for (const c of this.db.calls(company)) {
			const t = totals.get(c.userId);
			if (!t) continue;
			const day = c.record.startCallTime.slice(0, 10);
			if (day < starttime || day > endtime) continue;
			if (childModule === 'outCall' && c.record.incomingCall !== 0) continue;
			if (childModule === 'inCall' && c.record.incomingCall !== 1) continue;
			t.calls++;
			if (c.record.callStatus === 2) {
				t.connected++;
				t.seconds += c.record.callSeconds;
			}
		}
		const rows = agents.map((a) => {
			const t = totals.get(a.id)!;
			return {
				userId: a.id,
				userName: a.name,
				departName: departments.find((d) => d.id === a.deptId)?.name ?? '',
				callCount: t.calls,
				connectCount: t.connected,
				connectRate: `${(t.calls ? (t.connected * 100) / t.calls : 0).toFixed(2)}%`,
				totalCallSeconds: t.seconds,
				avgCallSeconds: t.connected ? Math.round(t.seconds / t.connected) : 0,
			};
		});
		const totalCount = rows.length;
		return this.ok(
			this.payload({
				totalCount,
				pageCount: Math.ceil(totalCount / pageSize),
				data: rows.slice((page - 1) * pageSize, page * pageSize),
			}),
		);
	}

	private deptTree(req: SimRequest, session: Session): SimResponse {
		const body = isObject(req.json) ? req.json : {};
		const showUser = body.showUser === true || body.showUser === 'true';
		const statusFilter = str(body.showUserStatus);
		const company = session.companyCode;
		const departments = this.db.departments(company);
		const rootId = str(body.id) || departments.find((d) => d.parentId === '0')?.id;
		const root = departments.find((d) => d.id === rootId);
		if (!root) return this.invalid(`部门不存在 ${str(body.id)}`);
		const users = [
			...this.db
				.agents(company)
				.filter((a) => a.status !== 2)
				.map((a) => ({ id: a.id, name: a.name, phone: a.phone, deptId: a.deptId, status: a.status })),
			...loginUsersOf(company),
		].filter((u) => !statusFilter || String(u.status) === statusFilter);
		const build = (dept: Department): Json => {
			const node: Json = {
				id: dept.id,
				name: dept.name,
				parentId: dept.parentId,
				type: 'DEPT',
				children: departments.filter((d) => d.parentId === dept.id).map(build),
			};
			if (showUser) {
				node.users = users
					.filter((u) => u.deptId === dept.id)
					.map((u) => ({ id: u.id, name: u.name, phone: u.phone, status: u.status }));
			}
			return node;
		};
		const tree = build(root);
		return this.ok(this.payload(this.knobs.deptTreeShape === 'object' ? tree : [tree]));
	}

	// ------------------------------------------------------------------ fake OSS

	private ossError(status: number, code: string, message: string): SimResponse {
		this.bump('ossDenied');
		return { status, contentType: 'application/xml', text: ossErrorXml(code, message, `  <BucketName>${OSS_BUCKET}</BucketName>\n`) };
	}

	private ossDownload(req: SimRequest): SimResponse {
		const match = /^\/oss\/record\/([^/]+)\.mp3$/.exec(req.path);
		if (req.method !== 'GET' || !match) return this.ossError(404, 'NoSuchKey', 'The specified key does not exist.');
		const id = decodeURIComponent(match[1]);
		const k = this.knobs;
		if (k.ossCheckReferer && !str(req.headers.referer).startsWith(`${req.origin}/cms/`)) {
			return this.ossError(403, 'AccessDenied', 'You are denied by bucket referer policy.');
		}
		if (k.ossCheckSignature) {
			const expires = req.query.get('Expires') ?? '';
			const signature = req.query.get('Signature') ?? '';
			if (!/^\d+$/.test(expires) || req.query.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID || !signature) {
				return this.ossError(403, 'AccessDenied', 'AccessDenied: the request is not signed.');
			}
			if (signature !== ossSignature(ossObjectKey(id), Number(expires))) {
				return this.ossError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
			}
			if (Number(expires) * 1000 < this.now()) return this.ossError(403, 'AccessDenied', 'Request has expired.');
		}
		const call = this.db.findCall(id);
		if (!call || !call.hasRecording) return this.ossError(404, 'NoSuchKey', 'The specified key does not exist.');
		const size = recordingSizeFor(call.record.callSeconds, k.recordingBytes);
		this.bump('recordingDownloads');
		const headers = {
			'content-length': String(size),
			etag: `"${crypto.createHash('md5').update(`${id}:${size}`).digest('hex').toUpperCase()}"`,
			'x-oss-request-id': Date.now().toString(16).toUpperCase(),
			'x-oss-object-type': 'Normal',
		};
		// Small files as one buffer, large ones generated on the fly.
		const body = size <= 1024 * 1024 ? recordingBytesFor(id, size) : recordingStream(id, size);
		return { contentType: 'audio/mpeg', headers, body };
	}

	// ------------------------------------------------------------------ control routes

	protected async control(req: SimRequest, subPath: string): Promise<SimResponse | undefined> {
		const body = isObject(req.json) ? req.json : {};
		switch (`${req.method} ${subPath}`) {
			case 'GET calls': {
				const company = req.query.get('companyCode') ?? DEMO_COMPANY;
				const all = this.callsOf(company);
				const limit = intParam(req.query.get('limit') ?? undefined, 100);
				return { json: { companyCode: company, total: all.length, calls: all.slice(0, limit >= 0 ? limit : 100) } };
			}
			case 'POST calls': {
				try {
					const companyCode = body.companyCode === undefined ? undefined : str(body.companyCode);
					let calls: CallRecord[];
					if (Array.isArray(body.calls)) {
						calls = this.insertCalls((body.calls as CallInput[]).map((c) => ({ companyCode, ...c })));
					} else {
						const count = intParam(body.count, 1);
						if (!(count >= 0 && count <= 100_000)) throw new Error('count must be 0..100000');
						let at: number | undefined;
						if (typeof body.at === 'number') at = body.at;
						else if (typeof body.at === 'string') at = /^\d{4}-\d{2}-\d{2}( |$)/.test(body.at) ? parseShanghai(body.at) : Date.parse(body.at);
						if (at !== undefined && Number.isNaN(at)) throw new Error(`bad at ${str(body.at)}`);
						calls = this.generateCalls(count, { at, spreadMs: Number(body.spreadMs ?? 0), companyCode });
					}
					return { json: { ok: true, inserted: calls.length, calls } };
				} catch (error) {
					return { status: 400, json: { error: (error as Error).message } };
				}
			}
			case 'GET accounts':
				return {
					json: {
						companies: this.describe().companies,
						accounts: Object.entries(YUNKE_DEMO.accounts).map(([role, a]) => ({
							role,
							phone: a.phone,
							password: a.password,
							name: a.name,
							state: a.state,
							companies: a.memberships.map((m) => ({ companyCode: m.companyCode, userId: m.userId, domain: this.domainOf(m.companyCode) })),
						})),
					},
				};
			case 'GET sessions':
				return {
					json: [...this.auth.sessions.values()].map((s) => ({
						userId: s.userId,
						companyCode: s.companyCode,
						origin: s.origin,
						createdAt: s.createdAt,
						expiresAt: s.createdAt + this.knobs.sessionTtlMs,
					})),
				};
			case 'POST advance-time': {
				const ms = Number(body.ms ?? 0);
				if (!Number.isFinite(ms) || ms < 0) return { status: 400, json: { error: 'ms must be a non-negative number' } };
				this.advanceTime(ms);
				return { json: { ok: true, ...this.clock.describe() } };
			}
			case 'POST unlock':
				return { json: { ok: true, unlocked: this.unlockAccounts(body.phone === undefined ? undefined : str(body.phone)) } };
			default:
				return undefined;
		}
	}
}

export async function startYunkeSimulator(options: StartYunkeOptions = {}): Promise<YunkeSimulator> {
	const sim = new YunkeSimulator(options.knobs, options.now === undefined ? undefined : parseClockTime(options.now));
	const [primary = 0, secondary = 0] = options.ports ?? [];
	await sim.start([primary, secondary ?? 0], options.host);
	return sim;
}
