/**
 * Yunke login (docs/protocol/yunke.md §3): optional company discovery through checkAndGetUsers, then the
 * usercenter password login. Runs inside the credential's preAuthentication, so it only gets
 * n8n's plain `httpRequest` helper. Password refusals throw ServiceError('auth') and are never
 * retried by anything in this package (accounts lock after a few failures).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ServiceError } from '../../shared/errors';
import { CookieJar, type FullResponse } from '../../shared/http';
import { maskText } from '../../shared/mask';
import { loginAnswer, loginRequest, type HttpRequest, type StoredSession } from '../../shared/session';
import { REFUSAL_NOTE } from '../../shared/sessionBroker';
import { THROTTLE_MESSAGE } from '../../shared/transport';
import { transportSettings, type TransportSettings } from '../../shared/transportSettings';
import { str } from '../../shared/text';
import { COMMON_HEADERS, PASSWORD_CODES, REFERERS, YUNKE_DEFAULT_DOMAIN, isOkEnvelope, normalizeDomain } from './constants';
import { yunkeEncrypt } from './rsa';

/** The credential fields preAuthentication fills in (hidden fields of the YunkeApi credential). */
export interface YunkeSession extends StoredSession {
	/** The Cookie header of the session, `user=…; userToken=…`, from the pcLogin response. */
	sessionToken: string;
	/** `data.id` of pcLogin, sent as the `userid` header. */
	sessionUserId: string;
	/** The company's domain (scheme included): login and every later call go there. */
	sessionDomain: string;
	sessionCompanyCode: string;
}

export interface YunkeCompany {
	userId: string;
	userType?: number;
	companyCode: string;
	company: string;
	domain: string;
}

interface Envelope {
	success?: boolean;
	code?: string | number;
	message?: string;
	msg?: string;
	data?: unknown;
}

function describeCompanies(companies: YunkeCompany[]): string {
	return companies.map((c) => `${c.companyCode}（${c.company}，${c.domain}）`).join('、');
}

/** The refusal messages of docs/protocol/yunke.md §4.2, bilingual, with the phone masked. */
function refusal(code: string, serviceMessage: string, phone: string): ServiceError {
	const who = maskText(phone);
	const text: Record<string, [string, string]> = {
		wrong: [
			`云客账号 ${who} 的密码错误（代码 ${code}）。请在凭证中更正密码；为避免账号被锁定，不会自动重试`,
			`Yunke rejected the password of account ${who} (code ${code}). Correct it in the credential; it is not retried so the account does not get locked`,
		],
		locked: [
			`云客账号 ${who} 已被锁定（代码 ${code}），请联系云客管理员解锁`,
			`Yunke account ${who} is locked (code ${code}); ask your Yunke administrator to unlock it`,
		],
		disabled: [
			`云客账号 ${who} 已被禁用（代码 ${code}），请联系云客管理员`,
			`Yunke account ${who} is disabled (code ${code}); ask your Yunke administrator`,
		],
	};
	const kind = ['10005', '22002'].includes(code) ? 'locked' : code === '10006' ? 'disabled' : 'wrong';
	const [zh, en] = text[kind];
	return new ServiceError(`${zh} / ${en}`, {
		service: 'Yunke',
		kind: 'auth',
		serviceCode: code,
		description: [serviceMessage ? `云客返回 / Yunke said: ${serviceMessage}` : '', REFUSAL_NOTE].filter(Boolean).join('\n'),
	});
}

class LoginClient {
	private readonly jar = new CookieJar();

	constructor(
		private readonly http: HttpRequest,
		private readonly domain: string,
		private readonly phone: string,
		private readonly settings: TransportSettings,
	) {
		this.jar.set('pc_register', '1').set('i18next', 'zh-CN');
	}

	async call(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<{ response: FullResponse; envelope: Envelope }> {
		const response = await loginRequest(this.http, 'Yunke', this.settings, path, {
			method,
			url: `${this.domain}${path}`,
			body,
			json: true,
			headers: {
				...COMMON_HEADERS,
				'content-type': 'application/json',
				origin: this.domain,
				referer: `${this.domain}${REFERERS.login}`,
				cookie: this.jar.header(),
			},
		});
		this.jar.absorb(response);
		return { response, envelope: loginAnswer('Yunke', response, path) as Envelope };
	}

	/** A0: the HTML login page initialises the cookie session. */
	async openLoginPage(): Promise<void> {
		const response = await loginRequest(this.http, 'Yunke', this.settings, REFERERS.login, {
			method: 'GET',
			url: `${this.domain}${REFERERS.login}`,
			headers: { ...COMMON_HEADERS, accept: 'text/html', cookie: this.jar.header() },
			encoding: 'text',
		});
		this.jar.absorb(response);
	}

	fail(path: string, envelope: Envelope): never {
		const code = String(envelope.code ?? '');
		const message = String(envelope.message ?? envelope.msg ?? '');
		if (PASSWORD_CODES.has(code)) throw refusal(code, message, this.phone);
		// Not a refusal of the password or the account: waited out (throttling) or reported, and a later
		// execution may log in again.
		const throttled = code === '429' || THROTTLE_MESSAGE.test(message);
		throw new ServiceError(
			`云客登录失败（${path}，代码 ${code || '无'}）：${maskText(message) || '登录失败'} / Yunke login failed (${path}, code ${code || 'none'}): ${maskText(message) || 'login failed'}`,
			{ service: 'Yunke', kind: throttled ? 'throttle' : 'business', serviceCode: code || undefined },
		);
	}
}

function keyOf(envelope: Envelope, path: string): { modulus: string; exponent: string } {
	const data = (envelope.data ?? {}) as Record<string, unknown>;
	const inner = (data.data && typeof data.data === 'object' ? data.data : data) as Record<string, unknown>;
	const modulus = String(inner.modulus ?? '');
	const exponent = String(inner.public_exponent ?? inner.publicExponent ?? '');
	if (!/^[0-9a-f]+$/i.test(modulus) || !/^[0-9a-f]+$/i.test(exponent)) {
		throw new ServiceError(`云客未返回有效的 RSA 公钥（${path}）/ Yunke returned no usable RSA key (${path})`, {
			service: 'Yunke',
			kind: 'transport',
		});
	}
	return { modulus, exponent };
}

/** A0–A2: the companies an account belongs to, with each company's domain. */
export async function listYunkeCompanies(
	http: HttpRequest,
	credentials: ICredentialDataDecryptedObject,
	host: string,
): Promise<YunkeCompany[]> {
	const phone = str(credentials.phone);
	const client = new LoginClient(http, host, phone, transportSettings(credentials));
	await client.openLoginPage();
	const keyPath = `/newuc/login/getSecureKey?account=${encodeURIComponent(phone)}`;
	const keyReply = await client.call('GET', keyPath);
	if (!isOkEnvelope(keyReply.envelope) && keyReply.envelope.data == null) client.fail('/newuc/login/getSecureKey', keyReply.envelope);
	const key = keyOf(keyReply.envelope, '/newuc/login/getSecureKey');
	const { envelope } = await client.call('POST', '/newuc/login/checkAndGetUsers', {
		method: 'PASSWD',
		scope: 'company',
		account: phone,
		smsCode: '',
		passwd: yunkeEncrypt(String(credentials.password ?? ''), key.modulus, key.exponent),
	});
	if (!isOkEnvelope(envelope)) client.fail('/newuc/login/checkAndGetUsers', envelope);
	const list = Array.isArray(envelope.data) ? (envelope.data as Array<Record<string, unknown>>) : [];
	return list.map((entry) => ({
		userId: String(entry.userId ?? ''),
		userType: Number(entry.userType ?? 0),
		companyCode: String(entry.companyCode ?? ''),
		company: String(entry.company ?? ''),
		domain: normalizeDomain(entry.domain) || host,
	}));
}

function chooseCompany(companies: YunkeCompany[], wanted: string, phone: string): YunkeCompany {
	if (companies.length === 0) {
		throw new ServiceError(
			`云客账号 ${maskText(phone)} 没有关联的公司 / Yunke account ${maskText(phone)} has no associated company`,
			{ service: 'Yunke', kind: 'config' },
		);
	}
	if (wanted) {
		const match = companies.find((c) => c.companyCode.toLowerCase() === wanted.toLowerCase());
		if (match) return match;
		throw new ServiceError(
			`公司代码 ${wanted} 不属于该账号，可选：${describeCompanies(companies)} / Company code ${wanted} is not one of this account's companies: ${describeCompanies(companies)}`,
			{ service: 'Yunke', kind: 'config' },
		);
	}
	if (companies.length === 1) return companies[0];
	throw new ServiceError(
		`该账号关联了多个公司，请在凭证中填写“公司代码”：${describeCompanies(companies)} / This account belongs to several companies; set "Company Code" in the credential to one of the codes listed`,
		{ service: 'Yunke', kind: 'config' },
	);
}

/** The full login: discovery when company code or domain is missing, then B1–B2. */
export async function yunkeLogin(http: HttpRequest, credentials: ICredentialDataDecryptedObject): Promise<Omit<YunkeSession, 'sessionFingerprint'>> {
	const phone = str(credentials.phone);
	const password = String(credentials.password ?? '');
	if (!phone || !password) {
		throw new ServiceError('请在凭证中填写云客账号手机号和密码 / Enter the Yunke account phone and password in the credential', {
			service: 'Yunke',
			kind: 'config',
		});
	}
	let domain = normalizeDomain(credentials.domain);
	let companyCode = str(credentials.companyCode);
	if (!companyCode || !domain) {
		const companies = await listYunkeCompanies(http, credentials, domain || YUNKE_DEFAULT_DOMAIN);
		const company = chooseCompany(companies, companyCode, phone);
		companyCode = company.companyCode;
		domain = company.domain;
	}

	const client = new LoginClient(http, domain, phone, transportSettings(credentials));
	const keyReply = await client.call('POST', '/usercenter/login/getSecureKey', { phone });
	if (!isOkEnvelope(keyReply.envelope) && keyReply.envelope.data == null) client.fail('/usercenter/login/getSecureKey', keyReply.envelope);
	const key = keyOf(keyReply.envelope, '/usercenter/login/getSecureKey');
	const { response, envelope } = await client.call('POST', '/usercenter/login/pcLogin', {
		phone,
		password: yunkeEncrypt(password, key.modulus, key.exponent),
		loginType: 'yunkecn',
		companyCode,
		smsCode: '',
		validCode: '',
		codeUuid: '',
	});
	if (!isOkEnvelope(envelope)) client.fail('/usercenter/login/pcLogin', envelope);

	// The session is the cookies of the pcLogin response only (docs/protocol/yunke.md §2.2).
	const cookies = new CookieJar().absorb(response);
	if (!cookies.has('user') || !cookies.has('userToken')) {
		throw new ServiceError(
			'云客登录成功但没有返回会话 Cookie（user/userToken）/ Yunke accepted the login but set no session cookies (user/userToken)',
			{ service: 'Yunke', kind: 'transport' },
		);
	}
	const data = (envelope.data ?? {}) as Record<string, unknown>;
	return {
		sessionToken: cookies.header(),
		sessionUserId: String(data.id ?? ''),
		sessionDomain: domain,
		sessionCompanyCode: companyCode,
	};
}
