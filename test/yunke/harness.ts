/** Shared set-up of the Yunke node tests: a simulator, the real engine with the built package, a credential. */
import type { INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import type { YunkeKnobs, YunkeSimulator } from '../../simulators/yunke';
import { Engine, loadPackage, type RunResult } from '../engine/engine';
import { useHarnessOf } from '../support/live';
import { yunkeCredentialData, yunkeSim, type SimOptions } from '../support/sims';
import { runYunke, type RunOptions } from './helpers';

export interface YunkeHarness {
	sim: YunkeSimulator;
	engine: Engine;
	cred: INodeCredentialsDetails;
	/** Run one Yunke node named "Yunke" (Start → Yunke) with the harness credential. */
	run(parameters: INodeParameters, options?: RunOptions): Promise<RunResult>;
	/**
	 * Simulator back to how it started (data, knobs, faults, counters) with a live session, so the
	 * counters a test reads are its own (a reset drops the sessions; the first call would log in).
	 */
	reset(): Promise<void>;
	close(): Promise<void>;
}

export async function yunkeHarness(knobs: Partial<YunkeKnobs> = {}, options: SimOptions = {}): Promise<YunkeHarness> {
	const sim = await yunkeSim(knobs, options);
	const engine = new Engine(await loadPackage());
	const cred = engine.store.add('yunkeApi', yunkeCredentialData(sim));
	const run = async (parameters: INodeParameters, runOptions?: RunOptions) => await runYunke(engine, cred, parameters, runOptions);
	return {
		sim,
		engine,
		cred,
		run,
		async reset() {
			sim.reset();
			const warm = await run({ resource: 'department', operation: 'getTree', includeUsers: false });
			if (warm.nodeError('Yunke')) throw warm.nodeError('Yunke');
			sim.resetCounters();
		},
		close: async () => await sim.close(),
	};
}

/** A harness for a whole test file: created before all tests, reset before each, closed after all. */
export function useYunkeHarness(knobs: Partial<YunkeKnobs> = {}, options: SimOptions = {}): YunkeHarness {
	return useHarnessOf('the Yunke harness', async () => await yunkeHarness(knobs, options));
}
