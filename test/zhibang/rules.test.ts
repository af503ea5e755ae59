/** Pure rules of the Zhibang node: score bands, assignment thresholds, khid, mobiles, comparison. */
import {
	assignmentForScore,
	assignmentSatisfied,
	bandLabel,
	bandOfScore,
	checkAssignmentRule,
	checkBandFloors,
	checkKhid,
	compareField,
	diffRecord,
	formatKhid,
	normalizeMobile,
	ownersMatch,
	parseScore,
	sameKhid,
	tierForScore,
	VALUE_BANDS,
	valueLevelForScore,
} from '../../nodes/Zhibang/rules';

describe('score → value level (seed bands 90–100→175, 75–89→289, 60–74→176, 45–59→177, 0–44→290)', () => {
	it.each([
		[0, 'veryLow', '290'],
		[44, 'veryLow', '290'],
		[44.9, 'veryLow', '290'],
		[45, 'low', '177'],
		[59, 'low', '177'],
		[60, 'medium', '176'],
		[74, 'medium', '176'],
		[75, 'high', '289'],
		[79, 'high', '289'],
		[80, 'high', '289'],
		[89, 'high', '289'],
		[89.5, 'high', '289'],
		[90, 'veryHigh', '175'],
		[100, 'veryHigh', '175'],
	])('score %p → band %s → jz %s', (score, band, jz) => {
		expect(parseScore(score)).toEqual({ ok: true, score });
		expect(bandOfScore(score)).toBe(band);
		expect(valueLevelForScore(score)).toBe(jz);
	});

	it.each([
		[-1, /between 0 and 100/],
		[-0.5, /between 0 and 100/],
		[100.1, /between 0 and 100/],
		[101, /between 0 and 100/],
		[1000, /between 0 and 100/],
		['abc', /not a number/],
		[Number.NaN, /not a number/],
		[Number.POSITIVE_INFINITY, /not a number/],
		[{}, /not a number/],
		['', /missing/],
		['   ', /missing/],
		[null, /missing/],
		[undefined, /missing/],
	])('out-of-range or unreadable score %p is refused, never clamped', (value, reason) => {
		const result = parseScore(value);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.reasonEn).toMatch(reason);
			expect(result.reasonZh).not.toBe('');
		}
	});

	it('reads numeric text', () => {
		expect(parseScore(' 85 ')).toEqual({ ok: true, score: 85 });
		expect(parseScore('0')).toEqual({ ok: true, score: 0 });
	});

	it('uses per-install band ids when given, the seed ids otherwise', () => {
		const ids = { veryHigh: '901', high: '902', medium: '903', low: '904', veryLow: '905' };
		expect([95, 80, 65, 50, 10].map((s) => valueLevelForScore(s, ids))).toEqual(['901', '902', '903', '904', '905']);
		expect(valueLevelForScore(95, { high: '902' })).toBe('175');
		expect(valueLevelForScore(80, { high: '  ' })).toBe('289');
	});
});

describe('the table of score bands', () => {
	it('lists the bands highest first, the lowest from 0, each labelled with its scores and level', () => {
		expect(VALUE_BANDS.map((band) => [band.floor, band.levelId])).toEqual([[90, '175'], [75, '289'], [60, '176'], [45, '177'], [0, '290']]);
		expect(VALUE_BANDS.map((band) => bandLabel(band.key))).toEqual(['90–100 / 很高', '75–89 / 较高', '60–74 / 一般', '45–59 / 较低', '0–44 / 很低']);
	});

	it('edited lower bounds move the bands and their labels', () => {
		const checked = checkBandFloors({ veryHigh: 80, low: '20' });
		expect(checked).toEqual({ ok: true, floors: { veryHigh: 80, high: 75, medium: 60, low: 20, veryLow: 0 } });
		if (!checked.ok) return;
		expect([80, 79, 30, 19].map((score) => bandOfScore(score, checked.floors))).toEqual(['veryHigh', 'high', 'low', 'veryLow']);
		expect(bandLabel('veryLow', checked.floors)).toBe('0–19 / 很低');
	});

	it.each([
		[{ high: 90 }, 'High 90'],
		[{ veryHigh: 101 }, 'Very High 101'],
		[{ low: 0 }, 'Low 0'],
		[{ medium: -5 }, 'Medium -5'],
		[{ medium: 60.5 }, 'Medium 60.5'],
		[{ medium: 'abc' }, 'Medium abc'],
	])('refuses %p, naming the bounds it got', (given, shown) => {
		const checked = checkBandFloors(given);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.reasonEn).toContain(shown);
		expect(checked.reasonZh).toMatch(/从高到低严格递减/);
	});
});

describe('assignment by score (≥80 gold, ≥60 sales, else public pool)', () => {
	const rule = { goldThreshold: 80, goldUserId: '61', salesThreshold: 60, salesUserId: '62' };
	it.each([
		[0, 'pool'],
		[44, 'pool'],
		[45, 'pool'],
		[59, 'pool'],
		[59.99, 'pool'],
		[60, 'sales'],
		[74, 'sales'],
		[75, 'sales'],
		[79, 'sales'],
		[79.9, 'sales'],
		[80, 'gold'],
		[89, 'gold'],
		[90, 'gold'],
		[100, 'gold'],
	])('score %p → %s', (score, tier) => {
		expect(tierForScore(score, rule)).toBe(tier);
		const target = assignmentForScore(score, rule);
		expect(target.tier).toBe(tier);
		if (tier === 'gold') expect(target).toEqual({ tier, mode: 'user', userId: '61' });
		if (tier === 'sales') expect(target).toEqual({ tier, mode: 'user', userId: '62' });
		if (tier === 'pool') expect(target).toEqual({ tier, mode: 'pool' });
	});

	it.each([
		[{ goldThreshold: 90, salesThreshold: 50 }, [[89, 'sales'], [90, 'gold'], [49, 'pool'], [50, 'sales']]],
		[{ goldThreshold: 70, salesThreshold: 70 }, [[69, 'pool'], [70, 'gold']]],
		[{ goldThreshold: 100, salesThreshold: 0 }, [[0, 'sales'], [99, 'sales'], [100, 'gold']]],
	] as const)('editable thresholds %p', (thresholds, cases) => {
		for (const [score, tier] of cases) expect(tierForScore(score, thresholds)).toBe(tier);
	});

	it.each([
		[{ ...rule, goldThreshold: 50, salesThreshold: 60 }, /must not be below/],
		[{ ...rule, goldThreshold: 101 }, /between 0 and 100/],
		[{ ...rule, salesThreshold: -1 }, /between 0 and 100/],
		[{ ...rule, goldThreshold: Number.NaN }, /between 0 and 100/],
		[{ ...rule, goldUserId: '' }, /gold sales user/],
		[{ ...rule, salesUserId: ' ' }, /sales user/],
	])('refuses an unusable rule %p', (bad, reason) => {
		const check = checkAssignmentRule(bad);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.reasonEn).toMatch(reason);
	});

	it('accepts the default rule', () => {
		expect(checkAssignmentRule(rule)).toEqual({ ok: true });
	});

	it.each([
		[{ tier: 'pool', mode: 'pool' }, '', true],
		[{ tier: 'pool', mode: 'pool' }, '0', true],
		[{ tier: 'pool', mode: 'pool' }, 61, false],
		[{ tier: 'gold', mode: 'user', userId: '61' }, 61, true],
		[{ tier: 'gold', mode: 'user', userId: '61' }, '61,62', false],
		[{ tier: 'gold', mode: 'user', userId: '61' }, '', false],
		[{ tier: 'sales', mode: 'user', userId: '62' }, '61', false],
	] as const)('target %p with owner %p satisfied: %p', (target, owner, satisfied) => {
		expect(assignmentSatisfied(target, owner)).toBe(satisfied);
	});

	it('compares owner sets in any order', () => {
		expect(ownersMatch(['62', '61'], '61,62')).toBe(true);
		expect(ownersMatch(['61'], '61,62')).toBe(false);
		expect(ownersMatch('pool', undefined)).toBe(true);
	});
});

describe('customer number (khid)', () => {
	it('formats WX{external id}', () => {
		expect(formatKhid(12345)).toBe('WX12345');
		expect(formatKhid(' abc ')).toBe('WXabc');
		expect(formatKhid(7, 'YK')).toBe('YK7');
	});

	it.each(['WX12345', 'wx1', 'KH20261128001', 'A', 'x'.repeat(50)])('accepts %p', (khid) => {
		expect(checkKhid(khid)).toEqual({ ok: true, khid });
	});

	it.each([
		['', /empty/],
		[undefined, /empty/],
		['WX', /no external ID|no external id/i],
		['wx', /external id/i],
		['WXundefined', /external id/i],
		['WXnull', /external id/i],
		['x'.repeat(51), /longer than 50/],
		['WX 1', /spaces or commas/],
		['WX1,2', /spaces or commas/],
	])('refuses %p', (khid, reason) => {
		const check = checkKhid(khid);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.reasonEn).toMatch(reason);
	});

	it('trims and compares case-insensitively', () => {
		expect(checkKhid('  WX9 ')).toEqual({ ok: true, khid: 'WX9' });
		expect(sameKhid('wx9', 'WX9 ')).toBe(true);
		expect(sameKhid('WX9', 'WX90')).toBe(false);
	});
});

describe('mobile normalisation', () => {
	it.each([
		['13800138000', '13800138000'],
		['+86 138 0013 8000', '13800138000'],
		['+86-138-0013-8000', '13800138000'],
		['0086 13800138000', '13800138000'],
		['8613800138000', '13800138000'],
		['(138) 0013.8000', '13800138000'],
		['１３８００１３８０００', '13800138000'],
		[13800138000, '13800138000'],
		['19912345678', '19912345678'],
	])('%p → %p', (input, expected) => {
		expect(normalizeMobile(input)).toBe(expected);
	});

	it.each(['', '1380013800', '138001380001', '12800138000', '23800138000', '+1 415 555 0100', '010-12345678', 'abc', null, undefined, true])(
		'%p is not a mainland mobile',
		(input) => {
			expect(normalizeMobile(input)).toBeUndefined();
		},
	);
});

describe('comparing wanted values with what the ERP shows', () => {
	const row = { ord: 1001, name: '甲公司', khid: 'WX1', sort1: '微信客户', ly: 171, jz: 0, mobile: '13800138000', person_name: '张三', phone: '' };
	it('reports same, different and unknown fields', () => {
		expect(diffRecord({ name: '甲公司', khid: 'WX1', ly: '171', mobile: '+86 138-0013-8000', qq: '123' }, row)).toEqual({
			different: [],
			unknown: ['qq'],
		});
		expect(diffRecord({ name: '乙公司', jz: '175', person_name: '张三' }, row).different).toEqual(['name', 'jz']);
	});

	it.each([
		['sort1', '微信客户', { sort1: '微信客户' }, 'same'],
		['sort1', '普通客户', { sort1: '微信客户' }, 'different'],
		['sort1', '21', { sort1: '21' }, 'same'],
		['sort1', '21', { sort1: '21,0' }, 'same'],
		['sort1', '21', { sort1: '21,211' }, 'different'],
		['sort1', '21,211', { sort1: '21, 211' }, 'same'],
		['sort1', '21', { sort1: '微信客户' }, 'unknown'],
		['sort1', '微信客户', { sort1: '21', sort1Name: '微信客户' }, 'same'],
		['sort1', '微信客户', { sort1: '17', sort1Name: '普通客户' }, 'different'],
		['sort1', '微信客户,新关注', { sort1: '微信客户' }, 'unknown'],
		['sort1', '微信客户', {}, 'unknown'],
		['jz', '', { jz: 0 }, 'same'],
		['jz', '0', { jz: '' }, 'same'],
		['ly', '171', { ly: 172 }, 'different'],
		['date1', '2026-01-01', { date1: '2025-01-01' }, 'unknown'],
		['ord', '1', { ord: 2 }, 'unknown'],
		['email', ' a@b.cn ', { email: 'a@b.cn' }, 'same'],
	] as const)('%s %p vs %p → %s', (id, want, record, expected) => {
		expect(compareField(id, want, record)).toBe(expected);
	});
});
