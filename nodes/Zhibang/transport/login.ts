/**
 * Zhibang login (docs/protocol/zhibang.md §2.1–§2.2): PostClass body with `txt:` plaintext values. Runs inside the
 * credential's preAuthentication. Refusals (wrong password, captcha demanded, frozen account)
 * throw ServiceError('auth') and are never retried.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ServiceError } from '../../shared/errors';
import { maskText } from '../../shared/mask';
import { loginAnswer, loginRequest, type HttpRequest } from '../../shared/session';
import { REFUSAL_NOTE } from '../../shared/sessionBroker';
import { str } from '../../shared/text';
import { THROTTLE_MESSAGE } from '../../shared/transport';
import { transportSettings } from '../../shared/transportSettings';

export function zhibangBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	let text = str(credentials.baseUrl);
	if (text && !/^https?:\/\//i.test(text)) text = `http://${text}`;
	return text.replace(/\/+$/, '');
}

/** The device serial sent at login: the credential's, or a stable one derived from the account. */
export function zhibangSerial(credentials: ICredentialDataDecryptedObject): string {
	const given = str(credentials.serialNumber);
	if (given) return given;
	return `N8N${createHash('sha256').update(`${zhibangBaseUrl(credentials)}|${String(credentials.username ?? '')}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

export const LOGIN_PATHS = {
	v3: '/webapi/v3/ov1/login',
	legacy: '/sysa/mobilephone/login.asp',
} as const;

/** What a failed login answer means: a refusal of the password or account (never tried again), throttling, or something else. */
function loginFailure(message: string, username: string): ServiceError {
	if (THROTTLE_MESSAGE.test(message)) {
		return new ServiceError(maskText(message), { service: 'Zhibang', kind: 'throttle', serviceCode: 'login' });
	}
	if (message && !/密码|用户名|账号|帐号|验证码|冻结|锁定|禁用|停用|串号|设备|password|user|serial|captcha/i.test(message)) {
		return new ServiceError(`智邦登录失败：${maskText(message)} / Zhibang login failed: ${maskText(message)}`, {
			service: 'Zhibang',
			kind: 'business',
			serviceCode: 'login',
		});
	}
	return refusal(message, username);
}

function refusal(message: string, username: string): ServiceError {
	let zh: string;
	let en: string;
	if (/验证码/.test(message)) {
		zh = `智邦要求输入验证码（账号 ${username} 已多次登录失败）。请先在浏览器中成功登录一次，再更正凭证中的密码`;
		en = `Zhibang now demands a captcha for ${username} after repeated failed logins. Log in once in a browser, then correct the password in the credential`;
	} else if (/冻结|锁定|禁用|停用/.test(message)) {
		zh = `智邦账号 ${username} 已被冻结，请联系 ERP 管理员`;
		en = `Zhibang account ${username} is frozen; ask your ERP administrator`;
	} else if (/串号|设备|serial/i.test(message)) {
		zh = `智邦拒绝了设备串号（账号 ${username} 可能绑定了手机串号），请在凭证中填写绑定的串号`;
		en = `Zhibang refused the device serial number (account ${username} may be bound to a device); enter the bound serial in the credential`;
	} else {
		zh = `智邦账号 ${username} 的用户名或密码错误。为避免触发验证码或冻结，不会自动重试`;
		en = `Zhibang rejected the user name or password of ${username}. Not retried, so the account does not get a captcha or frozen`;
	}
	return new ServiceError(`${zh} / ${en}`, {
		service: 'Zhibang',
		kind: 'auth',
		serviceCode: 'login',
		description: [message ? `智邦返回 / Zhibang said: ${message}` : '', REFUSAL_NOTE].filter(Boolean).join('\n'),
	});
}

/** Log in; the session is `header.session` of the answer. */
export async function zhibangLogin(http: HttpRequest, credentials: ICredentialDataDecryptedObject): Promise<{ sessionToken: string }> {
	const baseUrl = zhibangBaseUrl(credentials);
	const username = str(credentials.username);
	const password = String(credentials.password ?? '');
	if (!baseUrl || !username || !password) {
		throw new ServiceError('请在凭证中填写智邦服务器地址、用户名和密码 / Enter the Zhibang server URL, user name and password in the credential', {
			service: 'Zhibang',
			kind: 'config',
		});
	}
	const path = credentials.loginEndpoint === 'legacy' ? LOGIN_PATHS.legacy : LOGIN_PATHS.v3;
	const response = await loginRequest(http, 'Zhibang', transportSettings(credentials), path, {
		method: 'POST',
		url: `${baseUrl}${path}`,
		body: {
			session: '',
			cmdkey: 'login',
			datas: [
				{ id: 'user', val: `txt:${username}` },
				{ id: 'password', val: `txt:${password}` },
				{ id: 'serialnum', val: `txt:${zhibangSerial(credentials)}` },
				{ id: 'rndcode', val: '' },
			],
		},
		json: true,
		headers: { 'content-type': String(credentials.contentType || 'application/json; charset=utf-8') },
	});
	const header = (loginAnswer('Zhibang', response, path).header ?? {}) as Record<string, unknown>;
	const token = String(header.session ?? '');
	if (Number(header.status) !== 0 || !token) throw loginFailure(String(header.message ?? ''), username);
	return { sessionToken: token };
}
