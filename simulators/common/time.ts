/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The simulators' one set of timing helpers: real waits (latency, trickled bytes, held sockets) and the
 * Asia/Shanghai wall-clock strings both services show (UTC+8, no daylight saving).
 */

export const DAY_MS = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Wait `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run `fn` after `ms` real milliseconds; returns the function that cancels it. */
export function after(ms: number, fn: () => void): () => void {
	const timer = setTimeout(fn, ms);
	return () => clearTimeout(timer);
}

/** Epoch ms → `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai. */
export function formatShanghai(ms: number): string {
	const d = new Date(ms + SHANGHAI_OFFSET_MS);
	const p = (n: number) => String(n).padStart(2, '0');
	return (
		`${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
		`${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
	);
}

/** `YYYY-MM-DD[ HH:mm[:ss]]` in Asia/Shanghai → epoch ms, or NaN. */
export function parseShanghai(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
	if (!m) return NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
	return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - SHANGHAI_OFFSET_MS;
}

/** `YYYYMMDD` in Asia/Shanghai. */
export function shanghaiDateKey(ms: number): string {
	return formatShanghai(ms).slice(0, 10).replace(/-/g, '');
}
