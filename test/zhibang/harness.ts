/** Shared set-up of the Zhibang tests: a simulator, the real engine with the built package, a credential. */
import type { IDataObject, INode, INodeCredentialsDetails, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { ZhibangKnobs, ZhibangSimulator } from '../../simulators/zhibang';
import { Engine, loadPackage, type RunResult } from '../engine/engine';
import { useHarnessOf } from '../support/live';
import { zhibangCredentialData, zhibangSim } from '../support/sims';
import { zhibangWorkflow } from '../support/workflows';

export const ADD_ROUTE = '/sysa/mobilephone/salesmanage/custom/add.asp';
export const LIST_ROUTE = '/sysa/mobilephone/salesmanage/custom/list.asp';

export interface Harness {
	sim: ZhibangSimulator;
	engine: Engine;
	cred: INodeCredentialsDetails;
	/** Run the Zhibang node once over `items`. */
	run(parameters: INodeParameters, items?: IDataObject[], extra?: Partial<INode>): Promise<RunResult>;
	/** The node's output items (throws with the node's error if it failed). */
	output(parameters: INodeParameters, items?: IDataObject[], extra?: Partial<INode>): Promise<INodeExecutionData[]>;
	/** Calls of the ERP other than login, by operation (sim.counters.ops). */
	ops(): Record<string, number>;
	/** Total calls of the ERP other than login. */
	requests(): number;
	/**
	 * Simulator back to its seed (data, faults, counters) with a live session, so counted requests
	 * are the operation's own (a reset drops the sessions; the first call would be refused).
	 */
	reset(): Promise<void>;
	close(): Promise<void>;
}

export async function harness(knobs: Partial<ZhibangKnobs> = {}, engine?: Engine): Promise<Harness> {
	const sim = await zhibangSim(knobs);
	const eng = engine ?? new Engine(await loadPackage());
	const cred = eng.store.add('zhibangApi', zhibangCredentialData(sim));
	const run = async (parameters: INodeParameters, items: IDataObject[] = [{}], extra: Partial<INode> = {}) =>
		await eng.run(zhibangWorkflow(cred, parameters, items, extra));
	const ops = () => Object.fromEntries(Object.entries(sim.ops).filter(([name]) => name !== 'login'));
	return {
		sim,
		engine: eng,
		cred,
		run,
		async output(parameters, items, extra) {
			const result = await run(parameters, items, extra);
			const error = result.nodeError('Zhibang');
			// The engine keeps a serialised copy of the node's error: rethrow it as an Error.
			if (error) throw Object.assign(new Error(error.message), { name: error.name });
			return result.output('Zhibang');
		},
		ops,
		requests: () => Object.values(ops()).reduce((sum, n) => sum + n, 0),
		async reset() {
			sim.reset();
			const warm = await run({ resource: 'user', operation: 'getAll', returnAll: true });
			if (warm.nodeError('Zhibang')) throw warm.nodeError('Zhibang');
			sim.resetCounters();
		},
		close: async () => await sim.close(),
	};
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** A harness for a whole test file: created before all tests, reset before each, closed after all. */
export function useHarness(knobs: Partial<ZhibangKnobs> = {}): Harness {
	return useHarnessOf('the Zhibang harness', async () => await harness(knobs));
}
