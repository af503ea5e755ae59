/** Dates and times the ERP takes: 'YYYY-MM-DD HH:mm:ss' in Beijing time (UTC+8). */
import { str } from '../../shared/text';
import { beijingWallTime, pad2 as pad } from '../../shared/time';

const LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;

function valueText(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object' && value !== null && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return String((value as { toISO: () => string }).toISO());
	}
	return str(value);
}

/**
 * A date/time as Beijing time 'YYYY-MM-DD HH:mm:ss'. Text without an offset is read as Beijing
 * time already; ISO text with an offset (or a Date / Luxon DateTime) is converted. '' when empty,
 * undefined when unreadable.
 */
export function toChinaTime(value: unknown): string | undefined {
	const text = valueText(value);
	if (!text) return '';
	const local = LOCAL.exec(text);
	if (local) {
		return `${local[1]}-${pad(local[2])}-${pad(local[3])} ${pad(local[4] ?? 0)}:${pad(local[5] ?? 0)}:${pad(local[6] ?? 0)}`;
	}
	const ms = Date.parse(text);
	if (Number.isNaN(ms)) return undefined;
	return beijingWallTime(ms);
}
