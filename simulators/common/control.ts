/**
 * The `/__sim/` control surface both simulators share: knobs, counters, faults, clock, reset.
 * A service's own control routes come after these (SimulatorBase.control).
 */
import { parseClockTime } from './clock';
import type { FaultRule } from './faults';
import type { CommonKnobs, SimulatorBase } from './server';
import type { SimRequest, SimResponse } from './wire';

/** Answer a shared control route (`sub` is the path after `/__sim/`), or undefined for any other. */
export function commonControl<K extends CommonKnobs>(sim: SimulatorBase<K>, req: SimRequest, sub: string): SimResponse | undefined {
	const body = (req.json ?? {}) as Record<string, unknown>;
	switch (`${req.method} ${sub}`) {
		case 'GET ':
			return { json: { simulator: sim.name, ...sim.describe(), knobs: sim.knobs } };
		case 'POST reset':
			sim.reset();
			return { json: { ok: true } };
		case 'POST expire-sessions':
			return { json: { ok: true, expired: sim.expireAllSessions() } };
		case 'GET knobs':
			return { json: sim.knobs };
		case 'POST knobs':
			return { json: sim.setKnobs(body as Partial<K>) };
		case 'GET counters':
			return { json: sim.counters };
		case 'POST counters/reset':
			sim.resetCounters();
			return { json: { ok: true } };
		case 'GET faults':
			return { json: sim.faults };
		case 'POST faults':
			for (const rule of Array.isArray(body) ? body : [body]) sim.addFault(rule as unknown as FaultRule);
			return { json: sim.faults };
		case 'DELETE faults':
			sim.clearFaults();
			return { json: { ok: true } };
		case 'GET clock':
			return { json: sim.clock.describe() };
		case 'POST clock':
			return setClock(sim, body);
		default:
			return undefined;
	}
}

/** {"now": epoch ms | ISO time} pins the clock (and re-anchors generated data); {"advanceMs": n} jumps forward. */
function setClock<K extends CommonKnobs>(sim: SimulatorBase<K>, body: Record<string, unknown>): SimResponse {
	try {
		// Both values are read before either is applied: a bad one leaves the clock as it was.
		const at = body.now === undefined ? undefined : parseClockTime(body.now as string | number);
		const advance = body.advanceMs === undefined ? 0 : Number(body.advanceMs);
		if (!Number.isFinite(advance) || advance < 0) throw new Error(`advanceMs must be a non-negative number, got ${String(body.advanceMs)}`);
		if (at !== undefined) sim.setClock(at);
		if (advance > 0) sim.clock.advance(advance);
	} catch (error) {
		return { status: 400, json: { error: (error as Error).message } };
	}
	return { json: sim.clock.describe() };
}
