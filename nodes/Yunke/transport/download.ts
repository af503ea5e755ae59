/**
 * Recording files: they live on an object-storage host, not the console, so they are fetched
 * without session cookies, with the console page as Referer (the storage checks it). Only the
 * Referer's domain needs the session (the company's console domain).
 */
import { ServiceError } from '../../shared/errors';
import { headerOf, normaliseRequestError, type FullResponse } from '../../shared/http';
import { excerpt } from '../../shared/mask';
import { withRetries, type RequestContext } from '../../shared/transport';
import { transportSettings, type TransportSettings } from '../../shared/transportSettings';
import { COMMON_HEADERS, REFERERS } from './constants';
import { yunkeSessionDomain } from './index';

/** The response body when `encoding: 'stream'` is used (a Node.js Readable). */
type BodyStream = AsyncIterable<Buffer> & { destroy(): void };

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

/** GET the file without any session cookie (the OSS host is not the console); only the Referer it checks. */
async function requestRecording(
	ctx: RequestContext,
	url: string,
	referer: string,
	settings: TransportSettings,
): Promise<FullResponse> {
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
			skipSslCertificateValidation: settings.insecure,
		})) as FullResponse;
	} catch (error) {
		throw normaliseRequestError('Yunke', error, '录音下载 recording download');
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
	return response;
}

/** Download a recording URL; the response body is a stream of the MP3. Retried on transport failures. */
export async function downloadRecording(ctx: RequestContext, url: string): Promise<FullResponse> {
	const credentials = await ctx.getCredentials('yunkeApi');
	const settings = transportSettings(credentials);
	const referer = `${await yunkeSessionDomain(ctx, credentials)}${REFERERS.record}`;
	return await withRetries(ctx, 'Yunke', '录音下载 recording download', true, settings, async () =>
		await requestRecording(ctx, url, referer, settings),
	);
}
