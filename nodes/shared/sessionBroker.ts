/**
 * Per-process coordination of logins. n8n has no lock around a credential's preAuthentication,
 * so without this N concurrent executions that find an empty or expired session perform N logins.
 *
 * - Concurrent callers with the same key share one in-flight login (single flight).
 * - A login that just finished is handed to callers that still saw an empty session (they read the
 *   credential before the result was persisted), unless it has been invalidated since.
 * - A session the service refused is invalidated, so the next caller logs in again.
 * - A login refused for the password or the account (locked, disabled, captcha) is remembered for
 *   REFUSAL_MEMORY_MS: the same credential settings are not tried again by this process meanwhile,
 *   so neither several items nor later executions walk an account into the service's lockout.
 *   Changing the credential (another key) tries again at once; an account unlocked by its
 *   administrator is tried again when the memory runs out.
 *
 * Nothing here is needed for correctness across processes: the session itself lives in n8n's
 * credential store; this only saves logins inside one process.
 */
import { createHash } from 'node:crypto';

import { findServiceError } from './errors';

/** How long a refused login is not tried again with the same settings (also named in the messages). */
export const REFUSAL_MEMORY_MS = 15 * 60 * 1000;

/** Said with every refused login, so the user knows when it is tried again. */
const REFUSAL_MINUTES = REFUSAL_MEMORY_MS / 60_000;
export const REFUSAL_NOTE = `n8n 在 ${REFUSAL_MINUTES} 分钟内不会用相同的凭证设置再次登录；修改凭证后会立即重试 / n8n will not try this login again with the same credential settings for ${REFUSAL_MINUTES} minutes; editing the credential tries again at once`;

export interface BrokerOptions {
	/** How long a finished login may be handed out to callers that saw an empty session (ms). */
	reuseWindowMs: number;
	/** Whether a failed login must not be attempted again with the same key. */
	isRefusal: (error: unknown) => boolean;
	now?: () => number;
}

interface Recent<T> {
	value: T;
	session: string;
	at: number;
}

export class SessionBroker<T> {
	private readonly inflight = new Map<string, Promise<T>>();
	private readonly recent = new Map<string, Recent<T>>();
	private readonly refused = new Map<string, { error: unknown; at: number }>();
	private readonly now: () => number;

	constructor(
		private readonly sessionOf: (value: T) => string,
		private readonly options: BrokerOptions,
	) {
		this.now = options.now ?? (() => Date.now());
	}

	/**
	 * Return a session for `key`. `current` is the session the caller holds (empty when none):
	 * a recent login is reused only when it differs from it.
	 */
	async acquire(key: string, current: string, login: () => Promise<T>): Promise<T> {
		const refusal = this.refused.get(key);
		if (refusal) {
			if (this.now() - refusal.at < REFUSAL_MEMORY_MS) throw refusal.error;
			this.refused.delete(key);
		}
		const running = this.inflight.get(key);
		if (running) return await running;

		const recent = this.recent.get(key);
		if (recent && recent.session !== current && this.now() - recent.at < this.options.reuseWindowMs) {
			return recent.value;
		}

		const attempt = login().then(
			(value) => {
				this.recent.set(key, { value, session: this.sessionOf(value), at: this.now() });
				return value;
			},
			(error: unknown) => {
				if (this.options.isRefusal(error)) this.refused.set(key, { error, at: this.now() });
				throw error;
			},
		);
		this.inflight.set(key, attempt);
		try {
			return await attempt;
		} finally {
			this.inflight.delete(key);
		}
	}

	/** Whether this process logged in for `key` moments ago with a session that is none of `stale`. */
	hasRecent(key: string, stale: string[]): boolean {
		const recent = this.recent.get(key);
		return recent !== undefined && !stale.includes(recent.session) && this.now() - recent.at < this.options.reuseWindowMs;
	}

	/** The service refused `session`: never hand it out again. */
	invalidate(key: string, session: string): void {
		const recent = this.recent.get(key);
		if (recent && recent.session === session) this.recent.delete(key);
	}

	/** Forget everything (tests simulate a fresh process with it). */
	clear(): void {
		this.inflight.clear();
		this.recent.clear();
		this.refused.clear();
	}
}

/** A hash of the credential settings a session belongs to: it changes when any of them changes. */
export function settingsFingerprint(settings: string[]): string {
	return createHash('sha256').update(settings.join('\u0000')).digest('hex').slice(0, 24);
}

/**
 * The broker of a service whose sessions live in the credential field `sessionToken`: a login
 * finished in the last 10 s is handed out, and a refusal of the password or account (ServiceError
 * 'auth') is remembered.
 */
export function credentialSessionBroker<T extends { sessionToken: string }>(): SessionBroker<T> {
	return new SessionBroker<T>((session) => session.sessionToken, {
		reuseWindowMs: 10_000,
		isRefusal: (error) => findServiceError(error)?.kind === 'auth',
	});
}
