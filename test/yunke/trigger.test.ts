/**
 * The Yunke Trigger's cursor: pure window arithmetic, then real polls in n8n-core's PollContext
 * against the simulator with calls arriving between polls (some late, inside the overlap window),
 * and a restart from persisted static data.
 *
 * No wall clock: the simulator is pinned (its call history ends at PIN), and the trigger, which
 * reads `Date.now()` for its cursor, sees a faked `Date` (only Date: timers, performance and the
 * simulator's own clock stay real) that each test moves explicitly, like time passing between polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { absorbWindow, initialCursor, normaliseWall, pollWindows } from '../../nodes/Yunke/helpers/pollCursor';
import { formatShanghai } from '../../simulators/yunke';
import { Engine, type WorkflowJson } from '../engine/engine';
import { node, YUNKE_TRIGGER } from '../support/workflows';
import { fakeDateOnly } from '../support/fakeDate';
import { useYunkeHarness } from './harness';

describe('poll cursor (pure)', () => {
	const t0 = Date.UTC(2026, 0, 5, 2, 30, 20); // 2026-01-05 10:30:20 Beijing

	test('first window starts at activation (minus look-back), ends now, inclusive minutes', () => {
		const cursor = initialCursor(t0, 0);
		expect(cursor.floor).toBe('2026-01-05 10:30:20');
		expect(pollWindows(cursor, t0 + 90_000, 10, 60)).toEqual([
			{ start: '2026-01-05 10:30', end: '2026-01-05 10:31', through: '2026-01-05 10:31:50' },
		]);
		const back = initialCursor(t0, 2);
		expect(back.floor).toBe('2026-01-05 08:30:20');
	});

	test('later windows overlap the scan by the margin; long gaps are read in chunks', () => {
		const cursor = { ...initialCursor(t0 - 3 * 3600_000, 0), scannedThrough: '2026-01-05 09:00:00' };
		const windows = pollWindows(cursor, t0, 10, 60);
		expect(windows.map((w) => [w.start, w.end])).toEqual([
			['2026-01-05 08:50', '2026-01-05 09:49'],
			['2026-01-05 09:50', '2026-01-05 10:30'],
		]);
		expect(windows[0].through).toBe('2026-01-05 09:49:59');
		expect(windows[1].through).toBe('2026-01-05 10:30:20');
	});

	test('start times given as epoch seconds or milliseconds are read like wall times', () => {
		expect(normaliseWall('1734429201')).toBe('2024-12-17 17:53:21');
		expect(normaliseWall('1734429201000')).toBe('2024-12-17 17:53:21');
		expect(normaliseWall('2024/12/17 17:53')).toBe('2024-12-17 17:53:00');
		expect(normaliseWall('not a time')).toBe('');
	});

	test('a row is taken once; rows before the floor never; ids behind the overlap are forgotten', () => {
		const cursor = initialCursor(t0, 0);
		const window = pollWindows(cursor, t0 + 60_000, 10, 60)[0];
		const first = absorbWindow(
			cursor,
			[
				{ id: 'b', start: '2026-01-05 10:31:00' },
				{ id: 'a', start: '2026-01-05 10:30:30' },
				{ id: 'old', start: '2026-01-05 10:29:59' },
			],
			window,
			10,
		);
		expect(first.fresh.map((r) => r.id)).toEqual(['a', 'b']);
		const again = absorbWindow(first.next, [{ id: 'a', start: '2026-01-05 10:30:30' }, { id: 'c', start: '2026-01-05 10:30:40' }], window, 10);
		expect(again.fresh.map((r) => r.id)).toEqual(['c']);
		const later = pollWindows(again.next, t0 + 3600_000, 10, 60).at(-1)!;
		const pruned = absorbWindow(again.next, [], later, 10);
		expect(pruned.next.seen).toEqual({});
	});
});

/** Where the simulator's clock is pinned: its generated history covers the two days before. */
const PIN = Date.parse('2026-03-02T10:00:00+08:00');

describe('Yunke Trigger in the h.engine', () => {
	const h = useYunkeHarness({ callCount: 400, days: 2 }, { now: PIN });
	let workflow: WorkflowJson;
	/** What `Date.now()` returns to the trigger (the faked Date stands still until moved). */
	let now = PIN;

	/** Move the trigger's clock to `ms`. */
	const setNow = (ms: number) => {
		now = ms;
		jest.setSystemTime(ms);
		return ms;
	};
	/** A start time `msAgo` before the trigger's now, as Yunke writes it (Beijing wall time). */
	const at = (msAgo: number) => formatShanghai(now - msAgo);

	beforeAll(() => {
		fakeDateOnly(PIN);
		workflow = {
			nodes: [
				node('Trigger', YUNKE_TRIGGER, { event: 'newCallLog', callType: '', filters: {}, options: { lookBackHours: 1, overlapMinutes: 10 } }, {
					credentials: { yunkeApi: h.cred },
				}),
			],
			connections: {},
		};
	});

	afterAll(() => {
		jest.useRealTimers();
	});

	test('five polls with calls arriving in between emit every call exactly once, also across a restart', async () => {
		// Activated at the end of the generated history; the polls then run a minute apart.
		const activation = setNow(PIN);
		const floor = formatShanghai(activation - 3600_000);
		const emitted: string[] = [];
		let staticData: IDataObject = {};
		const poll = async () => {
			const result = await h.engine.poll(workflow, 'Trigger', { staticData });
			staticData = result.staticData;
			const ids = (result.items ?? []).map((item) => String(item.json.id));
			emitted.push(...ids);
			return result.items ?? [];
		};

		// Poll 1: the look-back hour of history.
		const first = await poll();
		const history = h.sim.calls.filter((c) => c.startCallTime >= floor).map((c) => c.id);
		expect(history.length).toBeGreaterThan(0);
		expect(first.map((i) => i.json.id).sort()).toEqual([...history].sort());

		// Poll 2: nothing new → nothing emitted (poll returns null).
		setNow(now + 60_000);
		expect(await poll()).toEqual([]);

		// Poll 3: two calls just now, and one that reaches Yunke late (started 6 minutes ago: inside the overlap).
		setNow(now + 60_000);
		const batch3 = h.sim.insertCalls([{ startCallTime: at(20_000) }, { startCallTime: at(5_000) }, { startCallTime: at(6 * 60_000) }]);
		const third = await poll();
		expect(third.map((i) => i.json.id).sort()).toEqual(batch3.map((c) => c.id).sort());
		// Oldest first.
		expect(third.map((i) => i.json.startTime)).toEqual([...third.map((i) => String(i.json.startTime))].sort());

		// Poll 4: late rows again (2 and 9 minutes ago) plus a connected call now.
		setNow(now + 60_000);
		const batch4 = h.sim.insertCalls([{ startCallTime: at(2 * 60_000) }, { startCallTime: at(9 * 60_000) }, { startCallTime: at(1_000), callStatus: 2, callSeconds: 42 }]);
		expect((await poll()).map((i) => i.json.id).sort()).toEqual(batch4.map((c) => c.id).sort());

		// Poll 5: nothing new, although the window re-reads everything of the last 10 minutes.
		setNow(now + 60_000);
		const listBefore = h.sim.requestCount('/pc/callLog/list');
		expect(await poll()).toEqual([]);
		expect(h.sim.requestCount('/pc/callLog/list')).toBe(listBefore + 1);

		// Restart: a new engine (another process) with the static data as n8n persisted it.
		setNow(now + 60_000);
		const restarted = new Engine(h.engine.pkg, h.engine.store);
		const persisted = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const late = h.sim.insertCalls([{ startCallTime: at(3 * 60_000) }]);
		const after = await restarted.poll(workflow, 'Trigger', { staticData: persisted });
		emitted.push(...(after.items ?? []).map((i) => String(i.json.id)));
		expect((after.items ?? []).map((i) => i.json.id)).toEqual([late[0].id]);

		// Every call once, and exactly the calls that started after the floor.
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual([...history, ...batch3, ...batch4, ...late].map((c) => (typeof c === 'string' ? c : c.id)).sort());
	});

	test('filters: only connected calls of at least N seconds', async () => {
		// Later than every call the test before inserted.
		setNow(PIN + 3600_000);
		const filtered: WorkflowJson = {
			...workflow,
			nodes: [{ ...workflow.nodes[0], parameters: { ...workflow.nodes[0].parameters, filters: { onlyConnected: true, minDurationSeconds: 30 } } }],
		};
		let staticData: IDataObject = (await h.engine.poll(filtered, 'Trigger')).staticData;
		const calls = h.sim.insertCalls([
			{ startCallTime: at(10_000), callStatus: 2, callSeconds: 45 },
			{ startCallTime: at(10_000), callStatus: 2, callSeconds: 12 },
			{ startCallTime: at(10_000), callStatus: 0, callSeconds: 0 },
		]);
		const result = await h.engine.poll(filtered, 'Trigger', { staticData });
		staticData = result.staticData;
		expect((result.items ?? []).map((i) => i.json.id)).toEqual([calls[0].id]);
		expect(result.items?.[0].json).toMatchObject({ connected: true, durationSeconds: 45, direction: expect.any(String) });
	});

	test('a look-back longer than a day catches up a day per poll, every call once', async () => {
		const longBack: WorkflowJson = {
			...workflow,
			nodes: [{ ...workflow.nodes[0], parameters: { ...workflow.nodes[0].parameters, options: { lookBackHours: 40, overlapMinutes: 10 } } }],
		};
		setNow(PIN + 2 * 3600_000);
		const floor = at(40 * 3600_000);
		const dayLater = at(16 * 3600_000 - 60_000);
		const first = await h.engine.poll(longBack, 'Trigger');
		const firstTimes = (first.items ?? []).map((i) => String(i.json.startTime));
		expect(firstTimes.length).toBeGreaterThan(0);
		// Only the first 24 hours after the floor (startTime is ISO with +08:00; compare the wall time).
		expect(firstTimes.every((t) => t.slice(0, 19).replace('T', ' ') < dayLater)).toBe(true);
		const second = await h.engine.poll(longBack, 'Trigger', { staticData: first.staticData });
		const ids = [...(first.items ?? []), ...(second.items ?? [])].map((i) => String(i.json.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(h.sim.calls.filter((c) => c.startCallTime >= floor).map((c) => c.id).sort());
	});

	test('manual "Fetch Test Event" returns the latest calls and leaves the cursor alone', async () => {
		setNow(PIN + 3 * 3600_000);
		const result = await h.engine.poll(workflow, 'Trigger', { mode: 'manual', staticData: {} });
		const newest = [...h.sim.calls]
			.sort((a, b) => (a.startCallTime === b.startCallTime ? a.id.localeCompare(b.id) : a.startCallTime < b.startCallTime ? 1 : -1))
			.slice(0, 10);
		expect((result.items ?? []).map((i) => i.json.id)).toEqual(newest.map((c) => c.id));
		expect(result.staticData).toEqual({});
	});
});
