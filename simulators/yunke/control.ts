/**
 * The Yunke simulator's own `/__sim/` routes: calls (list, insert, generate), demo accounts,
 * sessions, time travel and unlocking.
 */
import type { SimRequest, SimResponse } from '../common/wire';
import { parseShanghai } from '../common/time';
import { intParam, isObject, str } from './envelopes';
import type { YunkeSimulator } from './index';
import { DEMO_COMPANY, YUNKE_DEMO, type CallInput, type CallRecord } from './types';

export function yunkeControl(sim: YunkeSimulator, req: SimRequest, subPath: string): SimResponse | undefined {
	const body = isObject(req.json) ? req.json : {};
	switch (`${req.method} ${subPath}`) {
		case 'GET calls': {
			const company = req.query.get('companyCode') ?? DEMO_COMPANY;
			const all = sim.callsOf(company);
			const limit = intParam(req.query.get('limit') ?? undefined, 100);
			return { json: { companyCode: company, total: all.length, calls: all.slice(0, limit >= 0 ? limit : 100) } };
		}
		case 'POST calls': {
			try {
				const companyCode = body.companyCode === undefined ? undefined : str(body.companyCode);
				let calls: CallRecord[];
				if (Array.isArray(body.calls)) {
					calls = sim.insertCalls((body.calls as CallInput[]).map((c) => ({ companyCode, ...c })));
				} else {
					const count = intParam(body.count, 1);
					if (!(count >= 0 && count <= 100_000)) throw new Error('count must be 0..100000');
					let at: number | undefined;
					if (typeof body.at === 'number') at = body.at;
					else if (typeof body.at === 'string') at = /^\d{4}-\d{2}-\d{2}( |$)/.test(body.at) ? parseShanghai(body.at) : Date.parse(body.at);
					if (at !== undefined && Number.isNaN(at)) throw new Error(`bad at ${str(body.at)}`);
					calls = sim.generateCalls(count, { at, spreadMs: Number(body.spreadMs ?? 0), companyCode });
				}
				return { json: { ok: true, inserted: calls.length, calls } };
			} catch (error) {
				return { status: 400, json: { error: (error as Error).message } };
			}
		}
		case 'GET accounts':
			return {
				json: {
					companies: sim.describe().companies,
					accounts: Object.entries(YUNKE_DEMO.accounts).map(([role, a]) => ({
						role,
						phone: a.phone,
						password: a.password,
						name: a.name,
						state: a.state,
						companies: a.memberships.map((m) => ({ companyCode: m.companyCode, userId: m.userId, domain: sim.domainOf(m.companyCode) })),
					})),
				},
			};
		case 'GET sessions':
			return { json: sim.liveSessions() };
		case 'POST advance-time': {
			const ms = Number(body.ms ?? 0);
			if (!Number.isFinite(ms) || ms < 0) return { status: 400, json: { error: 'ms must be a non-negative number' } };
			sim.advanceTime(ms);
			return { json: { ok: true, ...sim.clock.describe() } };
		}
		case 'POST unlock':
			return { json: { ok: true, unlocked: sim.unlockAccounts(body.phone === undefined ? undefined : str(body.phone)) } };
		default:
			return undefined;
	}
}