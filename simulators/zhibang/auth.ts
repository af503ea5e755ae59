/**
 * Login state of the Zhibang simulator: sessions (tokens) and why a dead one died, failed-login
 * counting, captchas and lockout; and the login, logout and captcha-image pages that work on it.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { setCookie, type SimResponse } from '../common/wire';
import type { ZhibangUser } from './data';
import type { ZhibangKnobs } from './knobs';
import { queryParam, zbDoc, type Datas } from './wire';

export interface Session {
	token: string;
	userOrd: number;
	username: string;
	serialnum: string;
	createdAt: number;
	lastSeen: number;
}

interface LoginState {
	failures: number;
	locked: boolean;
	captcha?: { token: string; code: string };
}

export type RevokeReason = 'expired' | 'kicked' | 'logout';

export class ZhibangAuth {
	readonly sessions = new Map<string, Session>();
	private readonly revoked = new Map<string, RevokeReason>();
	private readonly loginStates = new Map<string, LoginState>();

	constructor(
		private readonly knobs: () => ZhibangKnobs,
		private readonly now: () => number,
		private readonly bump: (counter: string) => void,
		private readonly users: readonly ZhibangUser[],
	) {}

	// ---- sessions ----

	/** The session for a token, or why there is none. */
	check(token: string): Session | 'missing' | 'unknown' | RevokeReason {
		if (!token) return 'missing';
		const session = this.sessions.get(token);
		if (!session) return this.revoked.get(token) ?? 'unknown';
		const now = this.now();
		if (now - session.lastSeen > this.knobs().sessionIdleMs) {
			this.revoke(token, 'expired');
			return 'expired';
		}
		session.lastSeen = now;
		return session;
	}

	/** End a live session; a later request with its token learns why. Returns whether it was live. */
	revoke(token: string, reason: RevokeReason): boolean {
		if (!this.sessions.delete(token)) return false;
		this.revoked.set(token, reason);
		return true;
	}

	expireAll(): number {
		const count = this.sessions.size;
		for (const token of [...this.sessions.keys()]) this.revoke(token, 'expired');
		return count;
	}

	/** Invalidate the sessions of one user (login name) or one token, as a newer login would. */
	kick(filter: { user?: string; token?: string }): number {
		let count = 0;
		for (const [token, s] of [...this.sessions]) {
			const match =
				(filter.token !== undefined && token === filter.token) ||
				(filter.user !== undefined && s.username.toLowerCase() === filter.user.toLowerCase());
			if (match && this.revoke(token, 'kicked')) count++;
		}
		return count;
	}

	// ---- failed logins, captcha, lockout ----

	/** Clear a user's failed-login count, captcha and lockout (not an administrator's freeze). */
	unlock(username: string): boolean {
		return this.loginStates.delete(username.toLowerCase());
	}

	/** The captcha a user must answer now (issues one if required and none is pending). */
	captchaFor(username: string): { user: string; failures: number; required: boolean; token: string; code: string; expected: string } {
		const key = username.toLowerCase();
		const state = this.loginStates.get(key) ?? { failures: 0, locked: false };
		const required = this.captchaRequired(state);
		if (required && !state.captcha) {
			this.loginStates.set(key, state);
			this.newCaptcha(state);
		}
		const token = state.captcha?.token ?? '';
		const code = state.captcha?.code ?? '';
		return { user: username, failures: state.failures, required, token, code, expected: this.knobs().captchaAnswer === 'token' ? token : code };
	}

	private captchaRequired(state: LoginState): boolean {
		const after = this.knobs().captchaAfter;
		return after > 0 && state.failures >= after;
	}

	private newCaptcha(state: LoginState): string {
		state.captcha = { token: randomBytes(16).toString('hex'), code: String(randomInt(0, 10000)).padStart(4, '0') };
		return state.captcha.token;
	}

	// ---- pages ----

	private loginFail(message: string, captchaToken?: string): SimResponse {
		const login: Record<string, string> = { newrndcode: captchaToken ?? '' };
		if (captchaToken) login.rndcodeurl = `/sysa/mobilephone/getyzm.asp?code=${captchaToken}`;
		return { json: zbDoc('', { model: 'init', action: 'fail', login }, this.knobs().authErrorStatus, message) };
	}

	/** mobilephone/login.asp: `txt:`-prefixed user and password, serial number, captcha when required. */
	login(d: Datas): SimResponse {
		this.bump('loginAttempts');
		const knobs = this.knobs();
		const userRaw = d.get('user') ?? '';
		const pwRaw = d.get('password') ?? '';
		const serial = d.str('serialnum').replace(/^txt:/i, '');
		const rndcode = d.str('rndcode');
		const prefixed = (v: string) => /^txt:/i.test(v);
		const username = userRaw.replace(/^txt:/i, '').trim();

		if (!serial) return this.loginFail('串号不能为空');
		if (knobs.strictSerial && !/^[A-Za-z0-9]{1,20}$/.test(serial)) {
			return this.loginFail('串号格式不正确（20位以内数字或字母）');
		}
		if (!username) return this.loginFail('用户名或密码错误');

		const key = username.toLowerCase();
		const state = this.loginStates.get(key) ?? { failures: 0, locked: false };
		this.loginStates.set(key, state);
		if (this.captchaRequired(state)) {
			if (!rndcode) return this.loginFail('请输入验证码', this.newCaptcha(state));
			const expected = knobs.captchaAnswer === 'token' ? state.captcha?.token : state.captcha?.code;
			if (!expected || rndcode.toLowerCase() !== expected.toLowerCase()) {
				return this.loginFail('验证码错误', this.newCaptcha(state));
			}
			state.captcha = undefined;
		}

		const user = this.users.find((u) => u.username.toLowerCase() === key);
		if (user && (user.frozen || state.locked)) return this.loginFail('账号已被冻结');
		const passwordOk = !!user && prefixed(userRaw) && prefixed(pwRaw) && pwRaw.slice(4) === user.password;
		if (!passwordOk || !user) {
			state.failures++;
			if (knobs.lockoutAfter > 0 && user && state.failures >= knobs.lockoutAfter) state.locked = true;
			return this.loginFail('用户名或密码错误', this.captchaRequired(state) ? this.newCaptcha(state) : undefined);
		}

		this.loginStates.delete(key);
		for (const [token, s] of [...this.sessions]) {
			if (s.userOrd !== user.ord) continue;
			if (knobs.singleSession || (knobs.kickSameDevice && s.serialnum === serial)) {
				this.revoke(token, 'kicked');
				this.bump('kickedSessions');
			}
		}
		const token = randomBytes(16).toString('hex');
		const now = this.now();
		this.sessions.set(token, { token, userOrd: user.ord, username: user.username, serialnum: serial, createdAt: now, lastSeen: now });
		this.bump('logins');
		return {
			headers: { 'set-cookie': setCookie('ASP.NET_SessionId', randomBytes(12).toString('hex')) },
			json: {
				header: { status: 0, message: 'API鉴权成功.', session: token, appversion: knobs.appVersion, language: 'zh-cn' },
				body: { model: 'init', action: 'sys' },
			},
		};
	}

	/** getyzm.asp: the captcha image (an SVG showing the code) of a captcha token. */
	captchaImage(query: URLSearchParams): SimResponse {
		const token = queryParam(query, 'code');
		let code = '';
		for (const state of this.loginStates.values()) if (token && state.captcha?.token === token) code = state.captcha.code;
		const text = code || '----';
		return {
			contentType: 'image/svg+xml',
			headers: { 'cache-control': 'no-cache' },
			text: `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="22"><rect width="60" height="22" fill="#eef"/><text x="8" y="16" font-family="monospace" font-size="14">${text}</text></svg>`,
		};
	}
}
