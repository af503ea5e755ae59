/**
 * The Yunke login routes: the login page and the key cookie, getSecureKey (newuc and usercenter),
 * checkAndGetUsers and pcLogin. The state they work on is YunkeAuth (auth.ts).
 */
import crypto from 'node:crypto';

import { setCookie, type SimRequest, type SimResponse } from '../common/wire';
import { fail, invalid, isObject, loginPageHtml, newuc, str, YUNKE_SIM_CODES, type YunkeService } from './envelopes';
import type { PasswordCheck } from './auth';
import { generateSecureKey } from './rsa';
import { findCompany, type YunkeKnobs } from './types';

const NO_KEY_MESSAGE = '安全密钥不存在，请刷新页面后重试';

/** The answer to a login the password check refused, in the family's envelope. */
function refused(k: YunkeKnobs, kind: Exclude<PasswordCheck['kind'], 'ok'>, family: 'newuc' | 'usercenter'): SimResponse {
	const message = { nokey: NO_KEY_MESSAGE, locked: k.lockedMessage, disabled: k.disabledMessage, wrong: k.wrongPasswordMessage }[kind];
	if (family === 'newuc') {
		return newuc({ nokey: YUNKE_SIM_CODES.newucNoKey, locked: k.newucLockedCode, disabled: k.newucDisabledCode, wrong: k.newucWrongPasswordCode }[kind], message);
	}
	return fail({ nokey: YUNKE_SIM_CODES.noKey, locked: k.lockedCode, disabled: k.disabledCode, wrong: k.wrongPasswordCode }[kind], message);
}

/** The key-binding cookie of this request, issuing a new one when the client has none we know. */
function keySlot(svc: YunkeService, req: SimRequest): { slot: string; setCookie?: string } {
	const name = svc.knobs().keyCookieName;
	const existing = req.cookies[name];
	if (svc.auth().hasKeySlot(existing)) return { slot: existing };
	const slot = svc.auth().newKeySlot();
	return { slot, setCookie: setCookie(name, slot) };
}

function withCookie(cookie: string | undefined): Record<string, string[]> {
	return cookie ? { 'set-cookie': [cookie] } : {};
}

export function loginPage(svc: YunkeService, req: SimRequest): SimResponse {
	return { contentType: 'text/html; charset=utf-8', headers: withCookie(keySlot(svc, req).setCookie), text: loginPageHtml() };
}

async function freshKey(svc: YunkeService, req: SimRequest, account: string): Promise<{ modulus: string; public_exponent: string; setCookie?: string }> {
	const { slot, setCookie } = keySlot(svc, req);
	const key = await generateSecureKey(svc.knobs().rsaBits);
	svc.auth().bindKey(slot, account, key);
	return { modulus: key.modulusHex, public_exponent: key.exponentHex, setCookie };
}

export async function newucSecureKey(svc: YunkeService, req: SimRequest): Promise<SimResponse> {
	const { setCookie, ...key } = await freshKey(svc, req, req.query.get('account') ?? '');
	return { headers: withCookie(setCookie), json: { code: 10000, msg: 'success', data: key } };
}

export async function usercenterSecureKey(svc: YunkeService, req: SimRequest): Promise<SimResponse> {
	const body = isObject(req.json) ? req.json : {};
	const phone = str(body.phone);
	if (!phone) return invalid(svc.knobs(), 'phone 不能为空');
	const { setCookie, ...key } = await freshKey(svc, req, phone);
	const data = svc.knobs().usercenterKeyNested ? { data: key } : key;
	return { headers: withCookie(setCookie), json: { success: true, code: '10000', message: 'success', data } };
}

export function checkAndGetUsers(svc: YunkeService, req: SimRequest): SimResponse {
	svc.bump('loginAttempts');
	const k = svc.knobs();
	const body = isObject(req.json) ? req.json : undefined;
	if (!body) return invalid(k, '请求体必须是 JSON 对象', 'newuc');
	const account = str(body.account);
	const passwd = str(body.passwd);
	if (str(body.method) !== 'PASSWD') return invalid(k, `不支持的登录方式 ${str(body.method)}`, 'newuc');
	if (!account || !passwd) return invalid(k, 'account 和 passwd 不能为空', 'newuc');
	const check = svc.auth().checkPassword(account, passwd, req.cookies[k.keyCookieName]);
	if (check.kind !== 'ok') return refused(k, check.kind, 'newuc');
	return newuc(
		10000,
		'success',
		check.account.memberships.map((m) => ({
			userId: m.userId,
			userType: 1,
			companyCode: m.companyCode,
			company: findCompany(m.companyCode)?.company ?? m.companyCode,
			domain: svc.domainOf(m.companyCode),
		})),
	);
}

export function pcLogin(svc: YunkeService, req: SimRequest): SimResponse {
	svc.bump('loginAttempts');
	const k = svc.knobs();
	const body = isObject(req.json) ? req.json : undefined;
	if (!body) return invalid(k, '请求体必须是 JSON 对象');
	const phone = str(body.phone);
	const password = str(body.password);
	const companyCode = str(body.companyCode);
	if (!phone || !password) return invalid(k, 'phone 和 password 不能为空');
	if (!companyCode) return invalid(k, 'companyCode 不能为空');
	const check = svc.auth().checkPassword(phone, password, req.cookies[k.keyCookieName]);
	if (check.kind !== 'ok') return refused(k, check.kind, 'usercenter');
	const account = check.account;
	const membership = account.memberships.find((m) => m.companyCode === companyCode);
	if (!membership) return fail(YUNKE_SIM_CODES.unknownCompany, `该账号不属于企业 ${companyCode}`);
	const domain = svc.domainOf(companyCode);
	if (k.enforceCompanyDomain && domain !== req.origin) {
		return fail(YUNKE_SIM_CODES.wrongDomain, `企业 ${companyCode} 不在当前服务器，请使用域名 ${domain} 访问`);
	}
	const session = svc.auth().createSession(account, membership.userId, companyCode, req.origin);
	svc.bump('logins');
	// EasyLiao/Jesong chat-widget visitor id (docs/protocol/yunke.md §2.2): realism only, not an auth cookie.
	const jesong = '0100000' + Array.from({ length: 25 }, () => crypto.randomInt(10)).join('');
	return {
		headers: {
			'set-cookie': [setCookie('user', session.user), setCookie('userToken', session.userToken), setCookie('JESONG_USER_ID', jesong, false)],
		},
		json: {
			success: true,
			code: '10000',
			message: '登录成功',
			data: { id: membership.userId, token: session.token, companyCode, name: account.name, phone: account.phone },
		},
	};
}
