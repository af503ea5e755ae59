/**
 * Masking of personal data and secrets before anything reaches logs, error messages or node output.
 * Pure functions, no n8n types.
 */

const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** `13800138000` → `138****8000`; other values are returned unchanged. */
export function maskPhone(value: string): string {
	return value.replace(MOBILE_IN_TEXT, '$1****$3');
}

/** Mask every mainland mobile number inside a free text (messages, URLs, JSON excerpts). */
export function maskText(text: string): string {
	return text.replace(MOBILE_IN_TEXT, '$1****$3');
}

/** Replace each secret that occurs in the text by `***`. Secrets shorter than 4 characters are ignored. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		out = out.split(secret).join('***');
	}
	return out;
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
