import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** Connection tuning shared by both credential types (under "Advanced Settings"). */
export const advancedConnectionProperties: INodeProperties[] = [
	{
		displayName: 'Ignore SSL Issues (Insecure) / 忽略 SSL 证书问题',
		name: 'allowUnauthorizedCerts',
		type: 'boolean',
		default: false,
		description: 'Whether to connect even if SSL certificate validation is not possible',
	},
	{
		displayName: 'Advanced Settings / 高级设置',
		name: 'advanced',
		type: 'boolean',
		default: false,
		description: 'Whether to show timeout and retry settings (一般无需修改)',
	},
	{
		displayName: 'Request Timeout (Seconds) / 请求超时（秒）',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		displayOptions: { show: { advanced: [true] } },
	},
	{
		displayName: 'Total Deadline (Seconds) / 总时限（秒）',
		name: 'deadlineSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 120,
		description:
			'Longest time one request may take in total, recording downloads included, however slowly the server keeps sending (the request timeout above only limits silence) (单个请求的总时长上限)',
		displayOptions: { show: { advanced: [true] } },
	},
	{
		displayName: 'Read Retries / 读取重试次数',
		name: 'readRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 2,
		description:
			'Writes are never retried blindly. 写入操作不会盲目重试。How often a read is retried after HTTP 5xx, a timeout or a dropped connection.',
		displayOptions: { show: { advanced: [true] } },
	},
	{
		displayName: 'Retry Delay (Milliseconds) / 重试间隔（毫秒）',
		name: 'retryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 500,
		description: 'First wait before a retry; it doubles on each further retry',
		displayOptions: { show: { advanced: [true] } },
	},
	{
		displayName: 'Throttle Wait Budget (Seconds) / 限流等待上限（秒）',
		name: 'throttleBudgetSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description:
			'When the service answers "请勿频繁操作" (too many requests), wait and try again for at most this long in total',
		displayOptions: { show: { advanced: [true] } },
	},
	{
		displayName: "Wait for Another Worker's Login (Seconds) / 等待其他进程登录（秒）",
		name: 'kickedWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60 },
		default: 5,
		description:
			"服务提示本账号已在别处登录、当前会话被顶替时，最多等待这么久，等另一个进程（如队列模式的其他 worker）把它的会话存入 n8n 凭据后直接使用；超时才自行重新登录（0 = 不等待）。When the service says another login of this account replaced the session, wait at most this long for that worker's session to appear in n8n's credential store before logging in again (0 = log in again at once)",
		displayOptions: { show: { advanced: [true] } },
	},
];

export interface TransportSettings {
	insecure: boolean;
	timeoutMs: number;
	/** Longest a whole request may take (the timeout only limits idle time). */
	deadlineMs: number;
	readRetries: number;
	retryDelayMs: number;
	throttleBudgetMs: number;
	/** After "another login replaced this session": how long to wait for that login's session to be stored (0 = not at all). */
	kickedWaitMs: number;
}

/** Bounds of the kicked-session wait, in ms (the credential field takes 0–60 s). */
export const KICKED_WAIT_DEFAULT_MS = 5000;
export const KICKED_WAIT_MAX_MS = 60_000;

function num(value: unknown, fallback: number): number {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Seconds from the credential as ms within 0..max; not a number at all gives the default. */
function clampedMs(value: unknown, fallbackMs: number, maxMs: number): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(n)) return fallbackMs;
	return Math.min(maxMs, Math.max(0, Math.round(n * 1000)));
}

/** Settings from a credential; the defaults apply when "Advanced Settings" is off. */
export function transportSettings(credentials: ICredentialDataDecryptedObject): TransportSettings {
	const advanced = credentials.advanced === true;
	return {
		insecure: credentials.allowUnauthorizedCerts === true,
		timeoutMs: (advanced ? num(credentials.timeoutSeconds, 30) : 30) * 1000,
		deadlineMs: (advanced ? num(credentials.deadlineSeconds, 120) : 120) * 1000,
		readRetries: advanced ? num(credentials.readRetries, 2) : 2,
		retryDelayMs: advanced ? num(credentials.retryDelayMs, 500) : 500,
		throttleBudgetMs: (advanced ? num(credentials.throttleBudgetSeconds, 60) : 60) * 1000,
		kickedWaitMs: advanced ? clampedMs(credentials.kickedWaitSeconds, KICKED_WAIT_DEFAULT_MS, KICKED_WAIT_MAX_MS) : KICKED_WAIT_DEFAULT_MS,
	};
}

/** The options every request of this package is sent with: the full response whatever its status, redirects not followed. */
export function rawResponseOptions(
	settings: TransportSettings,
): Pick<IHttpRequestOptions, 'returnFullResponse' | 'ignoreHttpStatusErrors' | 'disableFollowRedirect' | 'timeout' | 'skipSslCertificateValidation'> {
	return {
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: settings.timeoutMs,
		skipSslCertificateValidation: settings.insecure,
	};
}
