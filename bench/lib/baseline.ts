/**
 * The node against its baseline, the same way in every benchmark: first proof that the baseline
 * sends what the node sends, then repeats in which node and baseline alternate which goes first.
 */
import type { Mode, TaskResult, Templates } from '../worker';
import { compareRequests, type Fidelity } from './fidelity';

/** One run of a benchmark on fresh simulators: its result and the simulator it ran against. */
type Once = (mode: Mode, extra: { capture: true; templates?: Templates }) => Promise<{ result: TaskResult; baseUrl: string }>;

/**
 * One node run records its requests (the templates), one baseline run replays them, recorded too;
 * the two are compared request by request (see fidelity.ts) and the outcome logged as `what: …`.
 */
export async function checkBaseline(what: string, once: Once, log: (line: string) => void): Promise<{ templates: Templates; fidelity: Fidelity }> {
	const captured = await once('node', { capture: true });
	const templates: Templates = { baseUrl: captured.baseUrl, requests: captured.result.captured! };
	const check = await once('bare', { capture: true, templates });
	const fidelity = compareRequests(templates, { baseUrl: check.baseUrl, requests: check.result.captured! });
	log(`${what}: baseline checked against the node: ${fidelity.requests} requests, ${fidelity.identicalBodies} byte-identical bodies, ${fidelity.differences.length} differences`);
	return { templates, fidelity };
}

/** `repeats` pairs of runs, node first in even repeats and baseline first in odd ones; `done` sees each pair. */
export async function alternate<R>(repeats: number, run: (mode: Mode) => Promise<R>, done: (node: R, bare: R, repeat: number) => void): Promise<{ node: R[]; bare: R[] }> {
	const node: R[] = [];
	const bare: R[] = [];
	for (let r = 0; r < repeats; r++) {
		const order: Mode[] = r % 2 === 0 ? ['node', 'bare'] : ['bare', 'node'];
		for (const mode of order) (mode === 'node' ? node : bare).push(await run(mode));
		done(node[r], bare[r], r);
	}
	return { node, bare };
}
