/**
 * Mainland China mobile numbers: normalisation (+86, 0086, spaces, dashes, dots, brackets) and
 * validation (11 digits, 1[3-9]xxxxxxxxx). Pure functions, no n8n types.
 */
import { str } from '../../shared/text';

const SEPARATORS = /[\s\-–—.()（）\u00a0\u3000]/g;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Strip separators and a +86 / 0086 / 86 country prefix. Returns the cleaned digits (which may
 * still be invalid); use `normalizeMobile` to also validate.
 */
export function cleanMobile(value: unknown): string {
	let text = str(value).replace(SEPARATORS, '');
	// Full-width digits and plus sign (common in text pasted from Chinese input methods).
	text = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/＋/g, '+');
	if (text.startsWith('+86')) text = text.slice(3);
	else if (text.startsWith('0086')) text = text.slice(4);
	else if (/^86\d{11}$/.test(text)) text = text.slice(2);
	return text;
}

/** The 11-digit mainland mobile number, or undefined when the value is not one. */
export function normalizeMobile(value: unknown): string | undefined {
	const cleaned = cleanMobile(value);
	return MAINLAND_MOBILE.test(cleaned) ? cleaned : undefined;
}
