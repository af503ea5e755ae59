/**
 * The Yunke wire: the JSON envelopes of its three families (newuc, usercenter, OSS), the answers to
 * an expired session and to throttling, and the small readers of request values.
 */
import type { SimRequest, SimResponse } from '../common/wire';
import type { YunkeAuth } from './auth';
import type { YunkeDataset } from './data';
import { ossErrorXml } from './recording';
import type { YunkeKnobs } from './types';

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

export type Family = 'newuc' | 'usercenter' | 'oss';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Integer parameter: absent → fallback, integer number or digit string → value, else NaN. */
export function intParam(v: unknown, fallback: number): number {
	if (v === undefined || v === null || v === '') return fallback;
	if (typeof v === 'number' && Number.isInteger(v)) return v;
	if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
	return NaN;
}

export function str(v: unknown): string {
	return v === undefined || v === null ? '' : String(v);
}

function stringifyNumbers(v: unknown): unknown {
	if (typeof v === 'number') return String(v);
	if (Array.isArray(v)) return v.map(stringifyNumbers);
	if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringifyNumbers(x)]));
	return v;
}

export function loginPageHtml(): string {
	return (
		'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>云客 - 登录</title></head>' +
		'<body><div id="app"><h1>云客CRM</h1><form class="login-form"><input name="phone" placeholder="请输入手机号">' +
		'<input name="password" type="password" placeholder="请输入密码"><button type="button">登录</button></form>' +
		'</div><!-- yunke simulator --></body></html>'
	);
}

export function ok(data: unknown, message = 'success'): SimResponse {
	return { json: { success: true, code: '10000', message, data } };
}

export function fail(code: string, message: string, data: unknown = null): SimResponse {
	return { json: { success: false, code, message, data } };
}

export function newuc(code: number, msg: string, data: unknown = null): SimResponse {
	return { json: { code, msg, data } };
}

export function invalid(knobs: YunkeKnobs, detail: string, family: Family = 'usercenter'): SimResponse {
	const message = `参数错误: ${detail}`;
	if (family === 'newuc') return newuc(Number(knobs.validationCode), message);
	return fail(knobs.validationCode, message);
}

/** Business payloads pass through here so `numericStyle` applies to every number in them. */
export function payload(knobs: YunkeKnobs, data: unknown): unknown {
	return knobs.numericStyle === 'string' ? stringifyNumbers(data) : data;
}

/** The "not logged in" answer, shaped by the `expirySignal` knob. */
export function expired(knobs: YunkeKnobs, req: SimRequest): SimResponse {
	switch (knobs.expirySignal) {
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
			return fail(knobs.expiryBodyCode, knobs.expiryMessage);
	}
}

/** The throttling answer of a family (the caller counts it). */
export function throttled(knobs: YunkeKnobs, family: Family): SimResponse {
	if (family === 'newuc') return newuc(Number(knobs.throttleCode), knobs.throttleMessage);
	if (family === 'oss') {
		return {
			status: 503,
			contentType: 'application/xml',
			text: ossErrorXml('SlowDown', 'Please reduce your request rate.'),
		};
	}
	return fail(knobs.throttleCode, knobs.throttleMessage);
}

/** What the route handlers need of the simulator (the live knobs, login state and data set). */
export interface YunkeService {
	knobs(): YunkeKnobs;
	auth(): YunkeAuth;
	db(): YunkeDataset;
	now(): number;
	bump(counter: string): void;
	/** Base URL of the listener serving a company. */
	domainOf(companyCode: string): string;
}
