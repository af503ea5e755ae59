/** The seed's admission check as pure functions: every rule, its switch, and their combinations. */
import {
	checkAdmission,
	checkCompanyRule,
	checkMobileRule,
	checkNameRule,
	checkPhoneVerifiedRule,
	checkScoreRule,
	checkTitleOnlyNameRule,
	customerTypeOf,
	DEFAULT_ADMISSION_SETTINGS,
	isVerified,
	type AdmissionInput,
	type AdmissionRuleName,
	type AdmissionSettings,
} from '../../nodes/Zhibang/rules/admission';
import { isTitleOnlyName } from '../../nodes/Zhibang/rules/name';

const GOOD: AdmissionInput = {
	mobile: '13800138000',
	name: '张三',
	company: '某某科技有限公司',
	customerType: 'company',
	phoneVerified: true,
	score: 85,
};

describe('mobile rule (11-digit mainland, normalised first)', () => {
	it.each(['13800138000', '+86 138 0013 8000', '+86-138-0013-8000', '008613800138000', ' 138-0013-8000 ', 13800138000])('passes %p', (mobile) => {
		expect(checkMobileRule(mobile)).toBeUndefined();
	});
	it.each([
		['', /missing/],
		[undefined, /missing/],
		['1380013800', /not a valid/],
		['12800138000', /not a valid/],
		['+1 650 253 0000', /not a valid/],
		['138001380000', /not a valid/],
	])('fails %p', (mobile, reason) => {
		const failure = checkMobileRule(mobile);
		expect(failure?.rule).toBe('mobile');
		expect(failure?.reasonEn).toMatch(reason);
		expect(failure?.reasonZh).toMatch(/手机号/);
	});
});

describe('name rule', () => {
	it.each(['张三', 'A', ' x '])('passes %p', (name) => expect(checkNameRule(name)).toBeUndefined());
	it.each(['', '   ', undefined, null])('fails %p', (name) => {
		expect(checkNameRule(name)).toEqual({ rule: 'name', reasonZh: '缺少姓名', reasonEn: 'the name is missing' });
	});
});

describe('title-only names (刘总, 张先生): flagged always, rejected only when asked', () => {
	it.each(['刘总', '张先生', '李女士', '王经理', '欧阳总监', '老王总', '陈 小姐', '赵老板', '孙老师', '周总经理'])('%p is only a title', (name) => {
		expect(isTitleOnlyName(name)).toBe(true);
		expect(checkAdmission({ ...GOOD, name })).toMatchObject({ passed: true, nameIsTitleOnly: true });
		const rejected = checkAdmission({ ...GOOD, name }, { rejectTitleOnlyName: true });
		expect(rejected.failures).toEqual([checkTitleOnlyNameRule(name)]);
		expect(rejected.failures[0]).toMatchObject({ rule: 'titleOnlyName', reasonEn: expect.stringMatching(/only a title/) });
	});
	it.each(['张三', '刘建国', '王秀英', '总', '先生', '张三先生的助理', 'Mr Li', '', '某某科技有限公司'])('%p is not only a title', (name) => {
		expect(isTitleOnlyName(name)).toBe(false);
		expect(checkTitleOnlyNameRule(name)).toBeUndefined();
	});
});

describe('company rule (company customers only)', () => {
	it.each([
		['company', '某公司', undefined],
		['company', '', 'company'],
		['company', '  ', 'company'],
		['Company', undefined, 'company'],
		['单位', '', 'company'],
		['企业', '', 'company'],
		['1', '', 'company'],
		['person', '', undefined],
		['个人', '', undefined],
		['', '', undefined],
		[undefined, undefined, undefined],
	])('type %p, company %p → %p', (type, company, failed) => {
		expect(checkCompanyRule(type, company)?.rule).toBe(failed);
	});
	it('reads customer types', () => {
		expect(customerTypeOf('COMPANY')).toBe('company');
		expect(customerTypeOf(1)).toBe('company');
		expect(customerTypeOf('2')).toBe('person');
		expect(customerTypeOf(null)).toBe('person');
	});
});

describe('phone verified rule (strict)', () => {
	it.each([true, 'true', 'TRUE', '1', 1, 'yes', '是', '已验证'])('verified: %p', (value) => {
		expect(isVerified(value)).toBe(true);
		expect(checkPhoneVerifiedRule(value)).toBeUndefined();
	});
	it.each([false, 'false', '0', 0, 2, '', 'no', '否', undefined, null, {}])('not verified: %p', (value) => {
		expect(isVerified(value)).toBe(false);
		expect(checkPhoneVerifiedRule(value)?.rule).toBe('phoneVerified');
	});
});

describe('score rule (≥ threshold, default 60)', () => {
	it.each([
		[60, 60, true],
		[59, 60, false],
		[59.9, 60, false],
		[100, 60, true],
		[0, 0, true],
		['75', 80, false],
		['80', 80, true],
		[90, 100, false],
	])('score %p, threshold %p → pass %p', (score, min, pass) => {
		expect(checkScoreRule(score, min) === undefined).toBe(pass);
	});
	it.each([
		['', /missing/],
		[undefined, /missing/],
		['high', /not a number/],
		[101, /between 0 and 100/],
		[-5, /between 0 and 100/],
	])('refuses %p', (score, reason) => {
		expect(checkScoreRule(score, 60)?.reasonEn).toMatch(reason);
	});
	it('says by how much', () => {
		expect(checkScoreRule(42, 60)).toEqual({ rule: 'score', reasonZh: '评分 42 低于准入线 60', reasonEn: 'the score 42 is below the threshold 60' });
	});
});

// ----------------------------------------------------------------------------- combinations

/** The rules on by default (the title-only rule is opt-in and tested above). */
type DefaultRule = Exclude<AdmissionRuleName, 'titleOnlyName'>;

/** One way to break each rule. */
const BREAK: Record<DefaultRule, Partial<AdmissionInput>> = {
	mobile: { mobile: '12345' },
	name: { name: '' },
	company: { company: '' },
	phoneVerified: { phoneVerified: false },
	score: { score: 30 },
};
const RULES = Object.keys(BREAK) as DefaultRule[];
const SWITCH: Record<DefaultRule, keyof AdmissionSettings> = {
	mobile: 'checkMobile',
	name: 'checkName',
	company: 'checkCompany',
	phoneVerified: 'checkPhoneVerified',
	score: 'checkScore',
};

/** Every subset of the five rules (32 combinations). */
const SUBSETS: DefaultRule[][] = Array.from({ length: 1 << RULES.length }, (_, mask) => RULES.filter((_, i) => mask & (1 << i)));

describe('every combination of broken rules', () => {
	it.each(SUBSETS.map((broken) => [broken.join('+') || '(none)', broken] as const))('%s', (_label, broken) => {
		const input = Object.assign({}, GOOD, ...broken.map((rule) => BREAK[rule])) as AdmissionInput;
		const result = checkAdmission(input);
		expect(result.passed).toBe(broken.length === 0);
		// Every failed rule is listed once, in rule order, with both reasons.
		expect(result.failures.map((f) => f.rule)).toEqual(RULES.filter((rule) => broken.includes(rule)));
		for (const failure of result.failures) {
			expect(failure.reasonZh).toMatch(/[\u4e00-\u9fff]/);
			expect(failure.reasonEn).toMatch(/[a-z]/);
		}
		expect(result.normalizedMobile).toBe(broken.includes('mobile') ? null : '13800138000');
	});

	it.each(SUBSETS.map((off) => [off.join('+') || '(none)', off] as const))('switched off: %s (all rules broken)', (_label, off) => {
		const input = Object.assign({}, GOOD, ...RULES.map((rule) => BREAK[rule])) as AdmissionInput;
		const settings: Partial<AdmissionSettings> = Object.fromEntries(off.map((rule) => [SWITCH[rule], false]));
		const result = checkAdmission(input, settings);
		expect(result.failures.map((f) => f.rule)).toEqual(RULES.filter((rule) => !off.includes(rule)));
		expect(result.passed).toBe(off.length === RULES.length);
	});
});

describe('checkAdmission', () => {
	it('has the seed defaults', () => {
		expect(DEFAULT_ADMISSION_SETTINGS).toEqual({
			checkMobile: true,
			checkName: true,
			rejectTitleOnlyName: false,
			checkCompany: true,
			checkPhoneVerified: true,
			checkScore: true,
			minScore: 60,
		});
	});

	it('passes the seed example and normalises the mobile', () => {
		expect(checkAdmission({ ...GOOD, mobile: '+86 138-0013-8000' })).toEqual({
			passed: true,
			failures: [],
			normalizedMobile: '13800138000',
			customerType: 'company',
			nameIsTitleOnly: false,
		});
	});

	it('does not ask a person customer for a company', () => {
		expect(checkAdmission({ ...GOOD, customerType: 'person', company: '' }).passed).toBe(true);
	});

	it('uses an edited threshold', () => {
		expect(checkAdmission({ ...GOOD, score: 70 }, { minScore: 75 }).failures.map((f) => f.rule)).toEqual(['score']);
		expect(checkAdmission({ ...GOOD, score: 70 }, { minScore: 70 }).passed).toBe(true);
	});

	it('gives the normalised mobile even when the mobile rule is off, and null when it is invalid', () => {
		expect(checkAdmission({ ...GOOD, mobile: '0086 13900139000' }, { checkMobile: false }).normalizedMobile).toBe('13900139000');
		const result = checkAdmission({ ...GOOD, mobile: 'n/a' }, { checkMobile: false });
		expect(result).toMatchObject({ passed: true, normalizedMobile: null });
	});

	it('rejects an empty record with every rule', () => {
		expect(checkAdmission({ customerType: 'company' }).failures.map((f) => f.rule)).toEqual(['mobile', 'name', 'company', 'phoneVerified', 'score']);
	});
});
