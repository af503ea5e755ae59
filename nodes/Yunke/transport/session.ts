/** What a Yunke session is, and how this process shares logins (see shared/sessionBroker). */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialSessionBroker, settingsFingerprint } from '../../shared/sessionBroker';
import { normalizeDomain } from './constants';

/** The credential fields preAuthentication fills in (hidden fields of the YunkeApi credential). */
export interface YunkeSession {
	/** The Cookie header of the session, `user=…; userToken=…`, from the pcLogin response (the expirable field). */
	sessionToken: string;
	/** `data.id` of pcLogin, sent as the `userid` header. */
	sessionUserId: string;
	/** The company's domain (scheme included): login and every later call go there. */
	sessionDomain: string;
	sessionCompanyCode: string;
	/** Which account settings the session belongs to (see `yunkeFingerprint`). */
	sessionFingerprint: string;
	[key: string]: string;
}

export const YUNKE_SESSION_FIELD = 'sessionToken';

/** Changes when phone, password, company code or domain change, so an old session is not reused. */
export function yunkeFingerprint(credentials: ICredentialDataDecryptedObject): string {
	return settingsFingerprint([
		String(credentials.phone ?? '').trim(),
		String(credentials.password ?? ''),
		String(credentials.companyCode ?? '').trim(),
		normalizeDomain(credentials.domain),
	]);
}

export function yunkeBrokerKey(credentials: ICredentialDataDecryptedObject): string {
	return `yunke:${yunkeFingerprint(credentials)}`;
}

export const yunkeSessions = credentialSessionBroker<YunkeSession>();
