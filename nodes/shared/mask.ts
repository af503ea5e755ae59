/**
 * Masking of personal data and secrets before anything reaches logs, error messages or node output.
 * Pure functions, no n8n types.
 */

/**
 * A mainland mobile number inside a text: 11 digits starting 13–19, possibly written with spaces or
 * dashes (138-0013-8000) and a country prefix (+86, 0086, 86).
 */
const MOBILE_IN_TEXT = /(?<![\d+])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;

/** Mask every mainland mobile number inside a text: `+86 138-0013-8000` → `138****8000`. */
export function maskText(text: string): string {
	return text.replace(MOBILE_IN_TEXT, '$1****$3');
}

/** A request path for messages and logs: without its query, numbers masked. */
export function pathLabel(path: string): string {
	return maskText(path.split('?')[0]);
}

/**
 * Mask a value that should have been a phone number but is not one (so `maskText` leaves it):
 * the first three and last two characters stay, e.g. for an error about an invalid mobile.
 */
export function maskInput(value: string): string {
	const text = value.trim();
	if (text.length <= 5) return '*'.repeat(text.length);
	return `${text.slice(0, 3)}${'*'.repeat(text.length - 5)}${text.slice(-2)}`;
}

/** A short excerpt of a response body for an error message: masked, single line, at most `max` characters. */
export function excerpt(body: unknown, max = 160): string {
	let text: string;
	if (body === undefined || body === null) text = '';
	else if (typeof body === 'string') text = body;
	else if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else {
		try {
			text = JSON.stringify(body);
		} catch {
			text = String(body);
		}
	}
	text = maskText(text.replace(/\s+/g, ' ').trim());
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
