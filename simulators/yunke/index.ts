/**
 * Faithful local simulator of the Yunke (云客) CRM PC web console API (docs/protocol/yunke.md).
 *
 * Two listeners share one state: the primary plays the "crm" cluster (company 2fy7qa), the secondary
 * the "crm2" cluster (company k8m3zq). `checkAndGetUsers` answers each company's `domain` as the base
 * URL of its listener. All wall-clock strings are Asia/Shanghai time (UTC+8); see data.ts.
 */
import { parseClockTime } from '../common/clock';
import { SimulatorBase } from '../common/server';
import { formatShanghai } from '../common/time';
import type { SimRequest, SimResponse } from '../common/wire';
import { YunkeAuth, type Session } from './auth';
import { yunkeControl } from './control';
import { YunkeDataset } from './data';
import { expired, fail, throttled, YUNKE_SIM_CODES, type Family, type YunkeService } from './envelopes';
import { checkAndGetUsers, loginPage, newucSecureKey, pcLogin, usercenterSecureKey } from './login';
import { callLogList, deptTree, getRecordUrl, ossDownload, ossError, report } from './routes';
import {
	DATA_KNOBS,
	DEMO_COMPANY,
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
export { YUNKE_SIM_CODES } from './envelopes';
export {
	recordingBytesFor,
	recordingSizeFor,
	recordingStream,
	signedRecordUrl,
	MP3_FRAME_HEADER,
	MP3_FRAME_BYTES,
	MP3_BYTES_PER_SECOND,
} from './recording';

type Handler = (req: SimRequest, session: Session | undefined) => SimResponse | Promise<SimResponse>;
interface Route {
	method: string;
	family: Family;
	/** Needs a session (cookies `user` + `userToken`). */
	auth: boolean;
	handler: Handler;
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
	private readonly svc: YunkeService = {
		knobs: () => this.knobs,
		auth: () => this.auth,
		db: () => this.db,
		now: () => this.now(),
		bump: (counter) => this.bump(counter),
		domainOf: (companyCode) => this.domainOf(companyCode),
	};

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
			'/cms/auth/login': r('GET', 'usercenter', false, (req) => loginPage(this.svc, req)),
			'/newuc/login/getSecureKey': r('GET', 'newuc', false, (req) => newucSecureKey(this.svc, req)),
			'/newuc/login/checkAndGetUsers': r('POST', 'newuc', false, (req) => checkAndGetUsers(this.svc, req)),
			'/usercenter/login/getSecureKey': r('POST', 'usercenter', false, (req) => usercenterSecureKey(this.svc, req)),
			'/usercenter/login/pcLogin': r('POST', 'usercenter', false, (req) => pcLogin(this.svc, req)),
			'/pc/callLog/list': r('POST', 'usercenter', true, (req, s) => callLogList(this.svc, req, s!)),
			'/pc/callLog/getRecordUrl': r('POST', 'usercenter', true, (req, s) => getRecordUrl(this.svc, req, s!)),
			'/yunke-report-phone/module/getIndexDetail': r('POST', 'usercenter', true, (req, s) => report(this.svc, req, s!)),
			'/usercenter/dept/tree': r('POST', 'usercenter', true, (req, s) => deptTree(this.svc, req, s!)),
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

	// ------------------------------------------------------------------ dispatch

	protected async handle(req: SimRequest): Promise<SimResponse> {
		const isOss = req.path.startsWith('/oss/');
		const route = this.routes[req.path];
		const family: Family = isOss ? 'oss' : route?.family ?? (req.path.startsWith('/newuc/') ? 'newuc' : 'usercenter');

		if (req.fault?.kind === 'throttle') return this.throttled(family);
		if (req.fault?.kind === 'expire') {
			this.auth.invalidate(req.cookies);
			this.bump('rejectedSessions');
			if (isOss) return ossError(this.svc, 403, 'AccessDenied', 'Request has expired.');
			return expired(this.knobs, req);
		}

		if (isOss) return ossDownload(this.svc, req);
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
			return expired(this.knobs, req);
		}
		const headerProblem = this.checkHeaders(req, session);
		if (headerProblem) return fail(YUNKE_SIM_CODES.headerMismatch, headerProblem);
		if (this.overRate()) return this.throttled(family);
		return route.handler(req, session);
	}

	private throttled(family: Family): SimResponse {
		this.bump('throttled');
		return throttled(this.knobs, family);
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

	// ------------------------------------------------------------------ control routes

	protected async control(req: SimRequest, subPath: string): Promise<SimResponse | undefined> {
		return yunkeControl(this, req, subPath);
	}

	/** Live sessions, for `GET /__sim/sessions`. */
	liveSessions(): Array<Pick<Session, 'userId' | 'companyCode' | 'origin' | 'createdAt'> & { expiresAt: number }> {
		return [...this.auth.sessions.values()].map((s) => ({
			userId: s.userId,
			companyCode: s.companyCode,
			origin: s.origin,
			createdAt: s.createdAt,
			expiresAt: s.createdAt + this.knobs.sessionTtlMs,
		}));
	}
}

export async function startYunkeSimulator(options: StartYunkeOptions = {}): Promise<YunkeSimulator> {
	const sim = new YunkeSimulator(options.knobs, options.now === undefined ? undefined : parseClockTime(options.now));
	const [primary = 0, secondary = 0] = options.ports ?? [];
	await sim.start([primary, secondary ?? 0], options.host);
	return sim;
}
