/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The shared session loop (nodes/shared/transport.ts) with a fake n8n context: which session each
 * attempt sends, when a login happens, and where it stops. The context's httpRequestWithAuthentication
 * behaves like n8n's: an empty session field triggers preAuthentication, whose result is persisted
 * and assigned into the credential data the caller passed.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { YunkeApi } from '../../credentials/YunkeApi.credentials';
import { ZhibangApi } from '../../credentials/ZhibangApi.credentials';
import { findServiceError, ServiceError } from '../../nodes/shared/errors';
import type { FullResponse } from '../../nodes/shared/http';
import { REFUSAL_MEMORY_MS, SessionBroker } from '../../nodes/shared/sessionBroker';
import { sessionRequest, type Outcome, type RequestContext, type SessionService } from '../../nodes/shared/transport';
import { advancedConnectionProperties, transportSettings } from '../../nodes/shared/transportSettings';

interface Fake {
	ctx: RequestContext;
	/** The credential store ("n8n's database"). */
	stored: ICredentialDataDecryptedObject;
	/** The session each request was sent with. */
	sent: string[];
	logins: number;
	/** Credential reads (each one a database read and decryption in n8n). */
	reads: number;
	/** The broker preAuthentication goes through, if any. */
	broker?: SessionBroker<{ token: string }>;
}

/** `answer(session, attempt)` decides the response body: 'ok', 'expired', 'throttled', or throws. */
function fake(answer: (session: string, attempt: number, fake: Fake) => string): Fake {
	const state: Fake = {
		stored: { user: 'u', token: 'stale', fingerprint: 'fp', advanced: true, retryDelayMs: 1, readRetries: 2, throttleBudgetSeconds: 1 },
		sent: [],
		logins: 0,
		reads: 0,
		ctx: undefined as unknown as RequestContext,
	};
	state.ctx = {
		getCredentials: async () => {
			state.reads++;
			return { ...state.stored };
		},
		getNode: () => ({ credentials: { fakeApi: { id: '1', name: 'fake' } } }),
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, _options: unknown, extra: { credentialsDecrypted: { data: ICredentialDataDecryptedObject } }) => {
				const data = extra.credentialsDecrypted.data;
				if (data.token === '') {
					// preAuthentication: through the service's broker when the test gives one, then stored.
					const login = async () => {
						state.logins++;
						return { token: `login-${state.logins}` };
					};
					const { token } = state.broker ? await state.broker.acquire('fake', '', login) : await login();
					state.stored.token = token;
					Object.assign(data, { token });
				}
				const session = String(data.token);
				state.sent.push(session);
				const body = answer(session, state.sent.length, state);
				return { statusCode: 200, headers: {}, body } satisfies FullResponse;
			},
		},
	} as unknown as RequestContext;
	return state;
}

function service(): SessionService<{ token: string }> {
	return {
		service: 'Zhibang',
		credentialType: 'fakeApi',
		sessionField: 'token',
		broker: new SessionBroker<{ token: string }>((s) => s.token, { reuseWindowMs: 0, isRefusal: () => false }),
		brokerKey: () => 'fake',
		sessionMatches: (c) => c.fingerprint === 'fp',
	};
}

const classify = (response: FullResponse): Outcome<string> => {
	if (response.body === 'expired') return { kind: 'expired', reason: 'code 1' };
	if (response.body === 'kicked') return { kind: 'expired', reason: 'code 1', kicked: true };
	if (response.body === 'throttled') return { kind: 'throttled', message: '操作过于频繁' };
	if (response.body === 'down') throw new ServiceError('down', { service: 'Zhibang', kind: 'transport' });
	return { kind: 'ok', value: String(response.body) };
};

const request = (idempotent = true) => ({ path: '/x', idempotent, options: () => ({ url: '/x' }), classify });

test('a valid stored session is used as is, no login', async () => {
	const f = fake(() => 'ok');
	await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
	expect(f.sent).toEqual(['stale']);
	expect(f.logins).toBe(0);
});

test('an expired session: blanked, one login, the request sent again with the new session', async () => {
	const f = fake((session) => (session === 'stale' ? 'expired' : 'ok'));
	await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
	expect(f.sent).toEqual(['stale', 'login-1']);
	expect(f.stored.token).toBe('login-1');
});

test('another execution refreshed meanwhile: its stored session is used without a login', async () => {
	const f = fake((session, _attempt, state) => {
		if (session === 'stale') {
			state.stored.token = 'refreshed-elsewhere';
			return 'expired';
		}
		return 'ok';
	});
	await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
	expect(f.sent).toEqual(['stale', 'refreshed-elsewhere']);
	expect(f.logins).toBe(0);
});

test('the fresh session is replaced at once by another process: that newer session is tried once', async () => {
	const f = fake((session, _attempt, state) => {
		if (session === 'login-1') {
			state.stored.token = 'other-process';
			return 'expired';
		}
		return session === 'other-process' ? 'ok' : 'expired';
	});
	await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
	expect(f.sent).toEqual(['stale', 'login-1', 'other-process']);
	expect(f.logins).toBe(1);
});

test('expired again right after the login: a clear error after two sends, no loop', async () => {
	const f = fake(() => 'expired');
	const error = await sessionRequest(f.ctx, service(), request()).catch((e: unknown) => e);
	expect(findServiceError(error)?.kind).toBe('session');
	expect(f.sent).toEqual(['stale', 'login-1']);
	expect(f.logins).toBe(1);
});

test('a session stored for other settings (fingerprint) is not sent: a login happens first', async () => {
	const f = fake(() => 'ok');
	f.stored.fingerprint = 'another-password';
	await sessionRequest(f.ctx, service(), request());
	expect(f.sent).toEqual(['login-1']);
});

test('transport failures: reads retried up to readRetries, writes never', async () => {
	const reads = fake((_s, attempt) => (attempt <= 2 ? 'down' : 'ok'));
	await expect(sessionRequest(reads.ctx, service(), request(true))).resolves.toBe('ok');
	expect(reads.sent).toHaveLength(3);

	const tooMany = fake(() => 'down');
	await expect(sessionRequest(tooMany.ctx, service(), request(true))).rejects.toThrow('down');
	expect(tooMany.sent).toHaveLength(3);

	const write = fake(() => 'down');
	await expect(sessionRequest(write.ctx, service(), request(false))).rejects.toThrow('down');
	expect(write.sent).toHaveLength(1);
});

test('throttling is waited out within the budget, writes included (nothing was applied)', async () => {
	const f = fake((_s, attempt) => (attempt === 1 ? 'throttled' : 'ok'));
	const started = performance.now();
	await expect(sessionRequest(f.ctx, service(), request(false))).resolves.toBe('ok');
	// The first throttle wait is at least 250 ms (timers may fire a millisecond early).
	expect(performance.now() - started).toBeGreaterThanOrEqual(250 - 5);
	const endless = fake(() => 'throttled');
	const error = await sessionRequest(endless.ctx, service(), request()).catch((e: unknown) => e);
	expect(findServiceError(error)?.kind).toBe('throttle');
	expect(String((error as Error).message)).toMatch(/持续限流.*kept throttling/);
	// 250 + 500 ms fit the 1 s budget, a 1000 ms wait would not.
	expect(endless.sent).toHaveLength(3);
});

describe('kicked off by another login (another worker with this credential)', () => {
	test('waits for the kicker\'s session to be stored and uses it: no login of its own, no ping-pong', async () => {
		const f = fake((session, _attempt, state) => {
			if (session === 'stale') {
				// The other worker stores its session a moment later.
				setTimeout(() => (state.stored.token = 'worker-2'), 600);
				return 'kicked';
			}
			return session === 'worker-2' ? 'ok' : 'kicked';
		});
		const started = performance.now();
		await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
		expect(f.sent).toEqual(['stale', 'worker-2']);
		expect(f.logins).toBe(0);
		expect(performance.now() - started).toBeGreaterThanOrEqual(500);
	});

	test('our fresh session kicked at once: the newer stored session is awaited and tried once', async () => {
		const f = fake((session, _attempt, state) => {
			if (session === 'stale') return 'expired';
			if (session === 'login-1') {
				setTimeout(() => (state.stored.token = 'worker-2'), 400);
				return 'kicked';
			}
			return 'ok';
		});
		await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
		expect(f.sent).toEqual(['stale', 'login-1', 'worker-2']);
		expect(f.logins).toBe(1);
	});

	test('the stored session was kicked by this process\'s own login of moments ago: that one is used and stored, no wait', async () => {
		const f = fake((session) => (session === 'mine' ? 'ok' : 'kicked'));
		const svc = service();
		svc.broker = new SessionBroker<{ token: string }>((s) => s.token, { reuseWindowMs: 10_000, isRefusal: () => false });
		f.broker = svc.broker;
		// This process logged in ('mine', which kicked 'stale'), but another worker's older login landed in the store last.
		await svc.broker.acquire('fake', '', async () => ({ token: 'mine' }));
		const started = performance.now();
		await expect(sessionRequest(f.ctx, svc, request())).resolves.toBe('ok');
		expect(performance.now() - started).toBeLessThan(500);
		expect(f.sent).toEqual(['stale', 'mine']);
		expect(f.logins).toBe(0);
		expect(f.stored.token).toBe('mine');
	});

	test('many requests kicked at once share one wait: credential reads do not grow with the requests', async () => {
		const f = fake((session, _attempt, state) => {
			if (session === 'stale') {
				setTimeout(() => (state.stored.token = 'worker-2'), 1000);
				return 'kicked';
			}
			return 'ok';
		});
		const svc = service();
		const results = await Promise.all(Array.from({ length: 8 }, async () => await sessionRequest(f.ctx, svc, request())));
		expect(results).toEqual(Array(8).fill('ok'));
		expect(f.logins).toBe(0);
		// Each request reads twice (before sending, after the expiry); the ~4 polls of the wait are shared.
		expect(f.reads).toBeLessThanOrEqual(8 * 2 + 6);
	});

	test('nobody stores a newer session: after the configured wait (kickedWaitSeconds) it logs in itself', async () => {
		const f = fake((session) => (session === 'stale' ? 'kicked' : 'ok'));
		// 0.6 s: polls at 0.25, 0.5 and (cut short) 0.6 s, never a fourth.
		f.stored.kickedWaitSeconds = 0.6;
		const started = performance.now();
		await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
		const elapsed = performance.now() - started;
		expect(f.sent).toEqual(['stale', 'login-1']);
		expect(f.logins).toBe(1);
		// Read before sending, after the expiry, and by the three polls.
		expect(f.reads).toBe(2 + 3);
		// The whole wait happened (timers may fire a millisecond early), and not much more.
		expect(elapsed).toBeGreaterThanOrEqual(600 - 5);
		expect(elapsed).toBeLessThan(600 + 400);
	});

	test('kickedWaitSeconds 0: no wait, it logs in again at once', async () => {
		const f = fake((session) => (session === 'stale' ? 'kicked' : 'ok'));
		f.stored.kickedWaitSeconds = 0;
		const started = performance.now();
		await expect(sessionRequest(f.ctx, service(), request())).resolves.toBe('ok');
		expect(performance.now() - started).toBeLessThan(200);
		expect(f.sent).toEqual(['stale', 'login-1']);
		expect(f.reads).toBe(2);
	});
});

describe('transport settings from the credential', () => {
	test('kicked-session wait: 5 s unless Advanced Settings say otherwise, within 0–60 s', () => {
		expect(transportSettings({}).kickedWaitMs).toBe(5000);
		expect(transportSettings({ advanced: false, kickedWaitSeconds: 1 }).kickedWaitMs).toBe(5000);
		expect(transportSettings({ advanced: true }).kickedWaitMs).toBe(5000);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: 0.5 }).kickedWaitMs).toBe(500);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: 0 }).kickedWaitMs).toBe(0);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: '2' }).kickedWaitMs).toBe(2000);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: 600 }).kickedWaitMs).toBe(60_000);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: -3 }).kickedWaitMs).toBe(0);
		expect(transportSettings({ advanced: true, kickedWaitSeconds: 'soon' }).kickedWaitMs).toBe(5000);
	});

	test('the credential field: advanced only, 0–60 s, default 5, bilingual', () => {
		const field = advancedConnectionProperties.find((p) => p.name === 'kickedWaitSeconds');
		expect(field).toMatchObject({
			type: 'number',
			default: 5,
			typeOptions: { minValue: 0, maxValue: 60 },
			displayOptions: { show: { advanced: [true] } },
		});
		expect(field?.displayName).toMatch(/Seconds.*秒/);
		expect(field?.description).toMatch(/another login of this account replaced the session.*credential store/);
		expect(field?.description).toMatch(/别处登录.*凭据/);
		// Both credential types carry it (they spread advancedConnectionProperties).
		for (const credential of [new YunkeApi(), new ZhibangApi()]) {
			expect(credential.properties.find((p) => p.name === 'kickedWaitSeconds')).toBe(field);
		}
	});
});

describe('refused logins (SessionBroker)', () => {
	test('a refusal is remembered for the same settings, then tried again once the memory runs out', async () => {
		let clock = 0;
		const broker = new SessionBroker<string>((s) => s, { reuseWindowMs: 0, isRefusal: () => true, now: () => clock });
		let attempts = 0;
		const refuse = async () => {
			attempts++;
			throw new Error('locked');
		};
		await expect(broker.acquire('k', '', refuse)).rejects.toThrow('locked');
		clock = REFUSAL_MEMORY_MS - 1;
		await expect(broker.acquire('k', '', refuse)).rejects.toThrow('locked');
		expect(attempts).toBe(1);
		// Other settings (the password corrected) are tried at once.
		await expect(broker.acquire('other', '', async () => 'session-1')).resolves.toBe('session-1');
		// The administrator unlocked the account: after the memory the same settings are tried again.
		clock = REFUSAL_MEMORY_MS;
		await expect(broker.acquire('k', '', async () => 'session-2')).resolves.toBe('session-2');
	});
});
