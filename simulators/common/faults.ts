/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Fault injection: the rules a test sets, which request each one hits, and how the transport-level
 * kinds answer (or do not). `expire` and `throttle` are the service's to apply (it knows its own
 * envelope); they reach it through `SimRequest.fault`.
 */
import type http from 'node:http';

import { after, sleep } from './time';
import { htmlPage, materialise, send, type SimRequest, type SimResponse } from './wire';

export type FaultKind =
	| 'http5xx' // HTTP 5xx with an HTML error page (status defaults to 502)
	| 'timeout' // accept the request, never answer (the socket is closed after timeoutHoldMs)
	| 'malformed' // HTTP 200, truncated JSON
	| 'html' // HTTP 200, an HTML error page instead of JSON
	| 'empty' // HTTP 200, empty body
	| 'reset' // close the connection without answering, nothing applied
	| 'reset-after-apply' // run the request (state changes happen), then close the connection: the response is lost
	| 'expire' // the service invalidates the session the request carries and answers "session expired"
	| 'throttle' // the service answers with its throttling message
	| 'truncate' // run the request, send the first half of the real answer, end cleanly (no content-length)
	| 'status-json' // run the request, send the real answer with an error status (`status`, default 500)
	| 'echo' // answer an error page (status default 500) that quotes the request body, as some servers do
	| 'trickle' // run the request, send the real answer one byte every `trickleMs`
	| 'cut'; // run the request, declare the full content-length, send half, drop the connection

export interface FaultRule {
	/** Lower-case path without query (`/pc/calllog/list`), a prefix ending in `*`, or `*` for any route. */
	route: string;
	kind: FaultKind;
	/** How many matching requests this rule affects (default 1). */
	times?: number;
	/** HTTP status for `http5xx` (default 502). */
	status?: number;
	/** Skip this many matching requests before the rule fires (default 0). */
	after?: number;
}

export type ArmedFault = FaultRule & { seen: number; fired: number };

export function armFault(rule: FaultRule): ArmedFault {
	return { times: 1, after: 0, ...rule, seen: 0, fired: 0 };
}

/** The first armed rule that fires for this route (its counts are updated), or undefined. */
export function takeFault(faults: ArmedFault[], route: string): ArmedFault | undefined {
	for (const rule of faults) {
		const matches =
			rule.route === '*' ||
			rule.route.toLowerCase() === route ||
			(rule.route.endsWith('*') && route.startsWith(rule.route.slice(0, -1).toLowerCase()));
		if (!matches) continue;
		rule.seen++;
		if (rule.seen <= (rule.after ?? 0)) continue;
		if (rule.fired >= (rule.times ?? 1)) continue;
		rule.fired++;
		return rule;
	}
	return undefined;
}

/** How the transport faults pace themselves. */
export interface FaultTiming {
	timeoutHoldMs: number;
	trickleMs?: number;
}

/**
 * Answer a transport-level fault (running the request first where the kind says so).
 * Returns false for the kinds the service applies itself, and for no fault.
 */
export async function answerFault(
	fault: FaultRule | undefined,
	request: SimRequest,
	res: http.ServerResponse,
	run: () => Promise<SimResponse>,
	timing: FaultTiming,
): Promise<boolean> {
	switch (fault?.kind) {
		case 'http5xx':
			send(res, {
				status: fault.status ?? 502,
				contentType: 'text/html; charset=utf-8',
				text: htmlPage(`${fault.status ?? 502} Bad Gateway`, 'The upstream server is temporarily unavailable.'),
			});
			return true;
		case 'timeout':
			res.on('close', after(timing.timeoutHoldMs, () => res.destroy()));
			return true;
		case 'malformed':
			send(res, { contentType: 'application/json; charset=utf-8', text: '{"success":true,"data":{"dat' });
			return true;
		case 'html':
			send(res, {
				contentType: 'text/html; charset=utf-8',
				text: htmlPage('服务器错误 Server Error', 'Runtime Error: An application error occurred on the server.'),
			});
			return true;
		case 'empty':
			send(res, { contentType: 'application/json; charset=utf-8', text: '' });
			return true;
		case 'reset':
			res.destroy();
			return true;
		case 'reset-after-apply':
			await run();
			res.destroy();
			return true;
		case 'echo':
			send(res, {
				status: fault.status ?? 500,
				json: { error: 'Bad Request', message: '请求无法处理 / the request could not be processed', request: request.body.toString('utf8') },
			});
			return true;
		case 'truncate':
		case 'status-json':
		case 'trickle':
		case 'cut':
			await sendDamaged(fault, res, await run(), timing);
			return true;
		default:
			return false;
	}
}

/** The real answer, damaged the way a `truncate`, `status-json`, `trickle` or `cut` fault says. */
async function sendDamaged(fault: FaultRule, res: http.ServerResponse, answer: SimResponse, timing: FaultTiming): Promise<void> {
	const { headers, payload } = await materialise(answer);
	const status = fault.kind === 'status-json' ? (fault.status ?? 500) : (answer.status ?? 200);
	const half = payload.subarray(0, Math.floor(payload.length / 2));
	if (fault.kind === 'truncate') {
		res.writeHead(status, headers);
		res.end(half);
		return;
	}
	res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
	if (fault.kind === 'status-json') res.end(payload);
	else if (fault.kind === 'cut') res.write(half, () => res.destroy());
	else {
		for (let i = 0; i < payload.length && !res.destroyed; i++) {
			res.write(payload.subarray(i, i + 1));
			await sleep(timing.trickleMs ?? 200);
		}
		res.end();
	}
}
