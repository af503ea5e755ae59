/**
 * Per-process coordination of logins. n8n has no lock around a credential's preAuthentication,
 * so without this N concurrent executions that find an empty or expired session perform N logins.
 *
 * - Concurrent callers with the same key share one in-flight login (single flight).
 * - A login that just finished is handed to callers that still saw an empty session (they read the
 *   credential before the result was persisted), unless it has been invalidated since.
 * - A session the service refused is invalidated, so the next caller logs in again.
 * - A login refused for the password or the account (locked, disabled, captcha) is remembered:
 *   the same credential settings are not tried again by this process, so neither several items
 *   nor later executions walk an account into the service's lockout. Changing the credential
 *   (another key) or restarting n8n tries again.
 *
 * Nothing here is needed for correctness across processes: the session itself lives in n8n's
 * credential store; this only saves logins inside one process.
 */
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
	private readonly refused = new Map<string, unknown>();
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
		if (this.refused.has(key)) throw this.refused.get(key);
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
				if (this.options.isRefusal(error)) this.refused.set(key, error);
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
