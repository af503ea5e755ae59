/**
 * The Yunke password encryption (raw RSA, no padding, big-endian, lower-case hex) against
 * node-forge as an independent oracle, and against the simulator's decryption.
 */
import forge from 'node-forge';

import { yunkeEncrypt } from '../../nodes/Yunke/transport/rsa';
import { decryptPassword, generateSecureKey } from '../../simulators/yunke/rsa';

function forgeRawEncrypt(password: string, modulusHex: string, exponentHex: string): string {
	const n = new forge.jsbn.BigInteger(modulusHex, 16);
	const e = new forge.jsbn.BigInteger(exponentHex, 16);
	const m = new forge.jsbn.BigInteger(forge.util.bytesToHex(forge.util.encodeUtf8(password)), 16);
	const hex = m.modPow(e, n).toString(16);
	return hex.length % 2 ? `0${hex}` : hex;
}

describe('yunkeEncrypt', () => {
	const passwords = ['Yunke@2026', 'a', '中文密码Ab1!', 'x'.repeat(100), ' spaced pass '];

	test.each([512, 1024, 2048])('equals node-forge and decrypts on the simulator (%i-bit key)', async (bits) => {
		const key = await generateSecureKey(bits);
		for (const password of passwords.filter((p) => Buffer.byteLength(p) < bits / 8)) {
			const cipher = yunkeEncrypt(password, key.modulusHex, key.exponentHex);
			expect(cipher).toMatch(/^[0-9a-f]+$/);
			expect(cipher.length % 2).toBe(0);
			expect(cipher).toBe(forgeRawEncrypt(password, key.modulusHex, key.exponentHex));
			expect(decryptPassword(key, cipher)).toBe(password);
		}
	});

	test('is deterministic (textbook RSA: no random padding)', async () => {
		const key = await generateSecureKey(1024);
		expect(yunkeEncrypt('same', key.modulusHex, key.exponentHex)).toBe(yunkeEncrypt('same', key.modulusHex, key.exponentHex));
	});

	test('a password too long for the key is refused with a clear message', async () => {
		const key = await generateSecureKey(512);
		expect(() => yunkeEncrypt('p'.repeat(64), key.modulusHex, key.exponentHex)).toThrow(/too long/);
	});
});
