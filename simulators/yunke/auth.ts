/**
 * Login state of the Yunke simulator: RSA keys bound to the key cookie, wrong-password counting
 * and lockout, and the `user` + `userToken` cookie sessions. No HTTP here.
 */
import crypto from 'node:crypto';
import { decryptPassword, type SecureKey } from './rsa';
import { findAccount, type DemoAccount, type YunkeKnobs } from './types';

export interface Session {
	user: string;
	userToken: string;
	/** The `token` of the pcLogin body (never needed afterwards). */
	token: string;
	userId: string;
	companyCode: string;
	phone: string;
	/** Base URL of the listener that issued the session; it only works there. */
	origin: string;
	createdAt: number;
}

export type PasswordCheck =
	| { kind: 'ok'; account: DemoAccount }
	| { kind: 'wrong' | 'locked' | 'disabled' | 'nokey' };

/** Most key-cookie slots kept; the oldest are dropped first. */
const MAX_KEY_SLOTS = 10_000;

export class YunkeAuth {
	/** key-cookie value → latest key fetched with it (undefined until getSecureKey). */
	private readonly keySlots = new Map<string, SecureKey | undefined>();
	/** account phone → latest key fetched for it (used when requireKeyCookie is off). */
	private readonly keysByAccount = new Map<string, SecureKey>();
	private readonly failures = new Map<string, number>();
	private readonly lockedUntil = new Map<string, number>();
	readonly sessions = new Map<string, Session>();

	constructor(
		private readonly knobs: () => YunkeKnobs,
		private readonly now: () => number,
		private readonly bump: (counter: string) => void,
	) {}

	// ---- key cookie and keys ----

	/** Whether this key-cookie value was issued by the simulator. */
	hasKeySlot(value: string | undefined): boolean {
		return value !== undefined && this.keySlots.has(value);
	}

	newKeySlot(): string {
		const value = crypto.randomBytes(16).toString('hex');
		this.keySlots.set(value, undefined);
		while (this.keySlots.size > MAX_KEY_SLOTS) this.keySlots.delete(this.keySlots.keys().next().value as string);
		return value;
	}

	bindKey(slot: string, account: string, key: SecureKey): void {
		this.keySlots.delete(slot);
		this.keySlots.set(slot, key);
		if (account) {
			this.keysByAccount.delete(account);
			this.keysByAccount.set(account, key);
			while (this.keysByAccount.size > MAX_KEY_SLOTS) this.keysByAccount.delete(this.keysByAccount.keys().next().value as string);
		}
	}

	private keyFor(slot: string | undefined, account: string): SecureKey | undefined {
		const bound = slot !== undefined ? this.keySlots.get(slot) : undefined;
		if (bound) return bound;
		if (!this.knobs().requireKeyCookie) return this.keysByAccount.get(account);
		return undefined;
	}

	// ---- password check with lockout ----

	isLocked(account: DemoAccount): boolean {
		if (account.state === 'locked') return true;
		const until = this.lockedUntil.get(account.phone);
		if (until === undefined) return false;
		if (this.now() < until) return true;
		this.lockedUntil.delete(account.phone);
		this.failures.delete(account.phone);
		return false;
	}

	/**
	 * Check an encrypted password. Order: unknown account (answered as a wrong password),
	 * disabled, locked, missing key, then the password itself. Wrong passwords of a known
	 * account count towards the lockout; a right one clears the count.
	 */
	checkPassword(phone: string, cipherHex: string, keySlot: string | undefined): PasswordCheck {
		const knobs = this.knobs();
		const account = findAccount(phone);
		if (!account) {
			this.bump('passwordFailures');
			return { kind: 'wrong' };
		}
		if (account.state === 'disabled') return { kind: 'disabled' };
		if (this.isLocked(account)) return { kind: 'locked' };
		const key = this.keyFor(keySlot, phone);
		if (!key) return { kind: 'nokey' };
		const plain = decryptPassword(key, cipherHex);
		const matches =
			plain !== undefined &&
			(plain === account.password || (knobs.acceptReversedPassword && [...plain].reverse().join('') === account.password));
		if (matches) {
			this.failures.delete(phone);
			return { kind: 'ok', account };
		}
		this.bump('passwordFailures');
		const failures = (this.failures.get(phone) ?? 0) + 1;
		this.failures.set(phone, failures);
		if (knobs.lockoutAfter > 0 && failures >= knobs.lockoutAfter) {
			this.lockedUntil.set(phone, knobs.lockoutDurationMs > 0 ? this.now() + knobs.lockoutDurationMs : Infinity);
			this.failures.delete(phone);
			this.bump('lockouts');
		}
		return { kind: 'wrong' };
	}

	/** Lift lockouts (one account or all); returns how many were lifted. */
	unlock(phone?: string): number {
		const phones = phone ? [phone] : [...new Set([...this.lockedUntil.keys(), ...this.failures.keys()])];
		let lifted = 0;
		for (const p of phones) {
			if (this.lockedUntil.delete(p)) lifted++;
			this.failures.delete(p);
		}
		return lifted;
	}

	// ---- sessions ----

	createSession(account: DemoAccount, userId: string, companyCode: string, origin: string): Session {
		if (this.knobs().singleSession) {
			for (const [token, s] of this.sessions) {
				if (s.userId === userId && s.companyCode === companyCode) this.sessions.delete(token);
			}
		}
		const session: Session = {
			user: crypto.randomBytes(32).toString('base64url'),
			userToken: crypto.randomBytes(32).toString('hex'),
			token: crypto.randomBytes(16).toString('hex'),
			userId,
			companyCode,
			phone: account.phone,
			origin,
			createdAt: this.now(),
		};
		this.sessions.set(session.userToken, session);
		return session;
	}

	/** The live session the cookies carry on this listener, or undefined. */
	sessionFor(cookies: Record<string, string>, origin: string): Session | undefined {
		const session = this.sessions.get(cookies.userToken ?? '');
		if (!session || session.user !== cookies.user) return undefined;
		if (this.now() - session.createdAt >= this.knobs().sessionTtlMs) {
			this.sessions.delete(session.userToken);
			return undefined;
		}
		return session.origin === origin ? session : undefined;
	}

	/** Drop the session the cookies name (whatever its state). */
	invalidate(cookies: Record<string, string>): boolean {
		return this.sessions.delete(cookies.userToken ?? '');
	}

	expireAll(): number {
		const count = this.sessions.size;
		this.sessions.clear();
		return count;
	}
}
