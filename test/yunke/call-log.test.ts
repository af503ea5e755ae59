/**
 * Call Log → Get Many against the Yunke simulator, in the real n8n engine: paging (Return All and
 * Limit), filters, Simplify, numeric coercion and dirty rows. Expected rows always come from the
 * simulator's own data, filtered here by the simulator's rules.
 */
import type { IDataObject } from 'n8n-workflow';

import { formatShanghai, parseShanghai, MISSING_DEPARTMENT, type CallRecord } from '../../simulators/yunke';
import { setEngineClock } from '../engine/engine';
import { chain } from '../support/workflows';
import { jsonOf, outputOf, yunkeNode, subtreeIds } from './helpers';
import { useYunkeHarness } from './harness';
import { yunkeCredentialData, yunkeSim } from '../support/sims';

const DAY = 86_400_000;
const LIST = '/pc/callLog/list';
/** The simulators' clock is pinned here, so the generated history (and every range below) is the same on every run. */
const PIN = Date.parse('2026-03-02T10:00:00+08:00');

const h = useYunkeHarness({ callCount: 650, days: 30 }, { now: PIN });

/** The simulator's calls whose start minute lies in [start, end] (minute precision, Beijing time). */
function callsBetween(start: number, end: number, calls: readonly CallRecord[] = h.sim.calls): CallRecord[] {
	const from = formatShanghai(start).slice(0, 16);
	const to = formatShanghai(end).slice(0, 16);
	return calls.filter((c) => c.startCallTime.slice(0, 16) >= from && c.startCallTime.slice(0, 16) <= to);
}

/** The department with this id and every department below it (from the simulator's department list). */
function subtreeNames(rootId: string): Set<string> {
	const ids = subtreeIds(h.sim.departments, rootId);
	return new Set(h.sim.departments.filter((d) => ids.has(d.id)).map((d) => d.name));
}

function listCalls(params: IDataObject) {
	return { resource: 'callLog', operation: 'getAll', ...params };
}

const ids = (rows: Array<{ id?: unknown }>) => rows.map((r) => String(r.id));


/** The whole generated history, as ISO instants. */
function everything(): { startTime: string; endTime: string; start: number; end: number } {
	const end = h.sim.knobs.anchorTime;
	const start = end - 31 * DAY;
	return { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString(), start, end };
}

describe('Return All and Limit', () => {
	test('Return All over 4 pages: exactly ceil(N/200) list requests and exactly the simulator rows, newest first', async () => {
		const range = everything();
		const expected = callsBetween(range.start, range.end);
		expect(expected.length).toBe(650);
		const out = jsonOf(await h.run(listCalls({ startTime: range.startTime, endTime: range.endTime, returnAll: true })));
		expect(ids(out)).toEqual(ids(expected));
		expect(h.sim.requestCount(LIST)).toBe(Math.ceil(expected.length / 200));
	});

	test('Return All when N is an exact multiple of 200: 3 requests, not 4', async () => {
		h.sim.setKnobs({ callCount: 600 });
		try {
			const range = everything();
			const expected = callsBetween(range.start, range.end);
			expect(expected.length).toBe(600);
			const out = jsonOf(await h.run(listCalls({ startTime: range.startTime, endTime: range.endTime, returnAll: true })));
			expect(ids(out)).toEqual(ids(expected));
			expect(h.sim.requestCount(LIST)).toBe(3);
		} finally {
			h.sim.setKnobs({ callCount: 650 });
		}
	});

	test('a window given with a -05:00 offset selects by Beijing minute, both ends included', async () => {
		// Take the window's ends from two real calls so that both boundary minutes hold data.
		const sorted = [...h.sim.calls];
		const newest = sorted[40];
		const oldest = sorted[sorted.length - 300];
		const start = parseShanghai(oldest.startCallTime) + 59_000 - (parseShanghai(oldest.startCallTime) % 60_000); // same minute, later second
		const end = parseShanghai(newest.startCallTime) - (parseShanghai(newest.startCallTime) % 60_000); // start of its minute
		const asMinus5 = (ms: number) => new Date(ms - 5 * 3600_000).toISOString().replace('Z', '-05:00');
		const expected = callsBetween(start, end);
		expect(ids(expected)).toContain(oldest.id);
		expect(ids(expected)).toContain(newest.id);
		const out = jsonOf(await h.run(listCalls({ startTime: asMinus5(start), endTime: asMinus5(end), returnAll: true })));
		expect(ids(out)).toEqual(ids(expected));
		expect(h.sim.requestCount(LIST)).toBe(Math.ceil(expected.length / 200));
	});

	test.each([
		[150, 1],
		[450, 3],
	])('Limit %i stops early after %i request(s) with the first rows', async (limit, requests) => {
		const range = everything();
		const expected = callsBetween(range.start, range.end).slice(0, limit);
		const out = jsonOf(await h.run(listCalls({ startTime: range.startTime, endTime: range.endTime, returnAll: false, limit })));
		expect(ids(out)).toEqual(ids(expected));
		expect(h.sim.requestCount(LIST)).toBe(requests);
	});

	test('a session that expires in the middle of Return All is renewed once and the walk completes', async () => {
		const range = everything();
		const logins = h.sim.counters.logins;
		h.sim.addFault({ route: '/pc/calllog/list', kind: 'expire', after: 2 });
		const out = jsonOf(await h.run(listCalls({ startTime: range.startTime, endTime: range.endTime, returnAll: true })));
		expect(ids(out)).toEqual(ids(callsBetween(range.start, range.end)));
		expect(h.sim.counters.logins - logins).toBe(1);
		expect(h.sim.requestCount(LIST)).toBe(4 + 1);
	});
});

describe('filters', () => {
	const range = () => everything();

	test.each([
		['outbound', 's', 0],
		['inbound', 'i', 1],
	])('call type %s', async (_label, callType, incoming) => {
		const { start, end, startTime, endTime } = range();
		const expected = callsBetween(start, end).filter((c) => c.incomingCall === incoming);
		const out = jsonOf(await h.run(listCalls({ startTime, endTime, callType, returnAll: true })));
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(out)).toEqual(ids(expected));
		expect(out.every((row) => row.direction === (incoming ? 'inbound' : 'outbound'))).toBe(true);
	});

	test('department includes its sub-departments', async () => {
		const { start, end, startTime, endTime } = range();
		const names = subtreeNames('d_sales2');
		expect(names.size).toBe(3);
		const expected = callsBetween(start, end).filter((c) => names.has(c.departmentList));
		const out = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, filters: { departmentId: 'd_sales2' } })));
		expect(ids(out)).toEqual(ids(expected));
		expect(new Set(out.map((r) => r.department))).toEqual(names);
	});

	test('user, and user combined with call type', async () => {
		const { start, end, startTime, endTime } = range();
		const agent = h.sim.agents.find((a) => a.status === 1 && a.deptId === 'd_tele_a')!;
		const mine = callsBetween(start, end).filter((c) => c.userIdName === agent.name);
		const out = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, filters: { userId: agent.id } })));
		expect(mine.length).toBeGreaterThan(0);
		expect(ids(out)).toEqual(ids(mine));
		const inbound = jsonOf(await h.run(listCalls({ startTime, endTime, callType: 'i', returnAll: true, filters: { userId: agent.id } })));
		expect(ids(inbound)).toEqual(ids(mine.filter((c) => c.incomingCall === 1)));
	});

	test('keyword matches customer name, company, phone or agent; phone matches part of the customer phone', async () => {
		const { start, end, startTime, endTime } = range();
		const all = callsBetween(start, end);
		const keyword = '王';
		const byKeyword = all.filter((c) => [c.planCustomerName, c.planCustomerCompany, c.callNumber, c.userIdName].some((f) => f.includes(keyword)));
		const digits = all[7].callNumber.slice(-4);
		const byPhone = all.filter((c) => c.callNumber.includes(digits));
		const outKeyword = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, filters: { searchInfo: keyword } })));
		const outPhone = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, filters: { searchPhone: digits } })));
		expect(byKeyword.length).toBeGreaterThan(0);
		expect(byKeyword.length).toBeLessThan(all.length);
		expect(ids(outKeyword)).toEqual(ids(byKeyword));
		expect(ids(outPhone)).toEqual(ids(byPhone));
		expect(ids(outPhone)).toContain(all[7].id);
	});

	test('only connected calls of at least N seconds; Limit counts the calls kept', async () => {
		const { start, end, startTime, endTime } = range();
		const expected = callsBetween(start, end).filter((c) => c.callStatus === 2 && c.callSeconds >= 60);
		const all = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, filters: { onlyConnected: true, minDurationSeconds: 60 } })));
		expect(expected.length).toBeGreaterThan(5);
		expect(ids(all)).toEqual(ids(expected));
		expect(all.every((r) => r.connected === true && Number(r.durationSeconds) >= 60)).toBe(true);
		const five = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: false, limit: 5, filters: { onlyConnected: true, minDurationSeconds: 60 } })));
		expect(ids(five)).toEqual(ids(expected.slice(0, 5)));
	});
});

describe('output shapes', () => {
	const SIMPLE_KEYS = [
		'agent', 'agentPhone', 'connected', 'customerCompany', 'customerName', 'customerPhone', 'department', 'direction',
		'durationSeconds', 'id', 'recordingUrl', 'ringSeconds', 'salesProgress', 'startTime', 'status', 'statusCode',
	];

	function checkSimplified(row: IDataObject, call: CallRecord) {
		expect(Object.keys(row).sort()).toEqual(SIMPLE_KEYS);
		expect(row).toMatchObject({
			id: call.id,
			direction: call.incomingCall === 1 ? 'inbound' : 'outbound',
			customerPhone: call.callNumber,
			customerName: call.planCustomerName,
			customerCompany: call.planCustomerCompany,
			agent: call.userIdName,
			agentPhone: call.simPhone,
			department: call.departmentList,
			statusCode: call.callStatus,
			connected: call.callStatus === 2,
			durationSeconds: call.callSeconds,
			ringSeconds: call.ringSecond,
			salesProgress: call.progress,
		});
		expect(row.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(Date.parse(String(row.startTime))).toBe(parseShanghai(call.startCallTime));
		if (call.recordFile) expect(String(row.recordingUrl)).toMatch(new RegExp(`^${h.sim.baseUrl}${call.recordFile.replace(/\./g, '\\.')}\\?Expires=\\d+&`));
		else expect(row.recordingUrl).toBeNull();
	}

	test('Simplify on (the default): a clean record per call', async () => {
		const { start, end, startTime, endTime } = everything();
		const expected = callsBetween(start, end).slice(0, 120);
		const out = jsonOf(await h.run(listCalls({ startTime, endTime, limit: 120 })));
		expect(out).toHaveLength(120);
		out.forEach((row, i) => checkSimplified(row, expected[i]));
		expect(out.some((r) => r.connected) && out.some((r) => !r.connected)).toBe(true);
	});

	test('Simplify off: the 16 raw fields as the service sent them', async () => {
		const { start, end, startTime, endTime } = everything();
		const expected = callsBetween(start, end).slice(0, 60);
		const out = jsonOf(await h.run(listCalls({ startTime, endTime, limit: 60, options: { simplify: false } })));
		out.forEach((row, i) => {
			const { recordFile, ...rest } = expected[i];
			expect(Object.keys(row).sort()).toEqual(Object.keys(expected[i]).sort());
			expect(row).toMatchObject(rest);
			if (recordFile) expect(String(row.recordFile).startsWith(`${h.sim.baseUrl}${recordFile}?`)).toBe(true);
			else expect(row.recordFile).toBe('');
		});
	});

	test('numbers sent as strings come out as numbers, Simplify on and off, and paging still counts right', async () => {
		h.sim.setKnobs({ numericStyle: 'string' });
		const { start, end, startTime, endTime } = everything();
		const expected = callsBetween(start, end);
		const raw = jsonOf(await h.run(listCalls({ startTime, endTime, returnAll: true, options: { simplify: false } })));
		expect(ids(raw)).toEqual(ids(expected));
		expect(h.sim.requestCount(LIST)).toBe(Math.ceil(expected.length / 200));
		raw.forEach((row, i) => {
			for (const field of ['callStatus', 'callSeconds', 'progress', 'ringSecond', 'incomingCall'] as const) {
				expect(row[field]).toBe(expected[i][field]);
			}
		});
		const simple = jsonOf(await h.run(listCalls({ startTime, endTime, limit: 200 })));
		simple.forEach((row, i) => checkSimplified(row, expected[i]));
	});

	test('dirty rows: empty customer name, deleted department, no recording when not connected or missing', async () => {
		const departed = h.sim.agents.find((a) => a.status === 2)!;
		const at = h.sim.knobs.anchorTime - 60 * DAY; // before the generated history: only these rows are there
		const inserted = h.sim.insertCalls([
			{ startCallTime: formatShanghai(at), userId: departed.id, planCustomerName: '', callSeconds: 95 },
			{ startCallTime: formatShanghai(at - 60_000), planCustomerName: '', callStatus: 0, planCustomerCompany: '' },
			{ startCallTime: formatShanghai(at - 120_000), callSeconds: 30, recordFile: '' },
		]);
		const out = jsonOf(await h.run(listCalls({ startTime: new Date(at - 10 * 60_000).toISOString(), endTime: new Date(at).toISOString(), returnAll: true })));
		expect(ids(out)).toEqual(ids(inserted));
		const [gone, missed, noRecording] = out;
		expect(gone).toMatchObject({ customerName: '', department: MISSING_DEPARTMENT, agent: departed.name, connected: true, durationSeconds: 95 });
		expect(String(gone.recordingUrl)).toContain(`/oss/record/${inserted[0].id}.mp3`);
		expect(missed).toMatchObject({ customerName: '', customerCompany: '', connected: false, status: 'not_connected', durationSeconds: 0, recordingUrl: null });
		expect(noRecording).toMatchObject({ connected: true, durationSeconds: 30, recordingUrl: null });
	});
});

describe('in a workflow', () => {
	test('Start → Yunke "Get many call logs" with the editor defaults returns the calls of the last day', async () => {
		// A pinned clock, and the engine's $now (the defaults are $now − 1 day … $now) follows it.
		const now = PIN;
		const fresh = await yunkeSim({ callCount: 0 }, { now });
		setEngineClock(() => fresh.now());
		try {
			const recent = fresh.generateCalls(30, { at: now - 3600_000, spreadMs: 19 * 3600_000 });
			fresh.generateCalls(5, { at: now - 3 * DAY, spreadMs: 3600_000 }); // older than a day: not returned
			fresh.insertCalls([{ startCallTime: formatShanghai(now + 2 * 3600_000) }]); // in the future: not returned
			const freshCred = h.engine.store.add('yunkeApi', yunkeCredentialData(fresh));
			// Only the resource, operation and Return All are set; the time range is the node's default (last 24 h).
			const workflow = chain([{}], yunkeNode('Get Call Logs', { resource: 'callLog', operation: 'getAll', returnAll: true }, freshCred));
			const result = await h.engine.run(workflow);
			const items = outputOf(result, 'Get Call Logs');
			const expected = [...recent].sort((a, b) => parseShanghai(b.startCallTime) - parseShanghai(a.startCallTime) || (a.id < b.id ? -1 : 1));
			expect(ids(items.map((i) => i.json))).toEqual(ids(expected));
			expect(items.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
			expect(items[0].json).toMatchObject({ id: expected[0].id, customerPhone: expected[0].callNumber, agent: expected[0].userIdName });
			expect(fresh.requestCount(LIST)).toBe(1);
		} finally {
			setEngineClock();
			await fresh.close();
		}
	});
});
