/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * n8n's own HTTP stack for the baselines, and a recorder of what goes through it.
 *
 * Every request a node makes — `helpers.httpRequest` (the credentials' logins) and
 * `helpers.httpRequestWithAuthentication` (after preAuthentication and authenticate()) — ends in
 * `Container.get(OutboundHttp).requests().request(options)` of n8n-core's own copy of
 * `@n8n/backend-network` (axios underneath). The baselines call that same function, so the bare
 * loops differ from the node only by what the node does around the requests.
 *
 * `captureRequests()` records the options exactly as they reach that function (body, headers,
 * cookies, timeouts, flags), so a baseline can replay what the node sent instead of re-typing it.
 */
import { Container } from '@n8n/di';
import { createRequire } from 'node:module';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

interface HttpClient {
	request(options: IHttpRequestOptions): Promise<unknown>;
}

interface OutboundHttpService {
	requests(options?: unknown): HttpClient;
}

let outboundHttpClass: (new (...args: never[]) => OutboundHttpService) | undefined;

function outboundHttp(): OutboundHttpService {
	// n8n-core has its own copy of @n8n/backend-network: take the class it registers in the container
	// (resolved once; the container lookup is per request, as in n8n-core).
	if (!outboundHttpClass) {
		const fromCore = createRequire(require.resolve('n8n-core'));
		outboundHttpClass = (fromCore('@n8n/backend-network') as { OutboundHttp: typeof outboundHttpClass }).OutboundHttp;
	}
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a DI class: Container.get wants a constructor of any arguments
	return Container.get(outboundHttpClass as new (...args: any[]) => OutboundHttpService);
}

/** What n8n-core's `helpers.httpRequest` does (minus the eval-mock and tracing hooks, off here). */
export async function n8nHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	return await outboundHttp().requests().request(options);
}

/** One request as it reached n8n's HTTP client, JSON-safe (it crosses process boundaries). */
export interface CapturedRequest {
	/** Every option but the body and the abort signal. */
	options: IDataObject;
	body?: { text: string } | { json: unknown } | { base64: string };
	/** The node's requests carry the execution's cancel signal; a replay passes one too. */
	signal: boolean;
}

function snapshot(options: IHttpRequestOptions): CapturedRequest {
	const { body, abortSignal, ...rest } = options;
	const captured: CapturedRequest = { options: JSON.parse(JSON.stringify(rest)) as IDataObject, signal: abortSignal !== undefined };
	if (Buffer.isBuffer(body)) captured.body = { base64: body.toString('base64') };
	else if (typeof body === 'string') captured.body = { text: body };
	else if (body !== undefined) captured.body = { json: JSON.parse(JSON.stringify(body)) };
	return captured;
}

/** The options to send a captured request again (with a fresh abort signal when the node had one). */
export function replayOptions(request: CapturedRequest): IHttpRequestOptions {
	const options = structuredClone(request.options) as unknown as IHttpRequestOptions;
	if (request.body && 'text' in request.body) options.body = request.body.text;
	else if (request.body && 'json' in request.body) options.body = structuredClone(request.body.json) as IDataObject;
	else if (request.body && 'base64' in request.body) options.body = Buffer.from(request.body.base64, 'base64');
	if (request.signal) options.abortSignal = new AbortController().signal;
	return options;
}

/** The body of a captured request as the bytes that went out (JSON bodies as axios serialises them). */
export function bodyText(request: CapturedRequest): string {
	if (!request.body) return '';
	if ('text' in request.body) return request.body.text;
	if ('base64' in request.body) return Buffer.from(request.body.base64, 'base64').toString('utf8');
	return JSON.stringify(request.body.json);
}

/** Record every request sent through n8n's HTTP client until `stop()`. */
export function captureRequests(): { requests: CapturedRequest[]; stop(): void } {
	const service = outboundHttp() as OutboundHttpService & { requests: OutboundHttpService['requests'] };
	const original = service.requests;
	const requests: CapturedRequest[] = [];
	service.requests = function (this: OutboundHttpService, clientOptions?: unknown) {
		const client = original.call(this, clientOptions);
		return {
			...client,
			request: async (options: IHttpRequestOptions) => {
				requests.push(snapshot(options));
				return await client.request(options);
			},
		};
	};
	return {
		requests,
		stop: () => {
			delete (service as Partial<OutboundHttpService>).requests;
		},
	};
}
