/**
 * The seed's admission check (数据准入检查), as pure functions: which customers may be written to
 * the ERP. Every rule can be switched off; the score threshold is editable. A rejected customer
 * gets every failed rule with a reason in Chinese and English.
 */
import { str } from '../../shared/text';
import { normalizeMobile } from './mobile';
import { isTitleOnlyName } from './name';
import { parseScore } from './score';

export type AdmissionRuleName = 'mobile' | 'name' | 'titleOnlyName' | 'company' | 'phoneVerified' | 'score';

export interface AdmissionInput {
	mobile?: unknown;
	name?: unknown;
	company?: unknown;
	/** 'company' / 'person' (also 单位/企业/公司/1 and 个人/2). */
	customerType?: unknown;
	phoneVerified?: unknown;
	score?: unknown;
}

export interface AdmissionSettings {
	checkMobile: boolean;
	checkName: boolean;
	/** Reject names that are only a title (刘总, 张先生): off by default, such leads are flagged instead. */
	rejectTitleOnlyName: boolean;
	checkCompany: boolean;
	checkPhoneVerified: boolean;
	checkScore: boolean;
	minScore: number;
}

export const DEFAULT_ADMISSION_SETTINGS: AdmissionSettings = {
	checkMobile: true,
	checkName: true,
	rejectTitleOnlyName: false,
	checkCompany: true,
	checkPhoneVerified: true,
	checkScore: true,
	minScore: 60,
};

export interface AdmissionFailure {
	rule: AdmissionRuleName;
	reasonZh: string;
	reasonEn: string;
}

export interface AdmissionResult {
	passed: boolean;
	failures: AdmissionFailure[];
	/** The 11-digit mobile when the input holds a valid one (also when the mobile rule is off). */
	normalizedMobile: string | null;
	customerType: 'company' | 'person';
	/** The name is only a title such as 刘总 or 张先生 (a data-quality signal, whatever the settings). */
	nameIsTitleOnly: boolean;
}

const COMPANY_WORDS = new Set(['company', 'enterprise', 'business', 'organization', 'organisation', 'corp', '单位', '企业', '公司', '单位客户', '1']);

/** 'company' for company customers, 'person' for everything else (as the seed's check does). */
export function customerTypeOf(value: unknown): 'company' | 'person' {
	return COMPANY_WORDS.has(str(value).toLowerCase()) ? 'company' : 'person';
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on', 'verified', '是', '已验证', '已认证']);

/** Strict reading of a "phone verified" flag: true, 1, "true", "yes", "是" … ; anything else is false. */
export function isVerified(value: unknown): boolean {
	if (value === true) return true;
	if (typeof value === 'number') return value === 1;
	if (typeof value === 'string') return TRUE_WORDS.has(value.trim().toLowerCase());
	return false;
}

function present(value: unknown): boolean {
	return str(value).length > 0;
}

export function checkMobileRule(mobile: unknown): AdmissionFailure | undefined {
	if (normalizeMobile(mobile) !== undefined) return undefined;
	const given = str(mobile);
	return {
		rule: 'mobile',
		reasonZh: given ? '手机号不是有效的 11 位大陆手机号' : '缺少手机号',
		reasonEn: given ? 'the mobile is not a valid 11-digit mainland China number' : 'the mobile number is missing',
	};
}

export function checkNameRule(name: unknown): AdmissionFailure | undefined {
	return present(name) ? undefined : { rule: 'name', reasonZh: '缺少姓名', reasonEn: 'the name is missing' };
}

export function checkTitleOnlyNameRule(name: unknown): AdmissionFailure | undefined {
	if (!isTitleOnlyName(name)) return undefined;
	return {
		rule: 'titleOnlyName',
		reasonZh: `姓名“${str(name)}”只是称谓，不是真实姓名`,
		reasonEn: `the name “${str(name)}” is only a title, not a real name`,
	};
}

export function checkCompanyRule(customerType: unknown, company: unknown): AdmissionFailure | undefined {
	if (customerTypeOf(customerType) !== 'company' || present(company)) return undefined;
	return { rule: 'company', reasonZh: '单位客户缺少公司名称', reasonEn: 'the company name is missing for a company customer' };
}

export function checkPhoneVerifiedRule(phoneVerified: unknown): AdmissionFailure | undefined {
	return isVerified(phoneVerified)
		? undefined
		: { rule: 'phoneVerified', reasonZh: '手机号未验证', reasonEn: 'the phone number is not verified' };
}

export function checkScoreRule(score: unknown, minScore: number): AdmissionFailure | undefined {
	const parsed = parseScore(score);
	if (!parsed.ok) return { rule: 'score', reasonZh: parsed.reasonZh, reasonEn: parsed.reasonEn };
	if (parsed.score >= minScore) return undefined;
	return {
		rule: 'score',
		reasonZh: `评分 ${parsed.score} 低于准入线 ${minScore}`,
		reasonEn: `the score ${parsed.score} is below the threshold ${minScore}`,
	};
}

/** Run every enabled rule; the result lists all failures, in rule order. */
export function checkAdmission(input: AdmissionInput, settings: Partial<AdmissionSettings> = {}): AdmissionResult {
	const s: AdmissionSettings = { ...DEFAULT_ADMISSION_SETTINGS, ...settings };
	const failures: AdmissionFailure[] = [];
	const add = (failure: AdmissionFailure | undefined) => {
		if (failure) failures.push(failure);
	};
	if (s.checkMobile) add(checkMobileRule(input.mobile));
	if (s.checkName) add(checkNameRule(input.name));
	if (s.rejectTitleOnlyName) add(checkTitleOnlyNameRule(input.name));
	if (s.checkCompany) add(checkCompanyRule(input.customerType, input.company));
	if (s.checkPhoneVerified) add(checkPhoneVerifiedRule(input.phoneVerified));
	if (s.checkScore) add(checkScoreRule(input.score, s.minScore));
	return {
		passed: failures.length === 0,
		failures,
		normalizedMobile: normalizeMobile(input.mobile) ?? null,
		customerType: customerTypeOf(input.customerType),
		nameIsTitleOnly: isTitleOnlyName(input.name),
	};
}
