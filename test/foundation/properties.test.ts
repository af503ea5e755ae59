/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Property-based tests (fast-check) over generated hostile inputs: Admission, the upsert's field
 * mapping (Extra Fields allow-list), masking of every mobile spelling the parser accepts, the
 * redaction of secrets, and the PageGuard's bound on requests against any server behaviour.
 * Plus the storage host's TLS verification with "Ignore SSL issues" on.
 */
import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { customerFieldsToDatas } from '../../nodes/Zhibang/actions/common';
import { checkAdmission, CONTROL_KEYS, isControlKey, normalizeMobile, parseScore } from '../../nodes/Zhibang/rules';
import { hideSecretsInText, maskText, REDACTED } from '../../nodes/shared/mask';
import { countOf, MAX_PAGES, PageGuard } from '../../nodes/shared/paging';
import { redactData, redactText } from '../../nodes/shared/redact';
import { unmaskedMobiles } from '../engine/logs';

// A fixed seed: the same generated inputs on every run and machine (no test depends on the clock);
// change it to explore, and keep any counterexample found as an explicit case below.
fc.configureGlobal({ seed: 20261130 });

const RUNS = { numRuns: 300 };

const asciiDigit = fc.constantFrom(...'0123456789');
/** An 11-digit mainland mobile. */
const mobile = fc
	.tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), fc.array(asciiDigit, { minLength: 9, maxLength: 9 }))
	.map(([second, rest]) => `1${second}${rest.join('')}`);
const separator = fc.constantFrom('', '', ' ', '-', '.', '(', ')', '（', '）', '\u00a0', '\u3000', '–', '—');
const prefix = fc.constantFrom('', '+86', '＋86', '0086', '86', '+８６', '(+86) ');

/** A spelling of `digits` the mobile parser accepts: separators anywhere, some digits full-width, a prefix. */
const spelling = fc
	.tuple(mobile, prefix, fc.array(separator, { minLength: 12, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }))
	.map(([digits, pre, seps, wide]) => {
		const body = [...digits].map((d, i) => `${seps[i]}${wide[i] ? String.fromCharCode(d.charCodeAt(0) + 0xfee0) : d}`).join('');
		return { digits, text: `${pre}${body}` };
	})
	.filter(({ digits, text }) => normalizeMobile(text) === digits);

const around = fc.string({ maxLength: 12 }).map((s) => s.replace(/[0-9\uff10-\uff19+＋]/g, 'x'));

describe('masking', () => {
	test('every spelling the mobile parser accepts is masked, also inside text', () => {
		fc.assert(
			fc.property(spelling, around, around, ({ digits, text }, before, after) => {
				const masked = maskText(`${before} ${text} ${after}`);
				expect(masked).toContain(`${digits.slice(0, 3)}****${digits.slice(7)}`);
				expect(masked).not.toContain(digits);
				expect(unmaskedMobiles(masked)).toEqual([]);
				expect(normalizeMobile(maskText(text))).toBeUndefined();
			}),
			RUNS,
		);
	});

	test('texts without 11 digits in a row (separators aside) are left alone', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }).filter((s) => (s.replace(/[^0-9\uff10-\uff19]/g, '').length < 11)), (text) => {
				expect(maskText(text)).toBe(text);
			}),
			RUNS,
		);
	});
});

describe('Admission over hostile inputs', () => {
	const hostile = fc.oneof(
		fc.anything(),
		fc.constantFrom('0x50', '0b1010101', '1e2', '0o77', 'Infinity', '-Infinity', 'NaN', ' 80 ', '８０', '80%', '', null, undefined, Number.POSITIVE_INFINITY, -0),
		spelling.map((s) => s.text),
	);

	test('an object whose toString is not callable is no text, not a crash (a counterexample fast-check found)', () => {
		const hostileObject = [{ toString: '' }];
		expect(() => checkAdmission({ mobile: hostileObject, name: [], company: '0x50', customerType: '0x50', phoneVerified: '13000000000', score: {} })).not.toThrow();
		expect(checkAdmission({ mobile: hostileObject, name: '张三', phoneVerified: true, score: 90 }).failures.map((f) => f.rule)).toEqual(['mobile']);
	});

	test('never throws; a pass means a valid mobile and a plain decimal score in range', () => {
		fc.assert(
			fc.property(
				fc.record({ mobile: hostile, name: hostile, company: hostile, customerType: hostile, phoneVerified: hostile, score: hostile }),
				fc.integer({ min: 0, max: 100 }),
				(input, minScore) => {
					const result = checkAdmission(input, { minScore });
					if (!result.passed) return;
					expect(normalizeMobile(input.mobile)).toBe(result.normalizedMobile);
					const score = input.score;
					expect(typeof score === 'number' || (typeof score === 'string' && /^\s*[+-]?(\d+(\.\d+)?|\.\d+)\s*$/.test(score))).toBe(true);
					expect(Number(score)).toBeGreaterThanOrEqual(minScore);
					expect(Number(score)).toBeLessThanOrEqual(100);
				},
			),
			RUNS,
		);
	});

	test('hex, binary, octal and exponent spellings are never scores', () => {
		const weird = fc.tuple(fc.constantFrom('0x', '0X', '0b', '0o'), fc.nat({ max: 100 })).map(([p, n]) => `${p}${n.toString(p.endsWith('b') ? 2 : p.endsWith('o') ? 8 : 16)}`);
		const exponent = fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: -2, max: 2 })).map(([m, e]) => `${m}e${e}`);
		fc.assert(
			fc.property(fc.oneof(weird, exponent), (text) => {
				expect(parseScore(text).ok).toBe(false);
			}),
			RUNS,
		);
	});
});

describe('the upsert field mapping (Extra Fields allow-list)', () => {
	const node = { name: 'Zhibang', type: 'zhibang', typeVersion: 1, parameters: {} } as unknown as INode;
	const ctx = { getNode: () => node } as unknown as IExecuteFunctions;
	const controlKey = fc.constantFrom(...CONTROL_KEYS).chain((key) =>
		fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }).map((upper) => [...key].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
	);
	const anyKey = fc.oneof(fc.string({ maxLength: 10 }), controlKey, fc.constantFrom('zdy1', '@meju_19', 'intro', '__sys', '_rpt_x'));
	const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));

	test('either the item fails naming every control key, or no control key reaches the datas', () => {
		fc.assert(
			fc.property(fc.dictionary(anyKey, value, { maxKeys: 6 }), fc.boolean(), (extra, asText) => {
				const fields: IDataObject = { name: '客户', mobile: '138 0013 8000', extraFields: asText ? JSON.stringify(extra) : (extra as IDataObject) };
				const offending = Object.keys(extra).filter(isControlKey);
				let datas: Record<string, unknown> | undefined;
				let failure: Error | undefined;
				try {
					datas = customerFieldsToDatas(ctx, 0, fields).datas;
				} catch (error) {
					failure = error as Error;
				}
				if (offending.length) {
					expect(failure?.message).toMatch(/control key/);
					for (const key of offending) if (key.trim()) expect(failure?.message).toContain(key);
				} else {
					expect(failure).toBeUndefined();
					expect(Object.keys(datas!).filter(isControlKey)).toEqual([]);
					expect(datas!.mobile).toBe('13800138000');
				}
			}),
			RUNS,
		);
	});
});

describe('redaction', () => {
	const secret = fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8 && !/[[\]]/.test(s));

	test('a known secret never survives, wherever it is in the data or in a text', () => {
		fc.assert(
			fc.property(secret, fc.json(), around, (value, json, text) => {
				const data = { payload: JSON.parse(json) as unknown, note: `${text}${value}${text}`, nested: [{ deep: `x${encodeURIComponent(value)}` }] };
				expect(JSON.stringify(redactData(data, [value]))).not.toContain(value);
				expect(redactText(`${text} ${value} ${text}`, [value])).not.toContain(value);
			}),
			RUNS,
		);
	});

	test('values under secret names are hidden in data and in texts (also cut off at the end)', () => {
		const key = fc.constantFrom('session', 'Session', 'token', 'userToken', 'password', 'passwd', 'cookie', 'ZBAPI-Token', 'ciphertext');
		const token = fc.stringMatching(/^[0-9a-f]{8,32}$/);
		fc.assert(
			fc.property(key, token, fc.nat({ max: 40 }), (name, value, cut) => {
				expect(JSON.stringify(redactData({ [name]: value }))).not.toContain(value);
				const text = JSON.stringify({ header: { status: 0, [name]: value } });
				expect(hideSecretsInText(text)).not.toContain(value);
				// An excerpt that ends inside the value shows none of it.
				const head = text.slice(0, text.indexOf(value) + Math.min(cut, value.length - 1) + 1);
				expect(hideSecretsInText(head)).toBe(`${text.slice(0, text.indexOf(value))}${REDACTED}`);
			}),
			RUNS,
		);
	});
});

describe('PageGuard against any server', () => {
	const count = fc.oneof(fc.nat({ max: 100000 }), fc.constantFrom('many', 'NaN', '-1', '1e9', '', null, undefined, Number.NaN, -5, Number.POSITIVE_INFINITY), fc.nat({ max: 5000 }).map(String));
	/** A server: per page, some ids (possibly repeated, possibly ignoring the page), and the counts it claims. */
	const server = fc.record({
		total: count,
		pageCount: count,
		ignoresPage: fc.boolean(),
		realRows: fc.nat({ max: 3000 }),
		shift: fc.nat({ max: 5 }),
	});

	test('a walk makes at most ceil(total / pageSize) + 1 requests, or the ceiling, and always ends', () => {
		fc.assert(
			fc.property(server, fc.integer({ min: 1, max: 200 }), (s, pageSize) => {
				const guard = new PageGuard(pageSize);
				let requests = 0;
				for (let page = 1; ; page++) {
					requests++;
					const start = s.ignoresPage ? 0 : Math.max(0, (page - 1) * pageSize - s.shift);
					const ids = Array.from({ length: Math.max(0, Math.min(pageSize, s.realRows - start)) }, (_, i) => `r${start + i}`);
					const more = guard.accept(ids, { totalCount: s.total, pageCount: s.pageCount });
					if (!more || ids.length === 0) break;
					expect(requests).toBeLessThanOrEqual(MAX_PAGES);
				}
				const total = countOf(s.total);
				const firstPage = Math.min(pageSize, s.realRows);
				const size = firstPage > 0 && firstPage < pageSize ? firstPage : pageSize;
				const bound = total !== undefined ? Math.ceil(total / size) + 1 : MAX_PAGES;
				expect(requests).toBeLessThanOrEqual(Math.max(1, Math.min(bound, MAX_PAGES)));
			}),
			RUNS,
		);
	});

	test('counts that are not plain numbers are unknown', () => {
		for (const value of ['many', '1e9', '-1', '', ' ', null, undefined, Number.NaN, -5, Number.POSITIVE_INFINITY, 2.5, '0x10']) expect(countOf(value)).toBeUndefined();
		expect(countOf('12')).toBe(12);
		expect(countOf(12)).toBe(12);
	});
});

test('"Ignore SSL issues" skips verification for the service host only, never for a storage host elsewhere', async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { downloadRecording } = require('../../dist/nodes/Yunke/transport/download') as typeof import('../../nodes/Yunke/transport/download');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { yunkeService } = require('../../dist/nodes/Yunke/transport') as typeof import('../../nodes/Yunke/transport');
	const credentials: IDataObject = { phone: '13800138000', password: 'Secret@2026', companyCode: 'c1', domain: 'https://crm.yunke.com', allowUnauthorizedCerts: true };
	Object.assign(credentials, { sessionToken: 'user=1; userToken=abcdef123456', sessionDomain: 'https://crm.yunke.com', sessionFingerprint: yunkeService.fingerprint(credentials as never) });
	const seen: IDataObject[] = [];
	const ctx = {
		getCredentials: async () => credentials,
		getNode: () => ({ name: 'Yunke', credentials: {} }),
		logger: { debug: () => {} },
		helpers: {
			httpRequest: async (options: IDataObject) => {
				seen.push(options);
				const { Readable } = await import('node:stream');
				return { statusCode: 200, headers: { 'content-type': 'audio/mpeg' }, body: Readable.from([Buffer.from('ID3')]) };
			},
		},
	};
	const drain = async (body: AsyncIterable<unknown>) => {
		for await (const chunk of body) void chunk;
	};
	await downloadRecording(ctx as never, 'https://crm.yunke.com/oss/record/1.mp3', {}, drain);
	await downloadRecording(ctx as never, 'https://yunke-record.oss-cn-hangzhou.aliyuncs.com/record/1.mp3', {}, drain);
	expect(seen.map((options) => options.skipSslCertificateValidation)).toEqual([true, false]);
});
