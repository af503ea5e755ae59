/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Recordings served by the fake Aliyun OSS of the simulator.
 *
 * File layout for a call id and a size S (bytes, exact):
 *   ID3v2.3 tag: "ID3" 03 00 00 <syncsafe size>, one TIT2 frame whose text is the call id, then zero padding
 *   N MPEG-1 Layer III frames, 144 bytes each: header FF FB 18 C4 (32 kbit/s, 32 kHz, mono, no CRC),
 *   17 bytes of zero side info and a zero main-data payload, which decodes to silence.
 * The tag padding absorbs the remainder, so the file is exactly S bytes and ends on a frame boundary.
 * At 32 kbit/s one second of audio is 4000 bytes, so a proportional file plays for about callSeconds.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';

export const MP3_FRAME_HEADER = Buffer.from([0xff, 0xfb, 0x18, 0xc4]);
export const MP3_FRAME_BYTES = 144;
/** Bytes per second of audio at 32 kbit/s. */
export const MP3_BYTES_PER_SECOND = 4000;
/** Smallest proportional recording. */
export const MIN_RECORDING_BYTES = 8 * 1024;

/** Size of a call's recording: `forced` when > 0, else proportional to callSeconds (at least 8 KiB). */
export function recordingSizeFor(callSeconds: number, forced = 0): number {
	if (forced > 0) return Math.floor(forced);
	return Math.max(MIN_RECORDING_BYTES, 1024 + Math.max(0, callSeconds) * MP3_BYTES_PER_SECOND);
}

const FRAME = (() => {
	const frame = Buffer.alloc(MP3_FRAME_BYTES);
	MP3_FRAME_HEADER.copy(frame, 0);
	return frame;
})();
/** Many whole frames, copied from when streaming. */
const FRAME_BLOCK = Buffer.alloc(MP3_FRAME_BYTES * 455);
for (let i = 0; i < 455; i++) FRAME.copy(FRAME_BLOCK, i * MP3_FRAME_BYTES);

function syncsafe(n: number): Buffer {
	return Buffer.from([(n >>> 21) & 0x7f, (n >>> 14) & 0x7f, (n >>> 7) & 0x7f, n & 0x7f]);
}

/** The ID3 tag of a recording and where the frames start. */
function layout(id: string, size: number): { tag: Buffer; framesStart: number } {
	const title = Buffer.from(id, 'latin1');
	const tit2Body = Buffer.concat([Buffer.from([0]), title]);
	const tit2 = Buffer.concat([Buffer.from('TIT2', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0]), tit2Body]);
	tit2.writeUInt32BE(tit2Body.length, 4);
	const minTag = 10 + tit2.length;
	const frames = size > minTag ? Math.floor((size - minTag) / MP3_FRAME_BYTES) : 0;
	const tagLength = Math.max(minTag, size - frames * MP3_FRAME_BYTES);
	const tag = Buffer.alloc(tagLength);
	Buffer.from('ID3', 'latin1').copy(tag, 0);
	tag[3] = 3;
	syncsafe(tagLength - 10).copy(tag, 6);
	tit2.copy(tag, 10);
	return { tag, framesStart: tagLength };
}

/** Bytes [offset, offset + length) of the recording of `id` with total size `size`. */
function slice(id: string, size: number, offset: number, length: number, tagLayout = layout(id, size)): Buffer {
	const end = Math.min(size, offset + length);
	const out = Buffer.alloc(Math.max(0, end - offset));
	let pos = offset;
	const { tag, framesStart } = tagLayout;
	while (pos < end) {
		if (pos < framesStart) {
			const n = Math.min(end, framesStart) - pos;
			tag.copy(out, pos - offset, pos, pos + n);
			pos += n;
		} else {
			const phase = (pos - framesStart) % MP3_FRAME_BYTES;
			const n = Math.min(end - pos, FRAME_BLOCK.length - phase);
			FRAME_BLOCK.copy(out, pos - offset, phase, phase + n);
			pos += n;
		}
	}
	return out;
}

/** The exact bytes of the recording of call `id` when it is `size` bytes long. */
export function recordingBytesFor(id: string, size: number): Buffer {
	return slice(id, size, 0, size);
}

/** The same bytes as `recordingBytesFor`, generated on the fly in 64 KiB chunks (no full-size buffer). */
export function recordingStream(id: string, size: number, chunkBytes = 64 * 1024): Readable {
	const tagLayout = layout(id, size);
	let offset = 0;
	return new Readable({
		read() {
			if (offset >= size) {
				this.push(null);
				return;
			}
			const chunk = slice(id, size, offset, chunkBytes, tagLayout);
			offset += chunk.length;
			this.push(chunk);
		},
	});
}

// ---- URL signing, Aliyun OSS V1 query-string style ----

export const OSS_BUCKET = 'yunke-sim-record';
export const OSS_ACCESS_KEY_ID = 'LTAI5tYunkeSimulator01';
const OSS_SECRET = 'yunke-simulator-oss-secret-not-a-real-key';

export function ossObjectKey(id: string): string {
	return `record/${id}.mp3`;
}

export function ossSignature(objectKey: string, expiresSec: number): string {
	return crypto
		.createHmac('sha1', OSS_SECRET)
		.update(`GET\n\n\n${expiresSec}\n/${OSS_BUCKET}/${objectKey}`)
		.digest('base64');
}

/** `<origin>/oss/record/<id>.mp3?Expires=…&OSSAccessKeyId=…&Signature=…` */
export function signedRecordUrl(origin: string, id: string, expiresSec: number): string {
	const signature = ossSignature(ossObjectKey(id), expiresSec);
	return (
		`${origin}/oss/${ossObjectKey(id)}?Expires=${expiresSec}` +
		`&OSSAccessKeyId=${OSS_ACCESS_KEY_ID}&Signature=${encodeURIComponent(signature)}`
	);
}

export function ossErrorXml(code: string, message: string, extra = ''): string {
	const requestId = crypto.randomBytes(12).toString('hex').toUpperCase();
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
		`  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n` +
		`  <HostId>${OSS_BUCKET}.oss-cn-hangzhou.aliyuncs.com</HostId>\n${extra}</Error>\n`
	);
}
