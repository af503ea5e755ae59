/**
 * The Zhibang simulator's own `/__sim/` routes: its records, the operation log, sessions (list,
 * kick), captchas and unlocking.
 */
import type { SimRequest, SimResponse } from '../common/wire';
import type { ZhibangSimulator } from './index';
import { queryParam } from './wire';

export function zhibangControl(sim: ZhibangSimulator, req: SimRequest, sub: string): SimResponse | undefined {
	const body = (req.json ?? {}) as Record<string, unknown>;
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	switch (`${req.method} ${sub}`) {
		case 'GET customers':
			return { json: sim.customers() };
		case 'GET contacts':
			return { json: sim.contacts() };
		case 'GET followups':
			return { json: sim.followups() };
		case 'GET oplog':
			return { json: sim.oplog };
		case 'GET sessions':
			return { json: sim.liveSessions() };
		case 'POST sessions/kick':
			return { json: { ok: true, kicked: sim.kickSessions({ user: text(body.user), token: text(body.token) }) } };
		case 'GET captcha': {
			const user = queryParam(req.query, 'user');
			if (!user) return { status: 400, json: { error: 'query parameter user is required' } };
			return { json: sim.captchaFor(user) };
		}
		case 'POST users/unlock': {
			const user = text(body.user) ?? queryParam(req.query, 'user');
			if (!user) return { status: 400, json: { error: 'body field user is required' } };
			return { json: { ok: true, user, cleared: sim.unlockUser(user) } };
		}
		default:
			return undefined;
	}
}
