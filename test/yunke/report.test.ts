/**
 * Report → Get Call Report against the simulator: outbound / inbound / all, date range, department,
 * user, Return All / Limit. The expected numbers are aggregated here from the simulator's call list.
 */
import type { IDataObject } from 'n8n-workflow';

import { formatShanghai, type Agent } from '../../simulators/yunke';
import { errorClass, isBilingual, jsonOf, subtreeIds } from './helpers';
import { useYunkeHarness } from './harness';

const DAY = 86_400_000;
const REPORT = '/yunke-report-phone/module/getIndexDetail';
const TREE = '/usercenter/dept/tree';

const h = useYunkeHarness({ callCount: 1500, days: 20 });
let startDate: string;
let endDate: string;

type Module = 'outCall' | 'inCall' | 'allCall';

/** Per-agent totals from the simulator's calls: active agents of the department subtree, in the simulator's agent order. */
function expectedRows(module: Module, from: string, to: string, departmentId = 'd_root', userId = ''): IDataObject[] {
	const depts = subtreeIds(h.sim.departments, departmentId);
	const agents: Agent[] = h.sim.agents.filter((a) => a.status !== 2 && depts.has(a.deptId) && (!userId || a.id === userId));
	return agents.map((agent) => {
		const calls = h.sim.calls.filter((c) => {
			const day = c.startCallTime.slice(0, 10);
			if (c.userIdName !== agent.name || day < from || day > to) return false;
			return module === 'allCall' || c.incomingCall === (module === 'inCall' ? 1 : 0);
		});
		const connected = calls.filter((c) => c.callStatus === 2);
		const seconds = connected.reduce((sum, c) => sum + c.callSeconds, 0);
		return {
			userId: agent.id,
			userName: agent.name,
			departName: h.sim.departments.find((d) => d.id === agent.deptId)!.name,
			callCount: calls.length,
			connectCount: connected.length,
			totalCallSeconds: seconds,
			connectRate: `${(calls.length ? (100 * connected.length) / calls.length : 0).toFixed(2)}%`,
			avgCallSeconds: connected.length ? Math.round(seconds / connected.length) : 0,
		};
	});
}

function report(params: IDataObject) {
	return { resource: 'report', operation: 'getCallReport', startDate, endDate, returnAll: true, ...params };
}

beforeAll(() => {
	startDate = formatShanghai(h.sim.knobs.anchorTime - 12 * DAY).slice(0, 10);
	endDate = formatShanghai(h.sim.knobs.anchorTime - 3 * DAY).slice(0, 10);
});

test.each<[Module]>([['outCall'], ['inCall'], ['allCall']])('%s over a date range, whole company: numbers match the calls', async (childModule) => {
	const out = jsonOf(await h.run(report({ childModule })));
	const expected = expectedRows(childModule, startDate, endDate);
	expect(out).toEqual(expected.map((row) => ({ ...row, reportType: childModule, startDate, endDate })));
	// The range really cuts: calls outside it exist and are not counted.
	const inRange = expected.reduce((sum, row) => sum + Number(row.callCount), 0);
	const everything = expectedRows(childModule, '0000-00-00', '9999-99-99').reduce((sum, row) => sum + Number(row.callCount), 0);
	expect(inRange).toBeGreaterThan(0);
	expect(inRange).toBeLessThan(everything);
	expect(h.sim.requestCount(TREE)).toBe(1); // the root department, read once
	expect(h.sim.requestCount(REPORT)).toBe(1);
});

test('dates given as ISO instants are read as Beijing dates', async () => {
	// 20:30 UTC on the day before startDate is already startDate in Beijing; 15:00 UTC on endDate is 23:00 Beijing.
	const [y, m, d] = startDate.split('-').map(Number);
	const dayBefore = new Date(Date.UTC(y, m - 1, d - 1, 20, 30)).toISOString();
	const out = jsonOf(await h.run(report({ childModule: 'allCall', startDate: dayBefore, endDate: `${endDate}T15:00:00Z` })));
	expect(out.map((r) => r.callCount)).toEqual(expectedRows('allCall', startDate, endDate).map((r) => r.callCount));
	expect(out[0]).toMatchObject({ startDate, endDate });
});

test('a department includes its sub-departments; a user narrows to one row', async () => {
	const byDept = jsonOf(await h.run(report({ childModule: 'outCall', departmentId: 'd_sales2' })));
	expect(byDept).toEqual(expectedRows('outCall', startDate, endDate, 'd_sales2').map((row) => ({ ...row, reportType: 'outCall', startDate, endDate })));
	expect(new Set(byDept.map((r) => r.departName))).toEqual(new Set(['销售二部', '电销A组', '电销B组']));
	expect(h.sim.requestCount(TREE)).toBe(0);

	const agent = h.sim.agents.find((a) => a.deptId === 'd_tele_b' && a.status === 1)!;
	const byUser = jsonOf(await h.run(report({ childModule: 'allCall', departmentId: 'd_sales2', userId: agent.id })));
	expect(byUser).toHaveLength(1);
	expect(byUser[0]).toMatchObject(expectedRows('allCall', startDate, endDate, 'd_sales2', agent.id)[0]);
});

test('Limit stops early with the first rows; Return All reads every row', async () => {
	const all = expectedRows('allCall', startDate, endDate);
	const limited = jsonOf(await h.run(report({ childModule: 'allCall', returnAll: false, limit: 5 })));
	expect(limited.map((r) => r.userId)).toEqual(all.slice(0, 5).map((r) => r.userId));
	expect(h.sim.requestCount(REPORT)).toBe(1);
	const everything = jsonOf(await h.run(report({ childModule: 'allCall', returnAll: true })));
	expect(everything.map((r) => r.userId)).toEqual(all.map((r) => r.userId));
	expect(all.length).toBeGreaterThan(5);
});

test('Start Date after End Date is a NodeOperationError before any request', async () => {
	const result = await h.run(report({ childModule: 'allCall', startDate: endDate, endDate: startDate }));
	const error = result.nodeError('Yunke')!;
	expect(errorClass(error)).toBe('NodeOperationError');
	expect(isBilingual(error.message)).toBe(true);
	expect(h.sim.requestCount(REPORT)).toBe(0);
});
