/** Reading any parameter, credential or service value as text. Pure functions, no n8n types. */

/**
 * The trimmed text of any value: '' for null, undefined, booleans, NaN / Infinity, and an object
 * whose toString cannot be called (hostile input); numbers become their digits.
 */
export function str(value: unknown): string {
	if (value === undefined || value === null || typeof value === 'boolean') return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'string') return value.trim();
	try {
		return String(value).trim();
	} catch {
		return '';
	}
}
