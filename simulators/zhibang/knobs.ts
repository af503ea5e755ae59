/**
 * Knobs of the Zhibang simulator. Every behaviour docs/protocol/zhibang.md marks as assumed is a knob here (§11),
 * with the protocol's usual behaviour as the default, so a test or a user can match a real install that behaves otherwise.
 */
import type { CommonKnobs } from '../common/server';
import type { EnumItem, TreeItem } from './data';
import type { LyingPager } from './lists';

export type ExpirySignal = 'body' | 'http401' | 'http302' | 'html200';

export interface DuplicateCheck {
	name: boolean;
	khid: boolean;
	mobile: boolean;
}

/** Per-install reference lists; any list given here replaces the built-in one. */
export interface EnumOverrides {
	/** enumid 13 客户来源 */
	ly?: EnumItem[];
	/** enumid 11 行业 */
	trade?: EnumItem[];
	/** enumid 14 价值评估 */
	jz?: EnumItem[];
	/** enumid 98 跟进方式 */
	methods?: EnumItem[];
	/** telsort_list: categories (parent 0) and their follow-up stages */
	categories?: TreeItem[];
	/** reply_temp_list */
	templates?: EnumItem[];
	/** area_list */
	areas?: TreeItem[];
}

export interface ZhibangKnobs extends CommonKnobs {
	/** Seed of the deterministic demo data. */
	seed: number;
	/** How many customers the seed creates. */
	seedCustomers: number;
	/** `appversion` in the login header. */
	appVersion: string;

	// --- login / sessions
	/** true: serialnum must be 1–20 letters/digits; false: any non-empty value. */
	strictSerial: boolean;
	/** Failed logins of one user after which `rndcode` (captcha) is required; 0 = never. */
	captchaAfter: number;
	/** What `rndcode` must equal once a captcha is required: the code shown in the image, or the token itself. */
	captchaAnswer: 'code' | 'token';
	/** Failed logins after which the account is frozen; 0 = never. */
	lockoutAfter: number;
	/** A session unused for this long is gone. */
	sessionIdleMs: number;
	/** A new login of the same user and serialnum invalidates that device's older tokens. */
	kickSameDevice: boolean;
	/** A new login of a user invalidates all older tokens of that user, whatever the serialnum. */
	singleSession: boolean;
	/** How a non-login call with a missing/unknown/expired token is answered. */
	expirySignal: ExpirySignal;
	/** header.message of the expiry answer. */
	expiryMessage: string;
	/** header.message when the token was invalidated by a newer login. */
	kickedMessage: string;
	/** header.status of login failures and of the expiry answer. */
	authErrorStatus: number;
	/** header.status of business (validation) errors. */
	businessErrorStatus: number;
	/** header.message of the `throttle` fault. */
	throttleMessage: string;
	/** Accept bodies that are JavaScript object literals (read as JSON5) rather than strict JSON (the real reader does). */
	relaxedJson: boolean;

	// --- data behaviour
	/** `sort1` may be a category text such as "微信客户". */
	acceptCategoryText: boolean;
	/** Which customer keys must be unique among other customers. */
	duplicateCheck: DuplicateCheck;
	/** The next N saves (any write) answer "保存成功" without persisting; counts down. */
	saveWithoutPersist: number;
	/** Column order of list tables; 'shuffled' is a deterministic permutation. */
	columnOrder: 'default' | 'shuffled';
	/** Page size used when a list call sends none. */
	defaultPageSize: number;
	/** Larger page sizes are capped to this. */
	maxPageSize: number;
	/** Replace the built-in reference lists. */
	enums: EnumOverrides;
	/** Hostile lists: ignore the page index (always the first page) and claim these counts; null = honest. */
	lyingPager: LyingPager | null;

	// --- protocol variants the specs leave open (docs/fidelity.md lists each with the suite's result)
	/**
	 * How a save of an existing customer or contact treats the fields it was not sent.
	 * keep: they keep their values. reject: a required field that was not sent (customer: name,
	 * sort1, person_name of a company; contact: company, person_name) refuses the save. blank: every
	 * field not sent is emptied (so the required ones refuse the save as well).
	 */
	partialSave: 'keep' | 'reject' | 'blank';
	/** Which fields the customer/contact detail bill shows: every form field (empty ones too), or a subset. */
	detailFields: 'all' | 'subset';
	/** Whether list tables carry the `page` block (recordcount, pagesize, pagecount, pageindex). */
	pageBlock: 'present' | 'absent';
	/** Rows of list tables: arrays aligned with `cols`, or objects keyed by column id. */
	rowShape: 'array' | 'object';
	/** Whether the install serves the enumeration page source.asp (absent: IIS 404). */
	enumPage: 'present' | 'absent';
}

export const ZHIBANG_DEFAULT_KNOBS: ZhibangKnobs = {
	latencyMs: 0,
	timeoutHoldMs: 2000,
	seed: 2026,
	seedCustomers: 40,
	appVersion: '32.17',
	strictSerial: false,
	captchaAfter: 3,
	captchaAnswer: 'code',
	lockoutAfter: 0,
	sessionIdleMs: 30 * 60 * 1000,
	kickSameDevice: true,
	singleSession: false,
	expirySignal: 'body',
	expiryMessage: '登录超时，请重新登录',
	kickedMessage: '您的账号已在其他设备登录，请重新登录',
	authErrorStatus: 1,
	businessErrorStatus: 2,
	throttleMessage: '操作过于频繁，请稍后再试',
	relaxedJson: true,
	acceptCategoryText: true,
	duplicateCheck: { name: true, khid: true, mobile: false },
	saveWithoutPersist: 0,
	columnOrder: 'default',
	defaultPageSize: 20,
	maxPageSize: 200,
	enums: {},
	lyingPager: null,
	partialSave: 'keep',
	detailFields: 'all',
	pageBlock: 'present',
	rowShape: 'array',
	enumPage: 'present',
};
