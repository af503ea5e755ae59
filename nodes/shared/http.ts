/**
 * HTTP plumbing shared by both transports: reading full responses, cookies, multipart bodies,
 * and classifying transport-level failures. No session knowledge here.
 */
import { randomBytes } from 'node:crypto';

import { excerpt, maskText } from './mask';
import { causeChain, findServiceError, ServiceError, type ServiceErrorDetails } from './errors';

export interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export function headerOf(response: FullResponse, name: string): string {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(response.headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.map(String).join(', ');
		return value === undefined || value === null ? '' : String(value);
	}
	return '';
}

export function setCookieHeaders(response: FullResponse): string[] {
	for (const [key, value] of Object.entries(response.headers ?? {})) {
		if (key.toLowerCase() !== 'set-cookie') continue;
		if (Array.isArray(value)) return value.map(String);
		if (typeof value === 'string') return [value];
	}
	return [];
}

export function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	return JSON.stringify(body);
}

export interface ParsedBody {
	/** The JSON document when the body is a JSON object or array. */
	json?: Record<string, unknown> | unknown[];
	text: string;
	html: boolean;
}

/** Responses may contain raw control characters inside strings (docs/protocol/zhibang.md §10, pitfall 4). */
function lenientJsonParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// eslint-disable-next-line no-control-regex
		return JSON.parse(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' '));
	}
}

export function parseBody(response: FullResponse): ParsedBody {
	const { body } = response;
	if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof ArrayBuffer)) {
		return { json: body as Record<string, unknown>, text: '', html: false };
	}
	const text = bodyText(body);
	const contentType = headerOf(response, 'content-type');
	const trimmed = text.trimStart();
	const html = /text\/html/i.test(contentType) || /^<(!doctype|html|\?xml|head|body)/i.test(trimmed);
	// A JSON document is one whatever the content type (ASP servers often label JSON text/html).
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			const json = lenientJsonParse(trimmed);
			if (json !== null && typeof json === 'object') return { json: json as Record<string, unknown>, text, html: false };
		} catch {
			// falls through: malformed JSON is reported by the caller with an excerpt
		}
	}
	return { text, html };
}

/** A ServiceError for a response that is not the JSON document the service should send. */
export function unexpectedBodyError(
	service: ServiceErrorDetails['service'],
	response: FullResponse,
	parsed: ParsedBody,
	path: string,
): ServiceError {
	path = maskText(path);
	const status = response.statusCode;
	const what = parsed.text.trim() === '' ? '空响应 / an empty body' : parsed.html ? 'HTML 页面 / an HTML page' : '无法解析的 JSON / malformed JSON';
	return new ServiceError(
		`${service} 返回了${what.split(' / ')[0]}（HTTP ${status}，${path}）/ ${service} answered ${what.split(' / ')[1]} (HTTP ${status}, ${path})`,
		{
			service,
			kind: 'transport',
			httpStatus: status,
			serviceCode: String(status),
			description: `HTTP ${status} ${path}: ${excerpt(parsed.text) || '(empty)'}`,
		},
	);
}

export function httpStatusError(
	service: ServiceErrorDetails['service'],
	response: FullResponse,
	parsed: ParsedBody,
	path: string,
): ServiceError {
	path = maskText(path);
	const status = response.statusCode;
	const server = status >= 500;
	return new ServiceError(
		server
			? `${service} 服务暂时不可用（HTTP ${status}，${path}）/ ${service} is temporarily unavailable (HTTP ${status}, ${path})`
			: `${service} 拒绝了请求（HTTP ${status}，${path}）/ ${service} refused the request (HTTP ${status}, ${path})`,
		{
			service,
			kind: server ? 'transport' : 'business',
			httpStatus: status,
			serviceCode: String(status),
			description: `HTTP ${status} ${path}: ${excerpt(parsed.json ?? parsed.text) || '(empty)'}`,
		},
	);
}

const NETWORK_CODES = new Set([
	'ETIMEDOUT',
	'ECONNRESET',
	'ECONNABORTED',
	'ECONNREFUSED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_NETWORK',
	'ERR_BAD_RESPONSE',
]);

/** A network-level failure (no HTTP response), found anywhere in the error's cause chain. */
export function networkErrorOf(error: unknown): { code: string; message: string } | undefined {
	for (const current of causeChain(error)) {
		if (typeof current !== 'object') break;
		const { code, message } = current as { code?: unknown; message?: unknown };
		const text = typeof message === 'string' ? message : '';
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return { code, message: text };
		if (/timeout|socket hang up|ECONNRESET|ECONNREFUSED|aborted/i.test(text)) {
			return { code: typeof code === 'string' ? code : 'ETIMEDOUT', message: text };
		}
	}
	return undefined;
}

export function networkError(
	service: ServiceErrorDetails['service'],
	failure: { code: string; message: string },
	path: string,
): ServiceError {
	path = maskText(path);
	const timeout = /TIMEDOUT|timeout|ECONNABORTED/i.test(`${failure.code} ${failure.message}`);
	return new ServiceError(
		timeout
			? `${service} 请求超时（${path}）/ ${service} did not answer in time (${path})`
			: `无法连接 ${service}（${failure.code}，${path}）/ Could not reach ${service} (${failure.code}, ${path})`,
		{ service, kind: 'transport', serviceCode: failure.code, description: maskText(failure.message) },
	);
}

/**
 * An error thrown by n8n's request helpers, normalised: our ServiceError (also when n8n wrapped one
 * thrown inside preAuthentication), a network failure as ServiceError('transport'), or n8n's own
 * error unchanged.
 */
export function normaliseRequestError(service: ServiceErrorDetails['service'], error: unknown, path: string): unknown {
	const known = findServiceError(error);
	if (known) return known;
	const network = networkErrorOf(error);
	if (network) return networkError(service, network, path);
	return error;
}

/** Name=value pairs kept from Set-Cookie headers, attributes dropped. */
export class CookieJar {
	private readonly cookies = new Map<string, string>();

	absorb(response: FullResponse): this {
		for (const line of setCookieHeaders(response)) {
			const pair = line.split(';')[0];
			const eq = pair.indexOf('=');
			if (eq <= 0) continue;
			this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		return this;
	}

	set(name: string, value: string): this {
		this.cookies.set(name, value);
		return this;
	}

	has(name: string): boolean {
		return this.cookies.has(name);
	}

	header(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}
}

/** A multipart/form-data body of text fields, built by hand so no form library is needed at runtime. */
export function multipartBody(fields: Record<string, string>): { body: Buffer; contentType: string } {
	const boundary = `----n8nFormBoundary${randomBytes(12).toString('hex')}`;
	const parts = Object.entries(fields).map(
		([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
	);
	return {
		body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}
