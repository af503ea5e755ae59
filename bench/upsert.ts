/**
 * Customer → Create or Update: requests per customer (new, with and without Verify Save;
 * existing and unchanged), and the time of upserts (half existing, interleaved, concurrency 1)
 * against a bare loop replaying the node's own requests through n8n's HTTP client.
 *
 * Every timed run gets fresh simulators set up identically (the existing customers saved in the
 * same order), so the node and the baseline find the same store and the ERP hands out the same ids.
 */
import type { IDataObject } from 'n8n-workflow';

import { startZhibangSimulator, type ZhibangSimulator } from '../simulators/zhibang';
import { Engine, type LoadedPackage } from '../test/engine/engine';
import { inWorker } from './lib/child';
import { alternate, checkBaseline } from './lib/baseline';
import type { Fidelity } from './lib/fidelity';
import { round, rounded, spread, type Spread } from './lib/measure';
import { upsertWorkflow, type Mode, type TaskResult, type Templates } from './worker';

export interface UpsertFigures {
	/** Customers per timed run: half already in the ERP (unchanged), half new. */
	customers: number;
	/** Requests per new customer with the defaults (lookup, allocate, save, read-back). */
	requestsPerNew: number;
	/** The same with "Verify Save" off. */
	requestsPerNewWithoutVerify: number;
	/** Requests per existing, unchanged customer. */
	requestsPerExisting: number;
	repeats: number;
	/** Median over repeats of node time ÷ bare-loop time. */
	ratioToBareLoop: number;
	latencyMs: number;
	spread: Record<string, Spread>;
	fidelity: Fidelity;
}

function leads(from: number, count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({
		id: from + i,
		name: `联系人${from + i}`,
		company: `基准测试公司${from + i}`,
		phone: `136${String(from + i).padStart(8, '0')}`,
		score: 70,
	}));
}

/** Requests the ERP served other than logins. */
function businessRequests(sim: ZhibangSimulator): number {
	return Object.entries(sim.ops)
		.filter(([name]) => name !== 'login')
		.reduce((sum, [, n]) => sum + n, 0);
}

export async function benchUpsert(
	pkg: LoadedPackage,
	options: { customers: number; repeats: number; latencyMs: number; log: (line: string) => void },
): Promise<UpsertFigures> {
	const half = Math.floor(options.customers / 2);
	const existing = leads(100_000, half);
	const inputs = existing.flatMap((lead, i) => [lead, leads(300_000 + i, 1)[0]]);

	const upsert = async (sim: ZhibangSimulator, items: IDataObject[], nodeOptions: IDataObject = {}) => {
		const engine = new Engine(pkg);
		const result = await engine.run(upsertWorkflow(engine, sim.baseUrl, sim.demo.username, sim.demo.password, items, nodeOptions));
		if (result.error) throw result.error;
		return result.output('Zhibang');
	};
	/** A fresh ERP holding the existing customers, saved one by one (not measured, no latency). */
	const seeded = async (latencyMs: number) => {
		const sim = await startZhibangSimulator({ knobs: { latencyMs: 0 } });
		await upsert(sim, existing, { verifySave: false });
		sim.setKnobs({ latencyMs });
		sim.resetCounters();
		return sim;
	};

	// Requests per customer, counted by the ERP.
	const counting = await seeded(0);
	const count = async (items: IDataObject[], nodeOptions: IDataObject) => {
		const before = businessRequests(counting);
		await upsert(counting, items, nodeOptions);
		return (businessRequests(counting) - before) / items.length;
	};
	const requestsPerNew = await count(leads(200_000, 50), {});
	const requestsPerNewWithoutVerify = await count(leads(210_000, 50), { verifySave: false });
	const requestsPerExisting = await count(existing.slice(0, 50), {});
	await counting.close();

	const once = async (mode: Mode, latencyMs: number, extra: { capture?: boolean; templates?: Templates } = {}) => {
		const warm = await seeded(0);
		const sim = await seeded(latencyMs);
		try {
			const result: TaskResult = await inWorker({
				kind: 'upsert',
				mode,
				baseUrl: sim.baseUrl,
				warmUrl: warm.baseUrl,
				account: { username: sim.demo.username, password: sim.demo.password },
				inputs,
				...extra,
			});
			if (result.count !== inputs.length - half) throw new Error(`upsert (${mode}): ${result.count} customers created, expected ${inputs.length - half}`);
			return { result, baseUrl: sim.baseUrl };
		} finally {
			await Promise.all([warm.close(), sim.close()]);
		}
	};

	const { templates, fidelity } = await checkBaseline('upsert', async (mode, extra) => await once(mode, 0, extra), options.log);
	const { node, bare } = await alternate(
		options.repeats,
		async (mode) => (await once(mode, options.latencyMs, { templates })).result,
		(n, b, r) => options.log(`upsert, repeat ${r + 1}/${options.repeats}: node ${(n.ms / 1000).toFixed(2)} s, bare ${(b.ms / 1000).toFixed(2)} s, ${(n.ms / b.ms).toFixed(3)}×`),
	);
	const ratio = spread(node.map((n, i) => n.ms / bare[i].ms));
	return {
		customers: inputs.length,
		requestsPerNew: round(requestsPerNew, 2),
		requestsPerNewWithoutVerify: round(requestsPerNewWithoutVerify, 2),
		requestsPerExisting: round(requestsPerExisting, 2),
		repeats: options.repeats,
		ratioToBareLoop: round(ratio.median),
		latencyMs: options.latencyMs,
		spread: {
			ratioToBareLoop: rounded(ratio),
			nodeSeconds: rounded(spread(node.map((n) => n.ms / 1000))),
			bareLoopSeconds: rounded(spread(bare.map((n) => n.ms / 1000))),
		},
		fidelity,
	};
}
