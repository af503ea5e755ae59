/**
 * What both services' sessions have in common: the hidden credential fields, the login each
 * credential's preAuthentication runs through this process's broker, and the login requests, which
 * go through n8n's plain `httpRequest` helper (preAuthentication gets no other). Each service
 * supplies only its login and the credential settings a session belongs to.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { httpStatusError, normaliseRequestError, parseBody, unexpectedBodyError, type FullResponse } from './http';
import { credentialSessionBroker, settingsFingerprint } from './sessionBroker';
import type { SessionRequest, SessionService } from './transport';
import { rawResponseOptions, type TransportSettings } from './transportSettings';

/** n8n's plain request helper, as preAuthentication gets it. */
export type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** The hidden credential fields a login fills in. */
export interface StoredSession {
	/** The session itself (the credential's `expirable` field). */
	sessionToken: string;
	/** Which credential settings the session belongs to (see `settings`). */
	sessionFingerprint: string;
	[key: string]: string;
}

/**
 * The hidden credential fields of a session: `sessionToken` (expirable, so n8n runs the
 * credential's preAuthentication when it is empty), the service's `extra` fields, and `sessionFingerprint`.
 */
export function sessionCredentialProperties(extra: Array<{ displayName: string; name: string }> = []): INodeProperties[] {
	return [
		{ displayName: 'Session Token', name: 'sessionToken', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
		...[...extra, { displayName: 'Session Fingerprint', name: 'sessionFingerprint' }].map(
			(field): INodeProperties => ({ ...field, type: 'hidden', default: '' }),
		),
	];
}

export interface SessionServiceDefinition<S extends StoredSession> {
	service: 'Yunke' | 'Zhibang';
	credentialType: string;
	/** The credential settings a session belongs to: when one changes, the stored session is not used again. */
	settings(credentials: ICredentialDataDecryptedObject): string[];
	/** Log in; the session's fields but its fingerprint. */
	login(http: HttpRequest, credentials: ICredentialDataDecryptedObject): Promise<Omit<S, 'sessionFingerprint'>>;
	/** See SessionService.probe. */
	probe?: SessionRequest<unknown>;
}

export interface CredentialSessionService<S extends StoredSession> extends SessionService<S> {
	fingerprint(credentials: ICredentialDataDecryptedObject): string;
	/** The credential's preAuthentication: a session for these settings, logged in once however many ask at a time. */
	preAuthenticate(http: HttpRequest, credentials: ICredentialDataDecryptedObject): Promise<S>;
}

/** A service whose session lives in the credential field `sessionToken`, shared in this process by one broker. */
export function sessionService<S extends StoredSession>(definition: SessionServiceDefinition<S>): CredentialSessionService<S> {
	const fingerprint = (credentials: ICredentialDataDecryptedObject) => settingsFingerprint(definition.settings(credentials));
	const brokerKey = (credentials: ICredentialDataDecryptedObject) => `${definition.service.toLowerCase()}:${fingerprint(credentials)}`;
	const broker = credentialSessionBroker<S>();
	return {
		service: definition.service,
		credentialType: definition.credentialType,
		sessionField: 'sessionToken',
		broker,
		brokerKey,
		fingerprint,
		sessionMatches: (credentials) => credentials.sessionFingerprint === fingerprint(credentials),
		probe: definition.probe,
		preAuthenticate: async (http, credentials) =>
			await broker.acquire(brokerKey(credentials), String(credentials.sessionToken ?? ''), async () => {
				const session = await definition.login(http, credentials);
				return { ...session, sessionFingerprint: fingerprint(credentials) } as S;
			}),
	};
}

/** One request of a login; a transport failure becomes the service's ServiceError. */
export async function loginRequest(
	http: HttpRequest,
	service: 'Yunke' | 'Zhibang',
	settings: TransportSettings,
	path: string,
	options: IHttpRequestOptions,
): Promise<FullResponse> {
	try {
		return (await http({ ...options, ...rawResponseOptions(settings) })) as FullResponse;
	} catch (error) {
		throw normaliseRequestError(service, error, path);
	}
}

/** The JSON object a login request answered; an HTTP error status or any other body is an error. */
export function loginAnswer(service: 'Yunke' | 'Zhibang', response: FullResponse, path: string): Record<string, unknown> {
	const parsed = parseBody(response);
	if (response.statusCode >= 400) throw httpStatusError(service, response, parsed, path);
	if (!parsed.json || Array.isArray(parsed.json)) throw unexpectedBodyError(service, response, parsed, path);
	return parsed.json;
}
