/** Both services speak Beijing wall time (UTC+8, no daylight saving). Pure functions, no n8n types. */
export const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function pad2(value: number | string): string {
	return String(value).padStart(2, '0');
}

/** Epoch ms → Beijing wall time 'YYYY-MM-DD HH:mm:ss'. */
export function beijingWallTime(ms: number): string {
	const d = new Date(ms + BEIJING_OFFSET_MS);
	return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}
