/**
 * Masking of personal data and secrets before anything reaches logs, error messages or node output.
 * Pure functions, no n8n types.
 */

/** Digits as people type them: ASCII or full-width (from Chinese input methods). */
const D = '[0-9\\uff10-\\uff19]';
/** Anything the mobile parser (rules/mobile.ts) strips between digits: spaces, dashes, dots, brackets. */
const S = '[\\s\\-\\u2013\\u2014.()\\uff08\\uff09\\u00a0\\u3000]*';

/**
 * A mainland mobile number inside a text, in every spelling the mobile parser accepts: 11 digits
 * starting 13–19, ASCII or full-width, with separators anywhere (138-0013-8000, 138.0013.8000,
 * (138) 0013 8000) and a country prefix (+86, ＋86, 0086, 86).
 */
const MOBILE_IN_TEXT = new RegExp(
	`(?<!${D})(?:(?:[+\\uff0b]${S}|[0\\uff10]${S}[0\\uff10]${S})?[8\\uff18]${S}[6\\uff16]${S})?([1\\uff11]${S}[3-9\\uff13-\\uff19](?:${S}${D}){9})(?!${D})`,
	'g',
);

function asciiDigits(text: string): string {
	return text.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[^0-9]/g, '');
}

/** Mask every mainland mobile number inside a text: `+86 138-0013-8000` → `138****8000`. */
export function maskText(text: string): string {
	return text.replace(MOBILE_IN_TEXT, (_match, digits: string) => {
		const plain = asciiDigits(digits);
		return `${plain.slice(0, 3)}****${plain.slice(7)}`;
	});
}

/** What a hidden secret shows instead. */
export const REDACTED = '[已隐藏 / redacted]';

/**
 * Names under which the services and n8n carry secrets: session tokens and cookies, passwords
 * (also Yunke's RSA `passwd`), login tokens, the ZBAPI-Token header, ciphertexts.
 */
export const SECRET_KEY_SOURCE =
	'(?:session(?:id|token|cookie|_id)?|asp\\.net_sessionid|jsessionid|(?:user|access|refresh|login|zbapi|api|x)?[-_]?token|password|passwd|pwd|cookie|set-cookie|authorization|cipher(?:text)?|secret|encrypted)';
const SECRET_KEY = new RegExp(`^${SECRET_KEY_SOURCE}$`, 'i');

/** Whether a field name is one that carries a secret. */
export function isSecretKey(key: string): boolean {
	return SECRET_KEY.test(key.trim());
}

/** `"session":"…"`, `'token': '…'`, `password=…`, `ZBAPI-Token: …` (also cut off at the end of an excerpt). */
const KEYED_QUOTED = new RegExp(`((["']?)\\b${SECRET_KEY_SOURCE}\\2\\s*[:=]\\s*)(["'])((?:\\\\.|(?!\\3)[^\\\\])*)(\\3|$)`, 'gi');
const KEYED_BARE = new RegExp(`((["']?)\\b${SECRET_KEY_SOURCE}\\2\\s*[:=]\\s*)(?![\\s"'\\[])([^\\s;&,"'}\\]]+)`, 'gi');
/** Zhibang's datas pair of a login: `{"id":"password","val":"txt:…"}`. */
const DATAS_PASSWORD = /("id"\s*:\s*"(?:password|passwd|pwd|pass)"\s*,\s*"val"\s*:\s*")((?:\\.|[^"\\])*)("|$)/gi;
/** Blobs that are ciphertexts or tokens whatever their name: long base64 or hex runs. */
const BASE64_BLOB = /[A-Za-z0-9+/]{64,}={0,2}/g;
const HEX_BLOB = /(?<![0-9A-Za-z])[0-9a-fA-F]{24,}(?![0-9A-Za-z])/g;

/**
 * Hide secrets inside a text by their names (session, token, password, cookie, ciphertext …).
 * `blobs`: also hide long base64 and hex runs (ciphertexts, tokens) — for error texts, where no
 * such run is worth showing.
 */
export function hideSecretsInText(text: string, options: { blobs?: boolean } = {}): string {
	let out = text
		.replace(DATAS_PASSWORD, (_m, head: string, _value: string, tail: string) => `${head}${REDACTED}${tail}`)
		.replace(KEYED_QUOTED, (_m, head: string, _q: string, quote: string, _value: string, tail: string) => `${head}${quote}${REDACTED}${tail}`)
		.replace(KEYED_BARE, (_m, head: string) => `${head}${REDACTED}`);
	if (options.blobs) out = out.replace(BASE64_BLOB, REDACTED).replace(HEX_BLOB, REDACTED);
	return out;
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
	// Secrets go before the text is cut, so a token cut in half is not half shown.
	text = maskText(hideSecretsInText(text, { blobs: true }).replace(/\s+/g, ' ').trim());
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
