/**
 * The session-aware request loop both services share. It is the only code that decides when a
 * session is refreshed:
 *
 * 1. Send through `httpRequestWithAuthentication` with the credential data we read ourselves, so
 *    n8n runs the credential's `preAuthentication` when the session field is empty (first use) and
 *    persists the new session in its credential store (shared by every process and worker).
 * 2. Classify the response (the service module knows its envelope). When it says the session
 *    expired (body code, HTTP 401, 302 to the login page, the HTML login page), mark the session
 *    invalid, re-read the credential (another execution may have refreshed it already) and send
 *    once more with the session blanked — n8n then logs in again, persists, and sends.
 *    A second expiry is an error, never a loop.
 * 3. Reads are retried on HTTP 5xx, timeouts and dropped connections with a doubling delay;
 *    writes are not (callers re-check before writing again). Throttling answers are waited out
 *    within a budget.
 *
 * Wrong passwords surface from preAuthentication as ServiceError('auth') and are never retried.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { isBodyStream, readBodyWithin } from './deadline';
import { findServiceError, ServiceError } from './errors';
import { headerOf, httpStatusError, normaliseRequestError, parseBody, unexpectedBodyError, type FullResponse } from './http';
import { redactText, rememberSecrets } from './redact';
import type { SessionBroker } from './sessionBroker';
import { rawResponseOptions, transportSettings, type TransportSettings } from './transportSettings';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type Outcome<T> =
	| { kind: 'ok'; value: T }
	/** `kicked`: the service says another login replaced this session (not a timeout). */
	| { kind: 'expired'; reason: string; kicked?: boolean }
	| { kind: 'throttled'; message: string }
	/**
	 * A refusal that may mean either "session expired" or "business refusal" (the service uses one
	 * status for both). The service's probe decides: a live session makes it `error`, a business
	 * refusal that is never sent again; a dead one makes it an expiry.
	 */
	| { kind: 'suspect'; reason: string; error: Error };

/** How a service shows its login page instead of an answer (its session is gone). */
export interface LoginSigns {
	/** A redirect whose Location matches this (or has none) goes to the login page. */
	location: RegExp;
	/** Whether an HTML body is the login page. */
	page: (html: string) => boolean;
}

/**
 * The HTTP layer both services share: HTTP 401, a redirect to the login page or the login page
 * itself mean the session expired; 429 asks to slow down; any other status from 300 up, and a
 * body that is not a JSON object, is an error. Otherwise the JSON object, for the service's envelope.
 */
export function classifyHttp(
	service: 'Yunke' | 'Zhibang',
	response: FullResponse,
	path: string,
	login: LoginSigns,
): Exclude<Outcome<never>, { kind: 'ok' }> | { kind: 'json'; json: Record<string, unknown> } {
	const status = response.statusCode;
	if (status === 401) return { kind: 'expired', reason: 'HTTP 401' };
	if (status >= 300 && status < 400) {
		const location = headerOf(response, 'location');
		if (!location || login.location.test(location)) return { kind: 'expired', reason: `HTTP ${status}` };
	}
	const parsed = parseBody(response);
	if (status === 429) return { kind: 'throttled', message: `HTTP 429 ${path}` };
	if (status >= 300) throw httpStatusError(service, response, parsed, path);
	if (!parsed.json || Array.isArray(parsed.json)) {
		if (parsed.html && login.page(parsed.text)) return { kind: 'expired', reason: 'login page' };
		throw unexpectedBodyError(service, response, parsed, path);
	}
	return { kind: 'json', json: parsed.json };
}

/** Messages asking the client to slow down ("请勿频繁操作"). */
export const THROTTLE_MESSAGE = /频繁|too many requests|rate limit/i;

/** Messages saying a newer login of the same account replaced the session ("kicked off"). */
export const KICKED_MESSAGE = /其他设备|别处登录|异地登录|被踢|踢下线|kicked|logged in elsewhere/i;

/**
 * How often the credential store is read while waiting for the login that kicked us to show up
 * there. How long to wait is the credential's `kickedWaitSeconds` (TransportSettings.kickedWaitMs,
 * 5 s by default): the kicker is most likely another n8n process (queue-mode worker) with this
 * credential, about to persist its session; logging in ourselves instead would kick it in turn.
 */
const KICKED_POLL_MS = 250;

export interface SessionService<S> {
	service: 'Yunke' | 'Zhibang';
	credentialType: string;
	/** The hidden `expirable` credential field holding the session. */
	sessionField: string;
	broker: SessionBroker<S>;
	brokerKey(credentials: ICredentialDataDecryptedObject): string;
	/** False when the stored session belongs to other settings (account, password or company changed). */
	sessionMatches(credentials: ICredentialDataDecryptedObject): boolean;
	/**
	 * A harmless read every server of this service answers when the session is alive. Sent with
	 * the same session after a `suspect` answer: ok = the session is alive (the answer was a
	 * business refusal), anything else = it expired.
	 */
	probe?: SessionRequest<unknown>;
}

/** Probes sent per node execution context (see SessionService.probe). */
const probeCounts = new WeakMap<object, number>();

/** How many session probes this node execution sent to tell a business refusal from an expiry. */
export function sessionProbes(ctx: RequestContext): number {
	return probeCounts.get(ctx) ?? 0;
}

/** Whether the session in `data` is alive, asked with the service's probe (no probe: assume not). */
async function sessionAlive<S>(
	ctx: RequestContext,
	service: SessionService<S>,
	data: ICredentialDataDecryptedObject,
	settings: TransportSettings,
): Promise<boolean> {
	const probe = service.probe;
	if (!probe || !String(data[service.sessionField] ?? '')) return false;
	probeCounts.set(ctx, sessionProbes(ctx) + 1);
	let outcome: Outcome<unknown>;
	try {
		outcome = probe.classify(await send(ctx, service, probe, { ...data }, settings));
	} catch (error) {
		// The server processed the probe as a logged-in request and refused it (e.g. no permission
		// for the list): the session is alive. A transport failure tells nothing: not alive.
		return findServiceError(error)?.kind === 'business';
	}
	return outcome.kind === 'ok' || outcome.kind === 'throttled';
}

export interface SessionRequest<T> {
	/** For messages and logs, e.g. `/pc/callLog/list`. */
	path: string;
	/** Built per attempt: n8n mutates the options while authenticating. */
	options: () => IHttpRequestOptions;
	/** Turns a response into a value, an expiry or a throttle; throws ServiceError otherwise. */
	classify: (response: FullResponse) => Outcome<T>;
	/** Safe to send again after a transport failure (reads). */
	idempotent: boolean;
}

async function send<S>(
	ctx: RequestContext,
	service: SessionService<S>,
	request: SessionRequest<unknown>,
	data: ICredentialDataDecryptedObject,
	settings: TransportSettings,
): Promise<FullResponse> {
	const reference = ctx.getNode().credentials?.[service.credentialType];
	const options: IHttpRequestOptions = {
		...request.options(),
		...rawResponseOptions(settings),
		// Read as a stream, so the total deadline holds however slowly the body arrives.
		encoding: 'stream',
	};
	const deadlineAt = Date.now() + settings.deadlineMs;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, service.credentialType, options, {
			credentialsDecrypted: {
				id: reference?.id ?? '',
				name: reference?.name ?? service.credentialType,
				type: service.credentialType,
				data,
			},
		})) as FullResponse;
		if (isBodyStream(response.body)) {
			response.body = await readBodyWithin(response.body, {
				service: service.service,
				what: request.path,
				deadlineAt,
				deadlineMs: settings.deadlineMs,
			});
		}
		return response;
	} catch (error) {
		throw normaliseRequestError(service.service, error, request.path);
	} finally {
		// n8n assigns a fresh login into `data`: whatever session was sent is hidden from the output later.
		rememberSecrets(ctx, data);
	}
}

/** Session refreshes per node execution context (one context serves all items of a run). */
const refreshCounts = new WeakMap<object, number>();

/** How often this node execution had to log in again because the service said the session expired. */
export function sessionRefreshes(ctx: RequestContext): number {
	return refreshCounts.get(ctx) ?? 0;
}

/** A stored session that is none of `stale` and belongs to the current settings, if any. */
function freshSession<S>(service: SessionService<S>, credentials: ICredentialDataDecryptedObject, stale: string[]): boolean {
	const session = String(credentials[service.sessionField] ?? '');
	return session !== '' && !stale.includes(session) && service.sessionMatches(credentials);
}

/** Kicked-session waits in flight, by credential settings and stale sessions: one poll serves them all. */
const kickerWaits = new Map<string, Promise<ICredentialDataDecryptedObject | undefined>>();

/**
 * After being kicked: wait at most `settings.kickedWaitMs` for the kicker's session to be stored,
 * then use it. The store is read every 250 ms, the last wait cut to what is left (a 0.6 s wait reads
 * at 0.25, 0.5 and 0.6 s); 0 does not wait at all.
 */
async function awaitKickerSession<S>(
	ctx: RequestContext,
	service: SessionService<S>,
	settings: TransportSettings,
	credentials: ICredentialDataDecryptedObject,
	stale: string[],
): Promise<ICredentialDataDecryptedObject | undefined> {
	const limit = settings.kickedWaitMs;
	if (!(limit > 0)) return undefined;
	const key = `${service.credentialType}|${service.brokerKey(credentials)}|${limit}|${stale.join('|')}`;
	let wait = kickerWaits.get(key);
	if (!wait) {
		wait = (async () => {
			for (let waited = 0; waited < limit; ) {
				const step = Math.min(KICKED_POLL_MS, limit - waited);
				await sleep(step);
				waited += step;
				const latest = { ...(await ctx.getCredentials(service.credentialType)) };
				if (freshSession(service, latest, stale)) return latest;
			}
			return undefined;
		})().finally(() => kickerWaits.delete(key));
		kickerWaits.set(key, wait);
	}
	const found = await wait;
	return found ? { ...found } : undefined;
}

async function sendOnce<S, T>(
	ctx: RequestContext,
	service: SessionService<S>,
	request: SessionRequest<T>,
	settings: TransportSettings,
	credentials: ICredentialDataDecryptedObject,
): Promise<T> {
	const field = service.sessionField;
	const data = { ...credentials };
	if (data[field] && !service.sessionMatches(data)) data[field] = '';

	let outcome = request.classify(await send(ctx, service, request, data, settings));
	if (outcome.kind === 'suspect') {
		// One status for "session expired" and "refused": a read with the same session tells which.
		// A refusal costs no login and is never sent again.
		if (await sessionAlive(ctx, service, data, settings)) throw outcome.error;
		outcome = { kind: 'expired', reason: outcome.reason };
	}
	if (outcome.kind === 'expired') {
		// `data` now holds the session that was actually sent (n8n assigns a fresh login into it).
		const used = String(data[field] ?? '');
		service.broker.invalidate(service.brokerKey(data), used);
		refreshCounts.set(ctx, sessionRefreshes(ctx) + 1);
		ctx.logger.debug(redactText(`${service.service} session expired (${outcome.reason}) on ${request.path}; logging in again once`));
		let latest = { ...(await ctx.getCredentials(service.credentialType)) };
		if (outcome.kicked && !freshSession(service, latest, [used]) && !service.broker.hasRecent(service.brokerKey(data), [used])) {
			latest = (await awaitKickerSession(ctx, service, settings, data, [used])) ?? latest;
		}
		// Blanked, n8n runs preAuthentication: the broker hands out (and n8n stores) this process's
		// own login of moments ago if there is one (it is what kicked the stored session), else logs in.
		if (!freshSession(service, latest, [used])) latest[field] = '';
		outcome = request.classify(await send(ctx, service, request, latest, settings));
		// The same status right after logging in again: the service refuses the request itself.
		if (outcome.kind === 'suspect') throw outcome.error;
		if (outcome.kind === 'expired') {
			// Another process may have logged in at the same moment and replaced our fresh session
			// (services that keep one session per account or device): use its session once.
			const refreshed = String(latest[field] ?? '');
			service.broker.invalidate(service.brokerKey(latest), refreshed);
			let newest: ICredentialDataDecryptedObject | undefined = { ...(await ctx.getCredentials(service.credentialType)) };
			if (!freshSession(service, newest, [used, refreshed])) {
				newest = outcome.kicked ? await awaitKickerSession(ctx, service, settings, latest, [used, refreshed]) : undefined;
			}
			if (newest) outcome = request.classify(await send(ctx, service, request, newest, settings));
			if (outcome.kind === 'suspect') throw outcome.error;
		}
		if (outcome.kind === 'expired') {
			throw new ServiceError(
				`${service.service} 会话在重新登录后立即再次失效（${outcome.reason}），已停止重试 / The ${service.service} session expired again right after logging in again (${outcome.reason}); not retrying`,
				{
					service: service.service,
					kind: 'session',
					serviceCode: 'session-expired',
					description:
						'Another login with the same account may be replacing this session (single-session accounts), or the service clock/session settings are unusual (同一账号可能在别处登录（单会话账号），请为集成使用专用账号)',
				},
			);
		}
	}
	if (outcome.kind === 'throttled') {
		throw new ServiceError(outcome.message, { service: service.service, kind: 'throttle', serviceCode: 'throttled' });
	}
	return outcome.value;
}

/**
 * Run `attempt` with the retry policy: throttling answers are waited out within the budget,
 * transport failures of idempotent requests are retried with a doubling delay.
 */
export async function withRetries<T>(
	ctx: RequestContext,
	service: 'Yunke' | 'Zhibang',
	path: string,
	idempotent: boolean,
	settings: TransportSettings,
	attempt: () => Promise<T>,
): Promise<T> {
	let retries = 0;
	let throttleWaited = 0;
	let throttleDelay = Math.max(250, settings.retryDelayMs * 4);
	for (;;) {
		let error: unknown;
		try {
			return await attempt();
		} catch (caught) {
			error = caught;
		}
		const failure = findServiceError(error);
		if (failure?.kind === 'throttle') {
			if (throttleWaited + throttleDelay > settings.throttleBudgetMs) {
				throw new ServiceError(
					`${service} 持续限流（${failure.message}），等待 ${Math.round(throttleWaited / 1000)} 秒后仍未恢复 / ${service} kept throttling (${failure.message}) after waiting ${Math.round(throttleWaited / 1000)} s`,
					{ service, kind: 'throttle', serviceCode: 'throttled' },
				);
			}
			ctx.logger.debug(redactText(`${service} throttled on ${path}; waiting ${throttleDelay} ms`));
			await sleep(throttleDelay);
			throttleWaited += throttleDelay;
			throttleDelay *= 2;
			continue;
		}
		if (failure?.transient && idempotent && retries < settings.readRetries) {
			const delay = settings.retryDelayMs * 2 ** retries;
			retries++;
			ctx.logger.debug(
				redactText(`${service} ${path} failed (${failure.serviceCode ?? failure.kind}); retry ${retries}/${settings.readRetries} in ${delay} ms`),
			);
			if (delay > 0) await sleep(delay);
			continue;
		}
		throw error;
	}
}

/** Send one logical request with session refresh, read retries and throttle waits. */
export async function sessionRequest<S, T>(
	ctx: RequestContext,
	service: SessionService<S>,
	request: SessionRequest<T>,
): Promise<T> {
	// The first attempt uses the credentials read here; a retry reads them again, since another
	// execution may have refreshed the session meanwhile.
	let credentials: ICredentialDataDecryptedObject | undefined = await ctx.getCredentials<ICredentialDataDecryptedObject>(service.credentialType);
	const settings = transportSettings(credentials);
	return await withRetries(ctx, service.service, request.path, request.idempotent, settings, async () => {
		const current = credentials ?? (await ctx.getCredentials<ICredentialDataDecryptedObject>(service.credentialType));
		credentials = undefined;
		return await sendOnce(ctx, service, request, settings, current);
	});
}
