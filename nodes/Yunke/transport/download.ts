/**
 * Recording files: they live on an object-storage host, not the console, so they are fetched
 * without session cookies, with the console page as Referer (the storage checks it). Only the
 * Referer's domain needs the session (the company's console domain).
 *
 * The whole body is read inside the retry loop, within the total deadline and the optional size
 * cap: a body cut short is retried like any failed read, and ends in a clean error. "Ignore SSL
 * issues" applies to the service host only: a storage host elsewhere is always verified.
 */
import { consumeBodyWithin, tooLargeError, type BodyStream, type PushedStream } from '../../shared/deadline';
import { ServiceError } from '../../shared/errors';
import { headerOf, normaliseRequestError, type FullResponse } from '../../shared/http';
import { excerpt } from '../../shared/mask';
import { withRetries, type RequestContext } from '../../shared/transport';
import { transportSettings, type TransportSettings } from '../../shared/transportSettings';
import { COMMON_HEADERS, REFERERS } from './constants';
import { yunkeSessionDomain } from './index';

async function readText(stream: BodyStream, max = 2048): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		chunks.push(Buffer.from(chunk as Buffer));
		size += (chunk as Buffer).length;
		if (size >= max) break;
	}
	stream.destroy();
	return Buffer.concat(chunks).toString('utf8');
}

export interface RecordingLimits {
	/** Larger recordings are refused; 0 or undefined = no cap. */
	maxBytes?: number;
}

/** A downloaded recording: the response (headers, status), what the consumer made of the body, its size. */
export interface Recording<T> {
	response: FullResponse;
	stored: T;
	size: number;
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname.toLowerCase();
	} catch {
		return '';
	}
}

/** GET the file without any session cookie (the OSS host is not the console); only the Referer it checks. */
async function requestRecording<T>(
	ctx: RequestContext,
	url: string,
	referer: string,
	settings: TransportSettings,
	serviceHosts: string[],
	limits: RecordingLimits,
	store: (body: PushedStream) => Promise<T>,
): Promise<Recording<T>> {
	const what = '录音下载 recording download';
	const deadlineAt = Date.now() + settings.deadlineMs;
	let response: FullResponse;
	try {
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			headers: { 'user-agent': COMMON_HEADERS['user-agent'], accept: 'audio/*,*/*', referer },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
			// "Ignore SSL issues" is for the service's own host; a storage host elsewhere is always verified.
			skipSslCertificateValidation: settings.insecure && serviceHosts.includes(hostOf(url)),
		})) as FullResponse;
	} catch (error) {
		throw normaliseRequestError('Yunke', error, what);
	}
	const contentType = headerOf(response, 'content-type');
	if (response.statusCode !== 200 || /json|xml|html/i.test(contentType)) {
		const text = await readText(response.body as BodyStream);
		const status = response.statusCode;
		throw new ServiceError(
			status === 403
				? `录音服务器拒绝下载（HTTP 403，防盗链或地址已过期）/ The recording server refused the download (HTTP 403: referer check or an expired URL)`
				: `录音下载失败（HTTP ${status}，${contentType || '无类型'}）/ Recording download failed (HTTP ${status}, ${contentType || 'no content type'})`,
			{
				service: 'Yunke',
				kind: status >= 500 ? 'transport' : 'business',
				httpStatus: status,
				serviceCode: String(status),
				description: excerpt(text),
			},
		);
	}
	const readLimits = { service: 'Yunke' as const, what, deadlineAt, deadlineMs: settings.deadlineMs, maxBytes: limits.maxBytes };
	const declared = Number(headerOf(response, 'content-length'));
	if (limits.maxBytes && Number.isFinite(declared) && declared > limits.maxBytes) {
		(response.body as BodyStream).destroy();
		throw tooLargeError(readLimits, declared);
	}
	// Streamed to its store (n8n's binary data: a file in filesystem mode), never held in memory.
	const { value: stored, size } = await consumeBodyWithin(response.body as PushedStream, readLimits, store);
	if (Number.isFinite(declared) && headerOf(response, 'content-length') !== '' && size !== declared) {
		throw new ServiceError(
			`录音文件不完整（收到 ${size} / ${declared} 字节）/ The recording arrived incomplete (${size} of ${declared} bytes)`,
			{ service: 'Yunke', kind: 'transport', serviceCode: 'INCOMPLETE' },
		);
	}
	return { response, stored, size };
}

/**
 * Download a recording URL and hand its body to `store` as it arrives. Retried (body included, a
 * new store each time) on transport failures: a cut body, a dropped connection, a 5xx.
 */
export async function downloadRecording<T>(
	ctx: RequestContext,
	url: string,
	limits: RecordingLimits,
	store: (body: PushedStream) => Promise<T>,
): Promise<Recording<T>> {
	const credentials = await ctx.getCredentials('yunkeApi');
	const settings = transportSettings(credentials);
	const domain = await yunkeSessionDomain(ctx, credentials);
	const referer = `${domain}${REFERERS.record}`;
	const serviceHosts = [hostOf(domain), hostOf(String(credentials.domain ?? ''))].filter(Boolean);
	return await withRetries(ctx, 'Yunke', '录音下载 recording download', true, settings, async () =>
		await requestRecording(ctx, url, referer, settings, serviceHosts, limits, store),
	);
}
