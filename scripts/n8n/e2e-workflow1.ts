/**
 * Example workflow 1 as `n8n execute` runs it: its nodes found by type, the figures of a run and the
 * ERP checked item by item after the first run (as test/examples/workflow1.test.ts does in-process).
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import { PACKAGE_NAME, type WorkflowImportJson } from './cli';
import { check } from './e2e-report';
import type { Simulators } from './examples';

/** Node names of workflow 1, found by type in the JSON (the file is the source of truth). */
export function workflow1Nodes(workflow: WorkflowImportJson) {
	const nodes = workflow.nodes as Array<{ name: string; type: string; parameters?: { resource?: string } }>;
	const byType = (suffix: string, resource?: string) => {
		const node = nodes.find((n) => n.type === `${PACKAGE_NAME}.${suffix}` && (resource === undefined || n.parameters?.resource === resource));
		if (!node) throw new Error(`workflow 1 has no ${PACKAGE_NAME}.${suffix} node${resource ? ` for ${resource}` : ''}`);
		return node.name;
	};
	// The admission check is the Zhibang node's Lead → Check Admission operation.
	const admission = byType('zhibang', 'lead');
	const connections = workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
	return { calls: byType('yunke'), admission, upsert: byType('zhibang', 'customer'), rejected: connections[admission].main[1][0].node };
}

export function output(run: IRun, node: string, index = 0): IDataObject[] {
	return (run.data.resultData.runData[node]?.[0]?.data?.main?.[index] ?? []).map((item) => item.json);
}

/** The seed's value-level bands (90–100→175, 75–89→289, 60–74→176, 45–59→177, 0–44→290). */
const seedBand = (score: number) => (score >= 90 ? 175 : score >= 75 ? 289 : score >= 60 ? 176 : score >= 45 ? 177 : 290);

export interface RunFigures {
	created: number;
	updated: number;
	unchanged: number;
	followUps: number;
	logins: { yunke: number; zhibang: number };
}

export function figures(run: IRun, names: ReturnType<typeof workflow1Nodes>, logins: RunFigures['logins']): RunFigures {
	const upserts = output(run, names.upsert);
	const count = (action: string) => upserts.filter((u) => u.action === action).length;
	return {
		created: count('created'),
		updated: count('updated'),
		unchanged: count('unchanged'),
		followUps: upserts.filter((u) => (u.followUp as IDataObject | null)?.saved).length,
		logins,
	};
}

/** Runs `fn` and returns how many times each simulator was logged into meanwhile. */
export async function countLogins<T>(sims: Simulators, fn: () => Promise<T>): Promise<[T, RunFigures['logins']]> {
	const before = { yunke: sims.yunke.counters.logins, zhibang: sims.zhibang.counters.logins };
	const result = await fn();
	return [result, { yunke: sims.yunke.counters.logins - before.yunke, zhibang: sims.zhibang.counters.logins - before.zhibang }];
}

/** The ERP after the first run of workflow 1, item by item (as test/examples/workflow1.test.ts does in-process). */
export function checkFirstRun(run: IRun, names: ReturnType<typeof workflow1Nodes>, sims: Simulators, customersBefore: number, logins: RunFigures['logins']): number {
	const calls = output(run, names.calls);
	const admitted = output(run, names.admission, 0);
	const rejected = output(run, names.admission, 1);

	// Connected outbound calls of the last day, as the simulator has them (calls within a minute of
	// the window's start may fall either side).
	const windowStart = Date.parse(String(run.startedAt)) - 86_400_000;
	const startOf = (c: { startCallTime: string }) => Date.parse(`${c.startCallTime.replace(' ', 'T')}+08:00`);
	const outboundConnected = sims.yunke.calls.filter((c) => c.incomingCall === 0 && c.callStatus === 2);
	const fetched = new Set(calls.map((c) => String(c.id)));
	const missing = outboundConnected.filter((c) => startOf(c) > windowStart + 60_000 && !fetched.has(String(c.id)));
	const extra = calls.filter((c) => {
		const call = outboundConnected.find((x) => String(x.id) === String(c.id));
		return !call || startOf(call) < windowStart - 60_000;
	});
	check(`Yunke node fetched the ${calls.length} connected outbound calls of the last day`, calls.length > 10 && missing.length === 0 && extra.length === 0, {
		fetched: calls.length,
		missing: missing.map((c) => c.id),
		extra: extra.map((c) => c.id),
	});
	check(`admission split them: ${admitted.length} admitted, ${rejected.length} rejected`, admitted.length > 0 && rejected.length > 0 && admitted.length + rejected.length === calls.length);

	const followUps = sims.zhibang.followups();
	const problems: string[] = [];
	// A namesake is stored under its tagged name (刘总（8000）): the upsert's storedName, item by item.
	const upserts = output(run, names.upsert, 0);
	check(`the upsert wrote every admitted call: ${upserts.length} items`, upserts.length === admitted.length);
	for (const [index, call] of admitted.entries()) {
		const khid = `YK${call.normalizedMobile}`;
		const found = sims.zhibang.findCustomers((c) => c.khid === khid);
		if (found.length !== 1) {
			problems.push(`${khid}: ${found.length} customers`);
			continue;
		}
		const [customer] = found;
		const score = Number(call.score);
		const expected = { name: upserts[index]?.storedName ?? call.customerName, mobile: call.normalizedMobile, ly: 171, jz: seedBand(score), cateid: score >= 80 ? 61 : 62 };
		const actual = { name: customer.name, mobile: customer.mobile, ly: customer.ly, jz: customer.jz, cateid: customer.cateid };
		if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${khid}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
		const notes = followUps.filter((f) => f.customer === customer.ord);
		if (notes.length !== 1 || notes[0].sort !== 481 || notes[0].intro !== call.summary || !String(notes[0].intro).includes(String(call.id))) {
			problems.push(`${khid}: follow-ups ${JSON.stringify(notes.map((n) => ({ sort: n.sort, intro: n.intro })))}`);
		}
	}
	check(`each admitted call is a Zhibang customer (khid, name, mobile, source, value level, owner) with one follow-up`, problems.length === 0, problems.slice(0, 5));
	const written = rejected.filter((call) => sims.zhibang.findCustomers((c) => c.khid === `YK${String(call.customerPhone)}`).length > 0);
	const unexplained = rejected.filter((call) => !Array.isArray(call.failedRules) || call.failedRules.length === 0);
	check('rejected calls wrote nothing and carry their failed rules', written.length === 0 && unexplained.length === 0, {
		written: written.map((c) => c.id),
		unexplained: unexplained.map((c) => c.id),
	});
	check(`"${names.rejected}" lists a reason for each rejected call`, output(run, names.rejected).filter((r) => typeof r.reason === 'string' && r.reason).length === rejected.length);
	const f = figures(run, names, logins);
	check(`run 1: ${f.created} customers created, ${f.followUps} follow-ups, logins Yunke ${logins.yunke} / Zhibang ${logins.zhibang}`, f.created === admitted.length && f.updated === 0 && f.unchanged === 0 && f.followUps === admitted.length && logins.yunke === 1 && logins.zhibang === 1, f);
	check('the ERP has exactly the new customers', sims.zhibang.customers().length === customersBefore + admitted.length, {
		before: customersBefore,
		after: sims.zhibang.customers().length,
		admitted: admitted.length,
	});
	return admitted.length;
}
