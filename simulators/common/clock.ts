/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The simulators' injectable clock. By default it is the wall clock; pinned (`new SimClock(ms)`,
 * `set(ms)`) it starts at that instant and runs on with real elapsed time, so sessions, idle
 * timeouts and lockouts behave as usual while every generated record is anchored to the pin.
 * `advance(ms)` jumps forward without waiting (session expiry, signed-URL expiry, lockouts).
 */
import { performance } from 'node:perf_hooks';

export class SimClock {
	/** Clock time at `setAt`, or undefined for the wall clock. */
	private origin: number | undefined;
	private setAt = 0;
	private offset = 0;
	/** The instant generated data is anchored to: the pin, or the wall time of the last reset. */
	private anchorMs = 0;

	constructor(private readonly start?: number) {
		this.reset();
	}

	/** Back to how the clock was created (pinned to the same start, or the wall clock). */
	reset(): void {
		if (this.start === undefined) {
			this.origin = undefined;
			this.anchorMs = Date.now();
		} else {
			this.pin(this.start);
		}
		this.offset = 0;
	}

	now(): number {
		const base = this.origin === undefined ? Date.now() : this.origin + (performance.now() - this.setAt);
		return Math.floor(base + this.offset);
	}

	/** Pin the clock to `ms` (epoch ms); it runs on from there. */
	set(ms: number): number {
		if (!Number.isFinite(ms)) throw new Error(`clock time must be a finite epoch ms, got ${ms}`);
		this.pin(ms);
		this.offset = 0;
		return this.now();
	}

	/** Jump forward by `ms` without waiting. */
	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance needs a non-negative ms, got ${ms}`);
		this.offset += ms;
		return this.now();
	}

	/** What data generation is anchored to (the pinned instant, or the last reset's wall time). */
	anchor(): number {
		return this.anchorMs;
	}

	get pinned(): boolean {
		return this.origin !== undefined;
	}

	describe(): { now: number; iso: string; pinned: boolean; anchor: number; offsetMs: number } {
		const now = this.now();
		return { now, iso: new Date(now).toISOString(), pinned: this.pinned, anchor: this.anchorMs, offsetMs: this.offset };
	}

	private pin(ms: number): void {
		this.origin = ms;
		this.anchorMs = ms;
		this.setAt = performance.now();
	}
}

/** A `--now` / `now` value: epoch ms, or an ISO date-time (a time without zone is Beijing time). */
export function parseClockTime(value: string | number): number {
	if (typeof value === 'number') return value;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text);
	const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text.replace(' ', 'T')}+08:00`;
	const ms = Date.parse(zoned);
	if (Number.isNaN(ms)) throw new Error(`not a time: ${value} (use epoch ms or an ISO date-time such as 2026-03-02T09:30:00+08:00)`);
	return ms;
}
