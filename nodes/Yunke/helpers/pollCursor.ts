/**
 * The new-call cursor of the Yunke trigger. Pure functions, no n8n types.
 *
 * State: the time through which the call list has been scanned, plus the ids seen inside the
 * overlap window before it. Each poll asks for [scannedThrough − overlap, now]; rows whose id
 * was seen are skipped, so a call is emitted once although the windows overlap, and a call that
 * reaches the service late (its start time already behind the scan, but inside the overlap) is
 * still caught. Calls that started before the trigger was activated (minus an optional
 * look-back) are never emitted. The state lives in the workflow's static data, so a restart
 * continues where it stopped. All times are Beijing wall times ("YYYY-MM-DD HH:mm:ss").
 */
import { epochTextToMs, parseInstant, toYunkeSecond } from './time';

export interface CallCursor {
	/** Calls that started before this are never emitted (activation time minus look-back). */
	floor: string;
	/** The call list has been read up to this time. */
	scannedThrough: string;
	/** Ids seen with a start time inside the overlap window, id → start time. */
	seen: Record<string, string>;
}

export interface CursorRow {
	id: string;
	start: string;
}

export interface Window {
	/** "YYYY-MM-DD HH:mm", inclusive. */
	start: string;
	/** "YYYY-MM-DD HH:mm", inclusive through :59. */
	end: string;
	/** What `scannedThrough` becomes once this window has been read. */
	through: string;
}

const wallTime = toYunkeSecond;

/** Beijing wall time (seconds optional, "/" or "-" separators) or epoch seconds / ms → epoch ms; NaN if unreadable. */
export function wallToMs(wall: string): number {
	const text = wall.trim().replace(/\//g, '-');
	return epochTextToMs(text) ?? parseInstant(text);
}

/** Normalise a service time to "YYYY-MM-DD HH:mm:ss" ('' if unreadable). */
export function normaliseWall(text: string): string {
	const ms = wallToMs(text);
	return Number.isNaN(ms) ? '' : wallTime(ms);
}

function floorMinute(ms: number): number {
	return Math.floor(ms / 60_000) * 60_000;
}

export function initialCursor(nowMs: number, lookBackHours: number): CallCursor {
	const floor = wallTime(nowMs - Math.max(0, lookBackHours) * 3600_000);
	return { floor, scannedThrough: floor, seen: {} };
}

/** The windows to read this poll: from the cursor minus the overlap up to now, in chunks. */
export function pollWindows(cursor: CallCursor, nowMs: number, overlapMinutes: number, chunkMinutes: number): Window[] {
	const from = floorMinute(Math.max(wallToMs(cursor.floor), wallToMs(cursor.scannedThrough) - overlapMinutes * 60_000));
	const windows: Window[] = [];
	for (let start = from; start <= nowMs; start += chunkMinutes * 60_000) {
		const last = start + chunkMinutes * 60_000 - 60_000;
		const isFinal = last + 60_000 > nowMs;
		const endMinute = isFinal ? floorMinute(nowMs) : last;
		windows.push({
			start: wallTime(start).slice(0, 16),
			end: wallTime(endMinute).slice(0, 16),
			through: isFinal ? wallTime(nowMs) : wallTime(last + 59_000),
		});
		if (isFinal) break;
	}
	return windows;
}

/**
 * Take one window's rows: returns the rows not seen before (oldest first) and the next cursor.
 * Ids older than the next poll's window are forgotten; they can never be read again.
 */
export function absorbWindow(
	cursor: CallCursor,
	rows: CursorRow[],
	window: Window,
	overlapMinutes: number,
): { fresh: CursorRow[]; next: CallCursor } {
	const fresh: CursorRow[] = [];
	const seen = { ...cursor.seen };
	for (const row of rows) {
		if (!row.id || !row.start || row.id in seen || row.start < cursor.floor) continue;
		seen[row.id] = row.start;
		fresh.push(row);
	}
	const scannedThrough = window.through > cursor.scannedThrough ? window.through : cursor.scannedThrough;
	const horizon = wallTime(floorMinute(wallToMs(scannedThrough) - overlapMinutes * 60_000));
	for (const [id, start] of Object.entries(seen)) {
		if (start < horizon) delete seen[id];
	}
	fresh.sort((a, b) => (a.start === b.start ? a.id.localeCompare(b.id) : a.start.localeCompare(b.start)));
	return { fresh, next: { floor: cursor.floor, scannedThrough, seen } };
}
