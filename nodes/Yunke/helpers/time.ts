/**
 * Yunke speaks Beijing wall time (UTC+8, no daylight saving): "YYYY-MM-DD HH:mm[:ss]".
 * Pure functions, no n8n types.
 */
import { str } from '../../shared/text';
import { BEIJING_OFFSET_MS, beijingWallTime } from '../../shared/time';

/**
 * Parse a date-time parameter into epoch ms. ISO strings with `Z` or an offset are exact;
 * wall times without an offset ("2025-12-01 09:00", "2025-12-01T09:00:00") are read as Beijing time.
 */
export function parseInstant(value: unknown): number {
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') return value;
	const text = str(value);
	const wall = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(text);
	if (wall) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = wall;
		return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - BEIJING_OFFSET_MS;
	}
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? NaN : parsed;
}

/** "YYYY-MM-DD HH:mm" in Beijing time, as /pc/callLog/list expects. */
export function toYunkeMinute(ms: number): string {
	return beijingWallTime(ms).slice(0, 16);
}

/** "YYYY-MM-DD HH:mm:ss" in Beijing time (the format of startCallTime). */
export const toYunkeSecond = beijingWallTime;

/** "YYYY-MM-DD" in Beijing time, as the report expects. */
export function toYunkeDate(ms: number): string {
	return beijingWallTime(ms).slice(0, 10);
}

/** Epoch seconds (10 digits) or milliseconds (13 digits) as text → epoch ms; undefined otherwise. */
export function epochTextToMs(text: string): number | undefined {
	if (/^\d{10}$/.test(text)) return Number(text) * 1000;
	if (/^\d{13}$/.test(text)) return Number(text);
	return undefined;
}

/** A Yunke time (wall time, or epoch seconds / ms) → ISO 8601 with the +08:00 offset; '' when it cannot be read. */
export function yunkeTimeToIso(text: unknown): string {
	const value = str(text).replace(/\//g, '-');
	const epoch = epochTextToMs(value);
	if (epoch !== undefined) return yunkeTimeToIso(toYunkeSecond(epoch));
	const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
	if (!m) return '';
	return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`;
}
