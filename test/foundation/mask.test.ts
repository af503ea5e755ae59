/** Masking of mobile numbers and secrets (nodes/shared/mask.ts), including the shapes people type numbers in. */
import { excerpt, maskInput, maskText, pathLabel } from '../../nodes/shared/mask';
import { unmaskedMobiles } from '../engine/logs';

describe('maskText', () => {
	test.each([
		['13800138000', '138****8000'],
		['call 13800138000 now', 'call 138****8000 now'],
		['+86 138-0013-8000 转 2', '138****8000 转 2'],
		['+8613800138000', '138****8000'],
		['008613800138000', '138****8000'],
		['8613800138000', '138****8000'],
		['138 0013 8000', '138****8000'],
		['a:13800138000,b:19912345678', 'a:138****8000,b:199****5678'],
	])('%s', (input, masked) => {
		expect(maskText(input)).toBe(masked);
		expect(unmaskedMobiles(maskText(input))).toEqual([]);
	});

	test.each(['2026-11-28 09:52:55', 'phone-5f0c2a1e9b7d4c6f8a3e2d1c0b9a8f7e', '12345678901', '138001380001', 'order 20261128001'])(
		'leaves what is no mobile alone: %s',
		(input) => {
			expect(maskText(input)).toBe(input);
		},
	);
});

test('maskInput keeps three leading and two trailing characters of a value that is no valid number', () => {
	expect(maskInput('138-0013-80001')).toBe('138*********01');
	expect(maskInput('1234')).toBe('****');
});

test('excerpt is short, single-line and masked', () => {
	const text = excerpt(`{"msg":"bad\n  request for 13800138000","pad":"${'y'.repeat(400)}"}`);
	expect(text).not.toContain('\n');
	expect(text).toContain('138****8000');
	expect(text.length).toBeLessThanOrEqual(161);
});

test('a request path in messages loses its query and masks numbers in the path', () => {
	expect(pathLabel('/custom/13800138000/detail?phone=13900139000&x=1')).toBe('/custom/138****8000/detail');
});
