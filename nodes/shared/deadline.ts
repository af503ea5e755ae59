/**
 * Total deadlines for responses. n8n's request timeout only limits idle time: a server that sends
 * one byte every few hundred milliseconds never trips it. Bodies are therefore read here, as a
 * stream, against a deadline for the whole request (and an optional size cap); the connection is
 * closed as soon as either is passed. No timers: the idle timeout still covers a silent server,
 * and every arriving chunk checks the clock.
 */
import { ServiceError, type ServiceErrorDetails } from './errors';

/** A response body when `encoding: 'stream'` was asked for (a Node.js Readable). */
export type BodyStream = AsyncIterable<Buffer | string> & { destroy(error?: Error): void };

export function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { destroy?: unknown }).destroy === 'function' &&
		typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
	);
}

export interface ReadLimits {
	service: ServiceErrorDetails['service'];
	/** For messages: what was being read, e.g. a path. */
	what: string;
	/** Epoch ms by which the whole request must be done. */
	deadlineAt: number;
	/** The deadline's length, for the message. */
	deadlineMs: number;
	/** Larger bodies are refused (the connection is closed at once). */
	maxBytes?: number;
	/** The clock (tests pass none: the deadline is set from the same clock). */
	now?: () => number;
}

export function deadlineError(limits: ReadLimits): ServiceError {
	const seconds = Math.round(limits.deadlineMs / 100) / 10;
	return new ServiceError(
		`${limits.service} 响应超过总时限 ${seconds} 秒，已中止（${limits.what}）：服务器发送过慢 / ${limits.service} did not finish answering within the total deadline of ${seconds} s (${limits.what}): the server sends too slowly`,
		{ service: limits.service, kind: 'transport', serviceCode: 'DEADLINE' },
	);
}

export function tooLargeError(limits: ReadLimits, size: number | undefined): ServiceError {
	const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
	return new ServiceError(
		`${limits.service} 返回的文件超过大小上限 ${mb(limits.maxBytes ?? 0)}${size ? `（${mb(size)}）` : ''}，未下载（${limits.what}）/ The file from ${limits.service} is larger than the limit of ${mb(limits.maxBytes ?? 0)}${size ? ` (${mb(size)})` : ''}; not downloaded (${limits.what})`,
		{ service: limits.service, kind: 'business', serviceCode: 'TOO_LARGE' },
	);
}

/** Read a whole body stream within the deadline and size cap; the stream is destroyed when one is passed. */
export async function readBodyWithin(stream: BodyStream, limits: ReadLimits): Promise<Buffer> {
	const now = limits.now ?? Date.now;
	const chunks: Buffer[] = [];
	let size = 0;
	let failure: ServiceError | undefined;
	try {
		for await (const chunk of stream) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			chunks.push(bytes);
			size += bytes.length;
			if (limits.maxBytes !== undefined && limits.maxBytes > 0 && size > limits.maxBytes) failure = tooLargeError(limits, undefined);
			else if (now() > limits.deadlineAt) failure = deadlineError(limits);
			if (failure) break;
		}
	} catch (error) {
		failure = droppedError(limits, size, error);
	} finally {
		// Closes the connection when the read stopped early (or failed); harmless after the end.
		stream.destroy();
	}
	if (failure) throw failure;
	return Buffer.concat(chunks);
}

/** The connection dropped mid-body ("aborted", ECONNRESET): a transport failure, retried for reads. */
function droppedError(limits: ReadLimits, size: number, error: unknown): ServiceError {
	const code = String((error as { code?: unknown })?.code ?? 'ECONNRESET');
	return new ServiceError(
		`${limits.service} 的响应在传输中断开（已收到 ${size} 字节，${limits.what}）/ The connection to ${limits.service} dropped while the answer was arriving (${size} bytes received, ${limits.what})`,
		{ service: limits.service, kind: 'transport', serviceCode: /^[A-Z_]+$/.test(code) ? code : 'ECONNRESET' },
	);
}

/** A body stream whose incoming chunks can be watched where they enter it (`push`). */
export type PushedStream = BodyStream & { push(chunk: unknown, encoding?: unknown): boolean; readableLength?: number };

/**
 * Hand a body stream to `consume` (e.g. n8n's prepareBinaryData, which streams it to disk) under
 * the same deadline and size cap as `readBodyWithin`, without holding the body in memory. Chunks
 * are counted where they enter the stream (plus what its buffer held already), so however
 * `consume` reads it (pipe, events, iteration) nothing changes for it; past a limit the stream is
 * destroyed with that error. A dropped connection
 * becomes a transport failure. Resolves with what `consume` returned and the bytes received.
 */
export async function consumeBodyWithin<T>(
	stream: PushedStream,
	limits: ReadLimits,
	consume: (stream: PushedStream) => Promise<T>,
): Promise<{ value: T; size: number }> {
	const now = limits.now ?? Date.now;
	// What arrived before we started watching is already in the stream's buffer.
	let size = Number(stream.readableLength ?? 0) || 0;
	let failure: ServiceError | undefined;
	const push = stream.push.bind(stream);
	stream.push = (chunk: unknown, encoding?: unknown) => {
		if (chunk !== null && chunk !== undefined && !failure) {
			size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
			if (limits.maxBytes !== undefined && limits.maxBytes > 0 && size > limits.maxBytes) failure = tooLargeError(limits, undefined);
			else if (now() > limits.deadlineAt) failure = deadlineError(limits);
			if (failure) {
				stream.destroy(failure);
				return false;
			}
		}
		return push(chunk, encoding);
	};
	let value: T;
	try {
		value = await consume(stream);
	} catch (error) {
		throw failure ?? droppedError(limits, size, error);
	}
	if (failure) throw failure;
	return { value, size };
}
