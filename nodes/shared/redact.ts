/**
 * The one redaction layer for everything that leaves a node: output items, errors (message,
 * description, cause, context), continueOnFail items and log lines. It hides secrets
 *
 * - by name: session, token, password, cookie, ciphertext … fields (see `isSecretKey`), in objects
 *   and inside texts (`"session":"…"`, `userToken=…`);
 * - by value: the current credential's own secrets (password, session token, session cookie and
 *   each cookie value), wherever they appear, also URL-encoded;
 *
 * and masks mobile numbers in error texts and logs (output items keep the business data they carry).
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { hideSecretsInText, isSecretKey, maskText, REDACTED } from './mask';

/** What the Custom API Call shows in place of the session token of a Zhibang answer. */
export const SESSION_MARKER = '[会话已隐藏 / session hidden]';

/** Credential fields that hold secrets, whatever the service. */
const SECRET_FIELDS = ['password', 'sessionToken', 'sessionCookie', 'sessionId', 'token', 'secret'];

/** Values shorter than this are not searched for by value (too likely to be ordinary text). */
const MIN_SECRET_LENGTH = 6;

/** The secret values of a credential: its password and session, and each value of a cookie string. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	if (!credentials) return [];
	const out = new Set<string>();
	for (const field of SECRET_FIELDS) {
		const value = credentials[field];
		if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
		out.add(value);
		// A cookie string `user=…; userToken=…`: every value on its own (the service echoes them singly).
		for (const pair of value.split(';')) {
			const eq = pair.indexOf('=');
			if (eq > 0) {
				const cookie = pair.slice(eq + 1).trim();
				if (cookie.length >= MIN_SECRET_LENGTH) out.add(cookie);
			}
		}
	}
	return [...out];
}

/** Secrets seen while serving a node execution (sessions refreshed mid-run included), by context. */
const seenSecrets = new WeakMap<object, Set<string>>();

/** Remember the secrets of credential data the transport used for `ctx`, so they are hidden later. */
export function rememberSecrets(ctx: object, credentials: ICredentialDataDecryptedObject | undefined): void {
	const values = credentialSecrets(credentials);
	if (!values.length) return;
	let set = seenSecrets.get(ctx);
	if (!set) seenSecrets.set(ctx, (set = new Set()));
	for (const value of values) set.add(value);
}

/** Every secret known for `ctx`: remembered ones and those of the credentials it can read now. */
export async function secretsOf(ctx: {
	getNode(): { credentials?: Record<string, unknown> };
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}): Promise<string[]> {
	const out = new Set(seenSecrets.get(ctx) ?? []);
	for (const type of Object.keys(ctx.getNode().credentials ?? {})) {
		try {
			for (const value of credentialSecrets(await ctx.getCredentials(type))) out.add(value);
		} catch {
			// No readable credential of that type: nothing of it to hide.
		}
	}
	// Longest first, so a cookie string goes before the values inside it.
	return [...out].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms of the secrets to look for in texts (each long enough, also URL-encoded), per secrets list. */
const formsCache = new WeakMap<readonly string[], Array<{ form: string; pattern: RegExp }>>();

function formsOf(secrets: readonly string[]): Array<{ form: string; pattern: RegExp }> {
	let forms = formsCache.get(secrets);
	if (!forms) {
		const all = new Set<string>();
		for (const secret of secrets) {
			if (secret.length < MIN_SECRET_LENGTH) continue;
			all.add(secret);
			all.add(encodeURIComponent(secret));
		}
		forms = [...all].map((form) => ({ form, pattern: new RegExp(escapeRegExp(form), 'g') }));
		formsCache.set(secrets, forms);
	}
	return forms;
}

/** Replace every known secret value (also URL-encoded) inside a text; the same string when none is in it. */
export function hideValues(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const { form, pattern } of formsOf(secrets)) {
		if (out.includes(form)) out = out.replace(pattern, REDACTED);
	}
	return out;
}

/** A text for an error message, description or log line: secrets hidden, mobiles masked. */
export function redactText(text: string, secrets: readonly string[] = []): string {
	return maskText(hideSecretsInText(hideValues(text, secrets)));
}

/**
 * A JSON value with secrets hidden: fields named like a secret are replaced (`session` by
 * SESSION_MARKER), and known secret values inside any string. Mobiles are left alone (business data).
 */
export function redactData<T>(value: T, secrets: readonly string[] = [], depth = 0): T {
	if (depth > 32) return value;
	if (typeof value === 'string') return hideValues(value, secrets) as T;
	if (value === null || typeof value !== 'object') return value;
	if (Buffer.isBuffer(value) || value instanceof Date) return value;
	// Copy on write: a value with nothing to hide is returned as it is (20,000 clean rows cost no copies).
	if (Array.isArray(value)) {
		let copy: unknown[] | undefined;
		value.forEach((entry, index) => {
			const redacted = redactData(entry, secrets, depth + 1);
			if (redacted !== entry) (copy ??= [...value])[index] = redacted;
		});
		return (copy ?? value) as T;
	}
	let out: Record<string, unknown> | undefined;
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		let redacted: unknown;
		if (isSecretKey(key) && entry !== null && entry !== undefined && entry !== '' && typeof entry !== 'object' && typeof entry !== 'boolean') {
			redacted = /^session$/i.test(key) ? SESSION_MARKER : REDACTED;
		} else {
			redacted = redactData(entry, secrets, depth + 1);
		}
		if (redacted !== entry) (out ??= { ...(value as Record<string, unknown>) })[key] = redacted;
	}
	return (out ?? value) as T;
}

/** Output items with their JSON redacted (binary data is the file itself and stays). */
export function redactItems(items: INodeExecutionData[], secrets: readonly string[]): INodeExecutionData[] {
	return items.map((item) => {
		const json = redactData(item.json, secrets);
		return json === item.json ? item : { ...item, json };
	});
}

/** Deep redaction of an error's details for the execution record (texts also masked). */
function redactDetails(value: unknown, secrets: readonly string[], seen: Set<unknown>, depth: number): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (value === null || typeof value !== 'object' || depth > 8) return value;
	if (seen.has(value)) return undefined;
	seen.add(value);
	if (Buffer.isBuffer(value)) return '[binary]';
	if (Array.isArray(value)) return value.map((entry) => redactDetails(entry, secrets, seen, depth + 1));
	const out: Record<string, unknown> = {};
	const source = value as Record<string, unknown>;
	const keys = new Set([...Object.keys(source), ...(value instanceof Error ? ['message', 'name', 'description', 'cause'] : [])]);
	for (const key of keys) {
		const entry = source[key];
		if (typeof entry === 'function') continue;
		out[key] = isSecretKey(key) && typeof entry !== 'object' && entry !== undefined && entry !== '' ? REDACTED : redactDetails(entry, secrets, seen, depth + 1);
	}
	return out;
}

/**
 * Redact an error in place before n8n sees it: message, description, stack, context, cause and any
 * other field (n8n saves them with the execution). The cause becomes a plain, redacted copy: the
 * original may be an HTTP client error holding the request with its session header and body.
 */
export function redactError<E>(error: E, secrets: readonly string[]): E {
	if (!error || typeof error !== 'object') return error;
	const target = error as unknown as Record<string, unknown>;
	for (const key of ['message', 'description', 'stack']) {
		if (typeof target[key] === 'string') target[key] = redactText(target[key] as string, secrets);
	}
	if (Array.isArray(target.messages)) target.messages = target.messages.map((m) => (typeof m === 'string' ? redactText(m, secrets) : m));
	// `cause` is not enumerable when given to the Error constructor.
	for (const key of new Set([...Object.keys(target), 'cause'])) {
		if (['message', 'description', 'stack', 'messages', 'node'].includes(key)) continue;
		const entry = target[key];
		if (entry === undefined || entry === null) continue;
		target[key] = redactDetails(entry, secrets, new Set([error]), 0);
	}
	return error;
}
