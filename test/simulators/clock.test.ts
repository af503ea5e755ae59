/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The simulators' injectable clock (simulators/common/clock.ts) and its control route
 * `/__sim/clock` on both simulators. Pinned clocks run on with real time, so the only real waits
 * here are a few milliseconds; the wall-clock mode is checked against a faked `Date`.
 */
import axios, { type AxiosInstance } from 'axios';
import { performance } from 'node:perf_hooks';

import { parseClockTime, SimClock } from '../../simulators/common/clock';
import { parseShanghai, startYunkeSimulator, type YunkeSimulator } from '../../simulators/yunke';
import { startZhibangSimulator, type ZhibangSimulator } from '../../simulators/zhibang';
import { fakeDateOnly } from '../support/fakeDate';

const PIN = Date.parse('2026-03-02T09:30:00+08:00');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Real milliseconds since `since` (performance.now()), rounded up: how far a pinned clock may have run on. */
const ranOn = (since: number) => Math.ceil(performance.now() - since);

describe('SimClock', () => {
	test('pinned: starts at the pin and runs on with real time', async () => {
		const started = performance.now();
		const clock = new SimClock(PIN);
		expect(clock.pinned).toBe(true);
		expect(clock.anchor()).toBe(PIN);
		const first = clock.now();
		expect(first).toBeGreaterThanOrEqual(PIN);
		expect(first).toBeLessThanOrEqual(PIN + ranOn(started));
		await pause(5);
		const later = clock.now();
		// Timers may fire a millisecond early; the clock moved on by about the real pause, no more.
		expect(later - first).toBeGreaterThanOrEqual(3);
		expect(later).toBeLessThanOrEqual(PIN + ranOn(started));
		expect(clock.anchor()).toBe(PIN);
	});

	test('advance jumps forward without waiting and keeps the anchor; backwards or NaN is refused', () => {
		const started = performance.now();
		const clock = new SimClock(PIN);
		expect(clock.advance(2 * HOUR)).toBeGreaterThanOrEqual(PIN + 2 * HOUR);
		expect(clock.advance(30_000)).toBeGreaterThanOrEqual(PIN + 2 * HOUR + 30_000);
		expect(clock.now()).toBeLessThanOrEqual(PIN + 2 * HOUR + 30_000 + ranOn(started) + 1);
		expect(clock.describe()).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 2 * HOUR + 30_000 });
		expect(() => clock.advance(-1)).toThrow(/non-negative/);
		expect(() => clock.advance(Number.NaN)).toThrow(/non-negative/);
		expect(clock.describe().offsetMs).toBe(2 * HOUR + 30_000);
	});

	test('set re-pins and re-anchors, dropping earlier advances', () => {
		const clock = new SimClock(PIN);
		clock.advance(DAY);
		const target = PIN + 7 * DAY + 5 * HOUR;
		const started = performance.now();
		const now = clock.set(target);
		expect(now).toBeGreaterThanOrEqual(target);
		expect(now).toBeLessThanOrEqual(target + ranOn(started));
		expect(clock.anchor()).toBe(target);
		expect(clock.describe()).toMatchObject({ pinned: true, anchor: target, offsetMs: 0 });
		// Back in time is allowed too (it is a new pin, not an advance).
		clock.set(PIN - DAY);
		expect(clock.anchor()).toBe(PIN - DAY);
		expect(() => clock.set(Number.NaN)).toThrow(/finite epoch ms/);
		expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(/finite epoch ms/);
	});

	test('reset goes back to the start: the first pin, no offset', () => {
		const clock = new SimClock(PIN);
		clock.set(PIN + 30 * DAY);
		clock.advance(HOUR);
		const started = performance.now();
		clock.reset();
		expect(clock.describe()).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 0 });
		expect(clock.now()).toBeGreaterThanOrEqual(PIN);
		expect(clock.now()).toBeLessThanOrEqual(PIN + ranOn(started));
	});

	test('describe: now, the same instant as ISO, pinned, anchor, offset', () => {
		const clock = new SimClock(PIN);
		const described = clock.describe();
		expect(Date.parse(described.iso)).toBe(described.now);
		expect(described).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 0 });
	});

	describe('wall-clock mode (no pin) follows Date.now()', () => {
		// Only Date is faked, at a fixed instant: timers and performance stay real.
		const WALL = Date.parse('2026-06-15T12:00:00Z');
		beforeEach(() => {
			fakeDateOnly(WALL);
		});
		afterEach(() => jest.useRealTimers());

		test('now is Date.now(); the anchor is the wall time of the last reset', () => {
			const clock = new SimClock();
			expect(clock.pinned).toBe(false);
			expect(clock.now()).toBe(WALL);
			expect(clock.anchor()).toBe(WALL);
			jest.setSystemTime(WALL + 90_000);
			expect(clock.now()).toBe(WALL + 90_000);
			expect(clock.anchor()).toBe(WALL);
			clock.reset();
			expect(clock.anchor()).toBe(WALL + 90_000);
		});

		test('advance adds to the wall clock; set pins it; reset returns to the wall clock', () => {
			const clock = new SimClock();
			clock.advance(HOUR);
			expect(clock.now()).toBe(WALL + HOUR);
			jest.setSystemTime(WALL + 1000);
			expect(clock.now()).toBe(WALL + 1000 + HOUR);
			clock.set(PIN);
			expect(clock.pinned).toBe(true);
			expect(clock.anchor()).toBe(PIN);
			// Pinned, the wall clock no longer matters.
			jest.setSystemTime(WALL + 50 * DAY);
			expect(clock.now()).toBeLessThan(PIN + 1000);
			clock.reset();
			expect(clock.describe()).toMatchObject({ pinned: false, now: WALL + 50 * DAY, anchor: WALL + 50 * DAY, offsetMs: 0 });
		});
	});
});

describe('parseClockTime', () => {
	test('epoch ms as a number or digits, ISO with a zone, ISO without a zone as Beijing time', () => {
		expect(parseClockTime(PIN)).toBe(PIN);
		expect(parseClockTime(String(PIN))).toBe(PIN);
		expect(parseClockTime(` ${PIN} `)).toBe(PIN);
		expect(parseClockTime('2026-03-02T09:30:00+08:00')).toBe(PIN);
		expect(parseClockTime('2026-03-02T01:30:00Z')).toBe(PIN);
		expect(parseClockTime('2026-03-02T01:30:00.000z')).toBe(PIN);
		expect(parseClockTime('2026-03-02T09:30:00+0800')).toBe(PIN);
		expect(parseClockTime('2026-03-02T09:30:00')).toBe(PIN);
		expect(parseClockTime('2026-03-02 09:30:00')).toBe(PIN);
		expect(parseClockTime('2026-03-02T09:30')).toBe(PIN);
	});

	test('anything else is refused with a hint', () => {
		expect(() => parseClockTime('tomorrow')).toThrow(/not a time: tomorrow \(use epoch ms or an ISO date-time/);
		expect(() => parseClockTime('')).toThrow(/not a time/);
		expect(() => parseClockTime('2026-13-45T99:00:00Z')).toThrow(/not a time/);
	});
});

describe('/__sim/clock', () => {
	let yunke: YunkeSimulator;
	let zhibang: ZhibangSimulator;
	let started: number;

	beforeAll(async () => {
		started = performance.now();
		// A small history, all of it in the day before the clock: the newest call says where it is anchored.
		yunke = await startYunkeSimulator({ now: '2026-03-02T09:30:00+08:00', knobs: { callCount: 200, days: 1 } });
		zhibang = await startZhibangSimulator({ now: PIN });
	});

	afterAll(async () => {
		await Promise.all([yunke.close(), zhibang.close()]);
	});

	beforeEach(() => {
		started = performance.now();
		yunke.reset();
		zhibang.reset();
	});

	const both = (): Array<[string, AxiosInstance]> => [
		['yunke', axios.create({ baseURL: `${yunke.baseUrl}/__sim`, validateStatus: () => true })],
		['zhibang', axios.create({ baseURL: `${zhibang.baseUrl}/__sim`, validateStatus: () => true })],
	];

	/** Newest and oldest call of the demo company, as epoch ms. */
	async function callSpan(): Promise<{ newest: number; oldest: number; total: number }> {
		const { data } = await axios.get(`${yunke.baseUrl}/__sim/calls`, { params: { limit: 100_000 } });
		const times = (data.calls as Array<{ startCallTime: string }>).map((c) => parseShanghai(c.startCallTime));
		return { newest: Math.max(...times), oldest: Math.min(...times), total: data.total as number };
	}

	test('GET: the pinned time (ISO and ms start options alike)', async () => {
		for (const [name, http] of both()) {
			const res = await http.get('/clock');
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 0 });
			expect(res.data.now).toBeGreaterThanOrEqual(PIN);
			expect(res.data.now).toBeLessThanOrEqual(PIN + ranOn(started));
			expect(Date.parse(res.data.iso)).toBe(res.data.now);
			expect(name === 'yunke' ? yunke.clock.anchor() : zhibang.clock.anchor()).toBe(PIN);
		}
	});

	test('POST now as ISO and as ms re-pins; advanceMs jumps forward; reset goes back to the start', async () => {
		const target = Date.parse('2026-04-10T18:45:00+08:00');
		for (const [, http] of both()) {
			let res = await http.post('/clock', { now: '2026-04-10T18:45:00+08:00' });
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ pinned: true, anchor: target, offsetMs: 0 });
			expect(res.data.now - target).toBeLessThanOrEqual(ranOn(started));

			res = await http.post('/clock', { now: '2026-04-10 18:45:00' });
			expect(res.data.anchor).toBe(target);

			res = await http.post('/clock', { now: PIN + DAY });
			expect(res.data).toMatchObject({ anchor: PIN + DAY, offsetMs: 0 });

			const before = performance.now();
			res = await http.post('/clock', { advanceMs: 2 * HOUR });
			expect(res.data).toMatchObject({ anchor: PIN + DAY, offsetMs: 2 * HOUR });
			expect(res.data.now).toBeGreaterThanOrEqual(PIN + DAY + 2 * HOUR);
			expect(res.data.now).toBeLessThanOrEqual(PIN + DAY + 2 * HOUR + ranOn(before) + 50);
			expect((await http.get('/clock')).data.offsetMs).toBe(2 * HOUR);

			expect((await http.post('/reset')).status).toBe(200);
			res = await http.get('/clock');
			expect(res.data).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 0 });
			expect(res.data.now).toBeLessThan(PIN + DAY);
		}
	});

	test('400 on a bad value, and the clock is left as it was', async () => {
		for (const [, http] of both()) {
			for (const body of [{ now: 'next tuesday' }, { now: '2026-02-31T25:00:00Z' }, { advanceMs: -1000 }, { advanceMs: 'soon' }]) {
				const res = await http.post('/clock', body);
				expect(res.status).toBe(400);
				expect(String(res.data.error)).toMatch(/not a time|non-negative/);
			}
			expect((await http.get('/clock')).data).toMatchObject({ pinned: true, anchor: PIN, offsetMs: 0 });
		}
	});

	test('Yunke: the generated call history follows POST now (anchor re-set, calls regenerated)', async () => {
		const first = await callSpan();
		expect(first.newest).toBeLessThanOrEqual(PIN);
		expect(first.oldest).toBeGreaterThan(PIN - DAY);

		const target = Date.parse('2026-05-20T14:10:00+08:00');
		expect((await axios.post(`${yunke.baseUrl}/__sim/clock`, { now: target })).status).toBe(200);
		expect(yunke.knobs.anchorTime).toBe(target);
		const moved = await callSpan();
		expect(moved.total).toBe(first.total);
		// The newest call is within the day before the new time.
		expect(moved.newest).toBeLessThanOrEqual(target);
		expect(moved.newest).toBeGreaterThan(target - DAY);
		expect(moved.oldest).toBeGreaterThan(target - DAY);

		// advanceMs moves time, not the history (only a new pin re-anchors it).
		await axios.post(`${yunke.baseUrl}/__sim/clock`, { advanceMs: 3 * DAY });
		expect((await callSpan()).newest).toBe(moved.newest);

		// reset: back to the start, and so is the history.
		yunke.reset();
		expect(await callSpan()).toEqual(first);
	});

	test('Yunke: an explicit anchorTime knob is not moved by the clock', async () => {
		const fixedAnchor = Date.parse('2025-12-01T09:00:00+08:00');
		const sim = await startYunkeSimulator({ now: PIN, knobs: { callCount: 50, days: 1, anchorTime: fixedAnchor } });
		try {
			sim.setClock(PIN + 10 * DAY);
			expect(sim.knobs.anchorTime).toBe(fixedAnchor);
			const newest = parseShanghai(sim.calls[0].startCallTime);
			expect(newest).toBeLessThanOrEqual(fixedAnchor);
			expect(newest).toBeGreaterThan(fixedAnchor - DAY);
		} finally {
			await sim.close();
		}
	});
});
