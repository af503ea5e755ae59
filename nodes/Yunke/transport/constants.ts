/** Protocol constants of the Yunke PC web console API (docs/protocol/yunke.md). */

export const YUNKE_DEFAULT_DOMAIN = 'https://crm.yunkecn.com';

/** Body codes that mean "log in again" (seed: RELOGIN_ERROR_CODES). */
export const RELOGIN_CODES = new Set(['10001', '10002', '401', '10003', '22003', '22004', '302']);

/** Whether a console envelope reports success (`success: true`, or code 10000 / 200). */
export function isOkEnvelope(envelope: { success?: unknown; code?: unknown }): boolean {
	return envelope.success === true || ['10000', '200'].includes(String(envelope.code ?? ''));
}

/** Body codes that mean the password or account is refused: never retried (seed: PASSWORD_ERROR_CODES). */
export const PASSWORD_CODES = new Set(['10004', '10005', '10006', '22001', '22002']);

/** Message keywords that mean "log in again" when no known code is present (seed). */
export const RELOGIN_KEYWORDS = /登录|过期|失效|session|token/i;

/** Console pages sent as Referer per endpoint (docs/protocol/yunke.md §2.1). */
export const REFERERS = {
	login: '/cms/auth/login',
	report: '/cms/home/reportform/call',
	callLog: '/cms/customer/callHistory',
	record: '/cms/customer/callDetail',
	deptTree: '/cms/home/statistics',
} as const;

/** Headers every console request carries (docs/protocol/yunke.md §2.1). */
export const COMMON_HEADERS: Record<string, string> = {
	accept: 'application/json, text/plain, */*',
	'accept-language': 'zh-CN',
	channel: '4',
	source: 'yunkepc',
	dnt: '1',
	'user-agent':
		'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0',
};

export function normalizeDomain(value: unknown): string {
	let text = typeof value === 'string' ? value.trim() : '';
	if (!text) return '';
	if (!/^https?:\/\//i.test(text)) text = `https://${text}`;
	return text.replace(/\/+$/, '');
}
