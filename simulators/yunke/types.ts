/**
 * Types, knobs and demo fixtures of the Yunke (云客) PC web console simulator.
 * Protocol: docs/protocol/yunke.md. Every behaviour it marks as assumed is a knob here (§9).
 */
import type { CommonKnobs } from '../common/server';

/** How an authenticated endpoint answers a missing, unknown, expired or foreign session. */
export type ExpirySignal = 'body' | 'http401' | 'http302' | 'html200';

export interface YunkeKnobs extends CommonKnobs {
	// ---- data (changing any of these through setKnobs regenerates the data set) ----
	/** Seed of the deterministic data generator. */
	seed: number;
	/** Calls generated for the demo company 2fy7qa (k8m3zq gets a tenth of it). */
	callCount: number;
	/** Calls are spread over this many days before `anchorTime`. */
	days: number;
	/** Epoch ms the generated history ends at (default: the simulator clock's time, floored to the minute; it follows `setClock`). */
	anchorTime: number;
	/** Share of connected calls that nevertheless have no recording (dirty data). */
	missingRecordingRate: number;
	/** The demo company's first calls are namesakes and title-only names in the last day (data.ts STORY_CALLS). */
	storyCalls: boolean;
	/** `'string'`: every number inside business `data` payloads is sent as a string. */
	numericStyle: 'number' | 'string';

	// ---- login ----
	/** RSA modulus size of the secure keys. */
	rsaBits: number;
	/** Name of the cookie that binds an RSA key pair to the browser (set by the login page and getSecureKey). */
	keyCookieName: string;
	/** true: checkAndGetUsers/pcLogin need the key cookie. false: without it the account's latest key is used. */
	requireKeyCookie: boolean;
	/** usercenter getSecureKey puts the key under `data.data` (true) or directly under `data` (false). */
	usercenterKeyNested: boolean;
	/** Also accept the reversed password string (clients that copied security.js' little-endian packing). */
	acceptReversedPassword: boolean;
	/** pcLogin refuses a company that lives on the other listener (cluster). */
	enforceCompanyDomain: boolean;
	/** Wrong passwords (both password endpoints, per account) before the account locks; 0 = never. */
	lockoutAfter: number;
	/** How long a lockout lasts, ms; 0 = until reset() or POST /__sim/unlock. */
	lockoutDurationMs: number;

	// ---- sessions ----
	/** Absolute session lifetime from login, ms. */
	sessionTtlMs: number;
	/** A new login of the same user in the same company invalidates the user's older sessions. */
	singleSession: boolean;
	expirySignal: ExpirySignal;
	expiryBodyCode: string;
	expiryMessage: string;
	/** `company`/`userid` request headers: strict = required and must match, lenient = checked when present, off. */
	headerCheck: 'strict' | 'lenient' | 'off';
	/** Authenticated requests allowed per sliding second (0 = unlimited). */
	throttlePerSecond: number;
	throttleCode: string;
	throttleMessage: string;

	// ---- error table (docs/protocol/yunke.md §4.2) ----
	wrongPasswordCode: string;
	wrongPasswordMessage: string;
	lockedCode: string;
	lockedMessage: string;
	disabledCode: string;
	disabledMessage: string;
	/** newuc (checkAndGetUsers) codes are numbers. */
	newucWrongPasswordCode: number;
	newucLockedCode: number;
	newucDisabledCode: number;
	validationCode: string;

	// ---- recordings (fake Aliyun OSS) ----
	/** Require `Referer: <origin>/cms/…` on recording downloads (OSS anti-hotlinking). */
	ossCheckReferer: boolean;
	/** Require a valid, unexpired `Signature`/`Expires` on recording URLs. */
	ossCheckSignature: boolean;
	/** Lifetime of the signed recording URLs handed out, ms. */
	ossUrlTtlMs: number;
	/** Force every recording to this many bytes (0 = proportional to callSeconds). Served as a stream. */
	recordingBytes: number;
	/** Hostile call-log list: every page number gets the first page, with these counts claimed; null = honest. */
	lyingPager: { pageCount: number | string; totalCount?: number | string } | null;

	// ---- department tree ----
	/** `data` of /usercenter/dept/tree: `[root]` (list) or `root` (object). */
	deptTreeShape: 'list' | 'object';
}

/** The generated history ends at the clock's anchor, floored to the minute. */
export function anchorOf(ms: number): number {
	return Math.floor(ms / 60_000) * 60_000;
}

export function defaultKnobs(now = Date.now()): YunkeKnobs {
	return {
		latencyMs: 0,
		timeoutHoldMs: 30_000,

		seed: 20251201,
		callCount: 3000,
		days: 30,
		anchorTime: anchorOf(now),
		missingRecordingRate: 0.02,
		storyCalls: true,
		numericStyle: 'number',

		rsaBits: 1024,
		keyCookieName: 'SESSION',
		requireKeyCookie: true,
		usercenterKeyNested: true,
		acceptReversedPassword: false,
		enforceCompanyDomain: true,
		lockoutAfter: 5,
		lockoutDurationMs: 30 * 60_000,

		sessionTtlMs: 24 * 3600_000,
		singleSession: false,
		expirySignal: 'body',
		expiryBodyCode: '302',
		expiryMessage: '登录已失效，请重新登录',
		headerCheck: 'strict',
		throttlePerSecond: 0,
		throttleCode: '429',
		throttleMessage: '请勿频繁操作，请稍后再试',

		wrongPasswordCode: '10004',
		wrongPasswordMessage: '账号或密码错误',
		lockedCode: '10005',
		lockedMessage: '账号已锁定',
		disabledCode: '10006',
		disabledMessage: '账号已禁用',
		newucWrongPasswordCode: 22001,
		newucLockedCode: 22002,
		newucDisabledCode: 22005,
		validationCode: '500',

		ossCheckReferer: true,
		ossCheckSignature: true,
		ossUrlTtlMs: 7 * 24 * 3600_000,
		recordingBytes: 0,
		lyingPager: null,

		deptTreeShape: 'list',
	};
}

/** Knobs whose change means the data set must be generated again. */
export const DATA_KNOBS: ReadonlyArray<keyof YunkeKnobs> = ['seed', 'callCount', 'days', 'anchorTime', 'missingRecordingRate', 'storyCalls'];

/** One row of /pc/callLog/list, exactly the 16 fields of docs/protocol/yunke.md §5.3, in that order. */
export interface CallRecord {
	id: string;
	callNumber: string;
	planCustomerName: string;
	planCustomerCompany: string;
	userIdName: string;
	departmentList: string;
	/** 2 = connected, 0 = not connected. */
	callStatus: number;
	/** `YYYY-MM-DD HH:mm:ss`, Asia/Shanghai wall time (UTC+8, no DST). */
	startCallTime: string;
	callSeconds: number;
	/** `HH:mm:ss`, or "" when not connected. */
	callDuration: string;
	progress: number;
	simPhone: string;
	createdTime: string;
	ringSecond: number;
	/** 0 = outbound, 1 = inbound. */
	incomingCall: number;
	/**
	 * Over HTTP: an absolute signed URL on the listener that served the request, or "".
	 * In process (`sim.calls`): the path `/oss/record/<id>.mp3`, or "" when there is no recording.
	 */
	recordFile: string;
}

/** Fields insertCalls accepts: any record field, plus the agent id (`userId`) the call belongs to. */
export type CallInput = Partial<CallRecord> & { userId?: string; companyCode?: string };

export interface Department {
	id: string;
	name: string;
	/** "0" for a company root. */
	parentId: string;
	companyCode: string;
}

/** 1 = active (在职), 0 = disabled (禁用), 2 = left the company (离职). */
export type UserStatus = 0 | 1 | 2;

export interface Agent {
	id: string;
	name: string;
	phone: string;
	deptId: string;
	status: UserStatus;
	companyCode: string;
}

export interface DemoCompany {
	companyCode: string;
	company: string;
	/** Which listener serves the company: 0 = primary ("crm"), 1 = secondary ("crm2"). */
	listener: 0 | 1;
	cluster: 'crm' | 'crm2';
}

export interface DemoAccount {
	phone: string;
	password: string;
	name: string;
	state: 'active' | 'locked' | 'disabled';
	memberships: Array<{ companyCode: string; userId: string; deptId: string }>;
}

const companies: DemoCompany[] = [
	{ companyCode: '2fy7qa', company: '云客演示科技有限公司', listener: 0, cluster: 'crm' },
	{ companyCode: 'k8m3zq', company: '云客华南分公司', listener: 1, cluster: 'crm2' },
];

const accounts: Record<'demo' | 'multi' | 'locked' | 'disabled', DemoAccount> = {
	demo: {
		phone: '13800138000',
		password: 'Yunke@2026',
		name: '演示管理员',
		state: 'active',
		memberships: [{ companyCode: '2fy7qa', userId: 'u_800138000', deptId: 'd_root' }],
	},
	multi: {
		phone: '13900139000',
		password: 'Multi@2026',
		name: '多公司主管',
		state: 'active',
		memberships: [
			{ companyCode: '2fy7qa', userId: 'u_900139000', deptId: 'd_sales1' },
			{ companyCode: 'k8m3zq', userId: 'u_k8_900139000', deptId: 'd_k8_root' },
		],
	},
	locked: {
		phone: '13700137000',
		password: 'Locked@2026',
		name: '锁定测试',
		state: 'locked',
		memberships: [{ companyCode: '2fy7qa', userId: 'u_700137000', deptId: 'd_service' }],
	},
	disabled: {
		phone: '13600136000',
		password: 'Disabled@2026',
		name: '禁用测试',
		state: 'disabled',
		memberships: [{ companyCode: '2fy7qa', userId: 'u_600136000', deptId: 'd_service' }],
	},
};

/** The fixed demo companies and logins (safe to print: they only exist in the simulator). */
export const YUNKE_DEMO = { companies, accounts } as const;

/** The demo company (on the primary listener). */
export const DEMO_COMPANY = '2fy7qa';

export function findAccount(phone: string): DemoAccount | undefined {
	return Object.values(accounts).find((a) => a.phone === phone);
}

export function findCompany(companyCode: string): DemoCompany | undefined {
	return companies.find((c) => c.companyCode === companyCode);
}
