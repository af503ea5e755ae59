import { constants, createPublicKey, publicEncrypt } from 'node:crypto';

import { ServiceError } from '../../shared/errors';

function hexToBase64Url(hex: string): string {
	const clean = hex.replace(/^0x/i, '');
	return Buffer.from(clean.length % 2 ? `0${clean}` : clean, 'hex').toString('base64url');
}

/**
 * Yunke's password encryption: textbook RSA without padding (docs/protocol/yunke.md §3.3).
 * m = UTF-8 bytes of the password read big-endian; c = m^e mod n; lower-case hex of c,
 * with a leading "0" when the hex has an odd length.
 */
export function yunkeEncrypt(password: string, modulusHex: string, exponentHex: string): string {
	const key = createPublicKey({
		key: { kty: 'RSA', n: hexToBase64Url(modulusHex), e: hexToBase64Url(exponentHex) },
		format: 'jwk',
	});
	const size = key.asymmetricKeyDetails?.modulusLength
		? Math.ceil(key.asymmetricKeyDetails.modulusLength / 8)
		: Math.ceil(modulusHex.replace(/^0x/i, '').replace(/^0+/, '').length / 2);
	const message = Buffer.from(password, 'utf8');
	if (message.length >= size) {
		throw new ServiceError('密码过长，无法用云客的公钥加密 / The password is too long for the Yunke login key', {
			service: 'Yunke',
			kind: 'config',
		});
	}
	const block = Buffer.alloc(size);
	message.copy(block, size - message.length);
	const cipher = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
	const hex = cipher.toString('hex').replace(/^0+/, '');
	return hex.length % 2 ? `0${hex}` : hex;
}
