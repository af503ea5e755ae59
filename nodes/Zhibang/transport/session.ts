/** What a Zhibang session is, and how this process shares logins (see shared/sessionBroker). */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialSessionBroker, settingsFingerprint } from '../../shared/sessionBroker';

export interface ZhibangSession {
	/** `header.session` of the login response (the expirable field). */
	sessionToken: string;
	sessionFingerprint: string;
	[key: string]: string;
}

export const ZHIBANG_SESSION_FIELD = 'sessionToken';

export function zhibangBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	let text = String(credentials.baseUrl ?? '').trim();
	if (text && !/^https?:\/\//i.test(text)) text = `http://${text}`;
	return text.replace(/\/+$/, '');
}

/** The device serial sent at login: the credential's, or a stable one derived from the account. */
export function zhibangSerial(credentials: ICredentialDataDecryptedObject): string {
	const given = String(credentials.serialNumber ?? '').trim();
	if (given) return given;
	return `N8N${createHash('sha256').update(`${zhibangBaseUrl(credentials)}|${String(credentials.username ?? '')}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** Changes when server, account, password or serial change, so an old token is not reused. */
export function zhibangFingerprint(credentials: ICredentialDataDecryptedObject): string {
	return settingsFingerprint([
		zhibangBaseUrl(credentials),
		String(credentials.username ?? '').trim(),
		String(credentials.password ?? ''),
		zhibangSerial(credentials),
	]);
}

export function zhibangBrokerKey(credentials: ICredentialDataDecryptedObject): string {
	return `zhibang:${zhibangFingerprint(credentials)}`;
}

export const zhibangSessions = credentialSessionBroker<ZhibangSession>();
