/**
 * Proof that a baseline sent what the node sent: both runs are captured at n8n's HTTP client and
 * compared request by request — method, URL, every header and option, and the body bytes. Only
 * what must differ between two runs is masked: the simulator's address, session cookies and ids,
 * the login's RSA ciphertext (random padding), the expiry and signature of a signed download URL.
 */
import { Cookie } from 'tough-cookie';

import { bodyText, type CapturedRequest } from './outbound';

export interface Fidelity {
	requests: number;
	/** Requests whose body went out byte for byte as the node's. */
	identicalBodies: number;
	differences: string[];
}

const SESSION_HEADERS = new Set(['userid', 'zbapi-token']);
const VOLATILE_BODY_FIELDS = new Set(['password', 'session']);

/** A Cookie header with its names kept and every value masked: `a=<value>; b=<value>`. */
function maskedCookies(header: string): string {
	return header
		.split(';')
		.map((pair) => Cookie.parse(pair, { loose: true }))
		.map((cookie) => (cookie ? `${cookie.key}=<value>` : '<unparsable>'))
		.join('; ');
}

function canonical(request: CapturedRequest, baseUrl: string): { options: string; body: string } {
	const swap = (value: unknown): unknown => {
		// A signed download URL is the server's answer: its expiry and signature change by the second.
		if (typeof value === 'string') return value.split(baseUrl).join('<sim>').replace(/(Expires|Signature)=[^&]*/g, '$1=<signed>');
		if (Array.isArray(value)) return value.map(swap);
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
		return value;
	};
	const options = swap(request.options) as Record<string, unknown>;
	const headers = (options.headers ?? {}) as Record<string, unknown>;
	for (const key of Object.keys(headers)) {
		const lower = key.toLowerCase();
		if (lower === 'cookie') headers[key] = maskedCookies(String(headers[key]));
		else if (SESSION_HEADERS.has(lower)) headers[key] = '<session>';
	}
	let body = bodyText(request).split(baseUrl).join('<sim>');
	if (body.startsWith('{')) {
		try {
			const json = JSON.parse(body) as Record<string, unknown>;
			if (Object.keys(json).some((k) => VOLATILE_BODY_FIELDS.has(k))) {
				for (const key of Object.keys(json)) if (VOLATILE_BODY_FIELDS.has(key) && json[key] !== '') json[key] = '<volatile>';
				body = JSON.stringify(json);
			}
		} catch {
			// not JSON: compared as it is
		}
	}
	return { options: JSON.stringify({ ...options, signal: request.signal }), body };
}

export function compareRequests(node: { baseUrl: string; requests: CapturedRequest[] }, bare: { baseUrl: string; requests: CapturedRequest[] }): Fidelity {
	const differences: string[] = [];
	let identicalBodies = 0;
	if (node.requests.length !== bare.requests.length) {
		differences.push(`the node sent ${node.requests.length} requests, the baseline ${bare.requests.length}`);
	}
	const count = Math.min(node.requests.length, bare.requests.length);
	for (let i = 0; i < count; i++) {
		const a = canonical(node.requests[i], node.baseUrl);
		const b = canonical(bare.requests[i], bare.baseUrl);
		if (a.options !== b.options) differences.push(`request ${i + 1}: options differ\n  node: ${a.options}\n  bare: ${b.options}`);
		if (a.body !== b.body) differences.push(`request ${i + 1}: bodies differ\n  node: ${a.body.slice(0, 400)}\n  bare: ${b.body.slice(0, 400)}`);
		if (bodyText(node.requests[i]) === bodyText(bare.requests[i])) identicalBodies++;
	}
	return { requests: count, identicalBodies, differences };
}
