/**
 * An independent client of the Yunke PC web console simulator for the simulator tests:
 * axios + tough-cookie for HTTP and cookies, node-forge for the raw (unpadded) RSA of docs/protocol/yunke.md §3.3.
 */
import axios, { type AxiosResponse, type ResponseType } from 'axios';
import forge from 'node-forge';
import { CookieJar } from 'tough-cookie';
import { startYunkeSimulator, YUNKE_DEMO, type CallRecord } from '../../simulators/yunke';
import { useLive } from '../support/live';
import { listBody } from '../support/yunkeListBody';

export const DEMO = YUNKE_DEMO.accounts.demo;
export const MULTI = YUNKE_DEMO.accounts.multi;
export const LOCKED = YUNKE_DEMO.accounts.locked;
export const DISABLED = YUNKE_DEMO.accounts.disabled;


/** Raw RSA with node-forge: UTF-8 bytes as a big-endian integer, no padding, hex out. */
export function forgeEncrypt(text: string, modulusHex: string, exponentHex: string): string {
	const key = forge.pki.setRsaPublicKey(
		new forge.jsbn.BigInteger(modulusHex, 16),
		new forge.jsbn.BigInteger(exponentHex, 16),
	);
	return forge.util.bytesToHex(key.encrypt(forge.util.encodeUtf8(text), 'RAW'));
}

interface Req {
	json?: unknown;
	form?: Record<string, string>;
	headers?: Record<string, string>;
	responseType?: ResponseType;
}

/** A browser-like client: one cookie jar, no redirects followed, every status returned. */
export class Browser {
	readonly jar = new CookieJar();
	/** Set after pcLogin: the `company` and `userid` headers of authenticated calls. */
	auth?: { company: string; userid: string };

	constructor(public base: string) {}

	async request(method: string, path: string, req: Req = {}): Promise<AxiosResponse> {
		const url = path.startsWith('http') ? path : this.base + path;
		const cookie = await this.jar.getCookieString(url);
		let data: unknown = req.json;
		if (req.form) {
			const fd = new FormData();
			for (const [k, v] of Object.entries(req.form)) fd.append(k, v);
			data = fd;
		}
		const res = await axios.request({
			method,
			url,
			data,
			headers: {
				...(cookie ? { cookie } : {}),
				...(this.auth && !req.headers ? this.auth : {}),
				...(req.headers ?? {}),
			},
			responseType: req.responseType,
			maxRedirects: 0,
			validateStatus: () => true,
		});
		const setCookie = res.headers['set-cookie'] ?? [];
		for (const c of setCookie) await this.jar.setCookie(c, url);
		return res;
	}

	post(path: string, json?: unknown, headers?: Record<string, string>): Promise<AxiosResponse> {
		return this.request('POST', path, { json, headers });
	}

	async cookie(name: string): Promise<string | undefined> {
		const cookies = await this.jar.getCookies(this.base);
		return cookies.find((c) => c.key === name)?.value;
	}

	/** Flow A (docs/protocol/yunke.md §3.1): login page, newuc key, checkAndGetUsers. */
	async checkAndGetUsers(account: string, password: string): Promise<AxiosResponse> {
		await this.request('GET', '/cms/auth/login');
		const key = await this.request('GET', `/newuc/login/getSecureKey?account=${account}`);
		const { modulus, public_exponent } = key.data.data;
		return this.post('/newuc/login/checkAndGetUsers', {
			method: 'PASSWD',
			scope: 'company',
			account,
			smsCode: '',
			passwd: forgeEncrypt(password, modulus, public_exponent),
		});
	}

	/** Flow B (docs/protocol/yunke.md §3.1): usercenter key then pcLogin; remembers the auth headers on success. */
	async pcLogin(phone: string, password: string, companyCode: string, transform = (p: string) => p): Promise<AxiosResponse> {
		const key = await this.post('/usercenter/login/getSecureKey', { phone });
		const k = key.data.data.data ?? key.data.data;
		const res = await this.post('/usercenter/login/pcLogin', {
			phone,
			password: forgeEncrypt(transform(password), k.modulus, k.public_exponent),
			loginType: 'yunkecn',
			companyCode,
			smsCode: '',
			validCode: '',
			codeUuid: '',
		});
		if (res.data?.success) this.auth = { company: companyCode, userid: res.data.data.id };
		return res;
	}

	list(overrides: Record<string, unknown> = {}): Promise<AxiosResponse> {
		return this.post('/pc/callLog/list', listBody(overrides));
	}
}

/**
 * The simulator for a test file (its clock pinned, so the generated history and every figure checked
 * are the same on every run), reset before each test; `seeded()` is its generated call history.
 */
export function useYunkeSimulator() {
	const sim = useLive('the Yunke simulator', async () => await startYunkeSimulator({ now: '2026-03-02T10:00:00+08:00' }), {
		reset: (live) => live.reset(),
		close: async (live) => await live.close(),
	});
	let seeded: readonly CallRecord[] = [];
	beforeAll(() => {
		seeded = sim.calls;
	});

	/** A browser logged in through pcLogin (docs/protocol/yunke.md §3.1, flow B). */
	async function loggedIn(account = DEMO, companyCode = '2fy7qa', base = sim.baseUrl): Promise<Browser> {
		const b = new Browser(base);
		await b.request('GET', '/cms/auth/login');
		const res = await b.pcLogin(account.phone, account.password, companyCode);
		expect(res.data).toMatchObject({ success: true, code: '10000' });
		return b;
	}

	return { sim, seeded: () => seeded, loggedIn };
}
