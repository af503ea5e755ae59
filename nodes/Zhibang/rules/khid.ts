/**
 * Customer numbers (客户编号 khid). The seed's format is `WX{external id}`; any text up to 50
 * characters is allowed, but a number that is only the prefix, or that spells a missing value
 * ("WXundefined"), would merge unrelated customers into one and is refused. Pure functions.
 */
import { str } from '../../shared/text';

export const KHID_PREFIX = 'WX';
export const KHID_MAX_LENGTH = 50;

export function formatKhid(externalId: unknown, prefix = KHID_PREFIX): string {
	const id = str(externalId);
	return `${prefix}${id}`;
}

export type KhidCheck = { ok: true; khid: string } | { ok: false; reasonZh: string; reasonEn: string };

export function checkKhid(value: unknown): KhidCheck {
	const khid = str(value);
	if (!khid) return { ok: false, reasonZh: '客户编号为空', reasonEn: 'the customer number is empty' };
	if (khid.length > KHID_MAX_LENGTH) {
		return {
			ok: false,
			reasonZh: `客户编号超过 ${KHID_MAX_LENGTH} 个字符`,
			reasonEn: `the customer number is longer than ${KHID_MAX_LENGTH} characters`,
		};
	}
	if (/[\s,，]/.test(khid)) {
		return { ok: false, reasonZh: '客户编号不能包含空格或逗号', reasonEn: 'the customer number must not contain spaces or commas' };
	}
	if (khid.toUpperCase() === KHID_PREFIX || /(undefined|null|NaN|\[object Object\])$/.test(khid)) {
		return {
			ok: false,
			reasonZh: `客户编号“${khid}”缺少外部 ID（表达式取到了空值）`,
			reasonEn: `the customer number "${khid}" has no external id (the expression found no value)`,
		};
	}
	return { ok: true, khid };
}

/** Customer numbers compare case-insensitively, as the ERP's duplicate check does. */
export function sameKhid(a: unknown, b: unknown): boolean {
	return str(a).toLowerCase() === str(b).toLowerCase();
}

/** Prefix of the customer number derived from a mobile (Create or Update matched by mobile). */
export const MOBILE_KHID_PREFIX = 'M';

/**
 * The default customer number of a new customer matched by mobile: `M` + the 11-digit mobile. Two
 * executions (or workers) that create the same mobile at once then send the same number, and the
 * ERP's number duplicate check (客户编号查重) lets only one of them through.
 */
export function khidForMobile(mobile: string): string {
	return `${MOBILE_KHID_PREFIX}${mobile}`;
}
