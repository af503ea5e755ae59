/**
 * Customer names: namesakes and title-only names (刘总, 张先生, 李女士).
 *
 * An ERP with name checking on (查重; whether it is on is per install, docs/protocol/zhibang.md
 * §5.2) refuses a second customer with the same name. Two different callers called 刘总 are common,
 * so a namesake gets a distinguishing suffix built from its own mobile (or customer number):
 * 刘总 → 刘总（8000）. A re-run recognises the suffixed name as the same name.
 */
import { str } from '../../shared/text';

/** Titles a caller is often recorded under instead of a name: a surname plus one of these. */
const TITLES = ['总经理', '总监', '经理', '主任', '老板', '老师', '师傅', '先生', '女士', '小姐', '太太', '总'];

/** A surname (one or two Han characters, optionally with 老/小 before it) followed only by a title. */
const TITLE_ONLY = new RegExp(`^[老小]?\\p{Script=Han}{1,2}(?:${TITLES.join('|')})$`, 'u');

/** Whether a name is only a title such as 刘总, 张先生, 李女士, 王经理, 欧阳总监 (a data-quality signal). */
export function isTitleOnlyName(name: unknown): boolean {
	return TITLE_ONLY.test(str(name).replace(/\s+/g, ''));
}

/**
 * The distinguishing tag of a namesake: the last 4 digits of the mobile, else the last 4 letters
 * or digits of the customer number; undefined when there is neither.
 */
export function namesakeTag(mobile: string | undefined, khid: string | undefined): string | undefined {
	const digits = (mobile ?? '').replace(/\D/g, '');
	if (digits.length >= 4) return digits.slice(-4);
	const code = (khid ?? '').replace(/[^0-9A-Za-z]/g, '');
	return code.length >= 4 ? code.slice(-4) : undefined;
}

/** 刘总 + 8000 → 刘总（8000）. */
export function withNamesakeTag(name: string, tag: string): string {
	return `${name.trim()}（${tag}）`;
}

/** Whether `shown` is `wanted`, or `wanted` with this tag (what an earlier namesake run saved). */
export function sameOrTaggedName(shown: unknown, wanted: string, tag: string | undefined): boolean {
	const text = str(shown);
	return text === wanted.trim() || (tag !== undefined && text === withNamesakeTag(wanted, tag));
}
