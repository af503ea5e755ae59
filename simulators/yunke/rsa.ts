/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * The login RSA of docs/protocol/yunke.md §3.3: the server hands out (modulus, public_exponent) as hex, the client
 * encrypts the UTF-8 password as a big-endian integer with textbook RSA (no padding).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPair = promisify(crypto.generateKeyPair);

export interface SecureKey {
	/** Lower-case hex of n. */
	modulusHex: string;
	/** Lower-case hex of e ("10001"). */
	exponentHex: string;
	/** Modulus size in bytes. */
	bytes: number;
	modulus: bigint;
	privateKey: crypto.KeyObject;
}

export async function generateSecureKey(bits: number): Promise<SecureKey> {
	const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: bits, publicExponent: 65537 });
	const jwk = publicKey.export({ format: 'jwk' });
	const modulusHex = Buffer.from(String(jwk.n), 'base64url').toString('hex').replace(/^0+/, '');
	const exponentHex = Buffer.from(String(jwk.e), 'base64url').toString('hex').replace(/^0+/, '');
	return {
		modulusHex,
		exponentHex,
		bytes: Math.ceil(modulusHex.length / 2),
		modulus: BigInt(`0x${modulusHex}`),
		privateKey,
	};
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * m = c^d mod n, big-endian bytes, leading 0x00 stripped, decoded as UTF-8.
 * Returns undefined when the ciphertext is not hex, not below n, or does not decode.
 */
export function decryptPassword(key: SecureKey, cipherHex: string): string | undefined {
	const hex = cipherHex.trim();
	if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
	const c = BigInt(`0x${hex}`);
	if (c >= key.modulus) return undefined;
	const block = Buffer.from(c.toString(16).padStart(key.bytes * 2, '0'), 'hex');
	let plain: Buffer;
	try {
		plain = crypto.privateDecrypt({ key: key.privateKey, padding: crypto.constants.RSA_NO_PADDING }, block);
	} catch {
		return undefined;
	}
	let start = 0;
	while (start < plain.length && plain[start] === 0) start++;
	try {
		return utf8.decode(plain.subarray(start));
	} catch {
		return undefined;
	}
}
