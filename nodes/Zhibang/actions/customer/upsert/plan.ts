/** One item's parameters read and checked into a plan, before any request: a bad item fails here. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parameterError } from '../../../../shared/execute';
import { maskInput } from '../../../../shared/mask';
import type { CustomerType, Datas } from '../../../api';
import type { MatchBy } from '../../../helpers/customers';
import {
	assignmentForScore,
	bandLabel,
	bandOfScore,
	checkAssignmentRule,
	checkBandFloors,
	checkKhid,
	DEFAULT_ASSIGNMENT_THRESHOLDS,
	khidForMobile,
	namesakeTag,
	normalizeMobile,
	parseScore,
	VALUE_BANDS,
	valueLevelForScore,
	type AssignmentTarget,
	type ValueBand,
} from '../../../rules';
import { customerFieldsToDatas, followUpText, intsortOf, str } from '../../common';
import { readNewCustomer } from '../create.operation';
import { floorParameter } from './bands';

export interface FollowUpPlan {
	intro: string;
	method: string;
	when: 'always' | 'created' | 'changed';
}

export interface UpsertPlan {
	intsort: CustomerType;
	matchBy: MatchBy;
	key: string;
	/** Values the customer should have, by datas id (no ord). */
	desired: Datas;
	score?: number;
	assignment?: AssignmentTarget;
	followUp?: FollowUpPlan;
	verify: boolean;
	compareAll: boolean;
	/** Existing customers keep their type, source and category. */
	keepExisting: boolean;
	/** What to do when a different customer already has the name. */
	onNameConflict: 'suffix' | 'fail';
	/** The normalised mobile, if the item has one. */
	mobile?: string;
	/** Distinguishes this customer from a namesake: last 4 digits of the mobile (or customer number). */
	nameTag?: string;
}

/**
 * The value level id (jz) for a score. Version 1: the band ids given under Options, the seed's
 * otherwise, with the seed's bounds. Version 1.1: editable bounds, and the band's id must be chosen.
 */
function valueLevel(this: IExecuteFunctions, itemIndex: number, score: number, options: IDataObject): string {
	const node = this.getNode();
	const ids: Partial<Record<ValueBand, string>> = {};
	for (const { key } of VALUE_BANDS) if (str(options[key])) ids[key] = str(options[key]);
	if (node.typeVersion < 1.1) return valueLevelForScore(score, ids);

	const bounds: Partial<Record<ValueBand, unknown>> = {};
	for (const { key } of VALUE_BANDS) if (options[floorParameter(key)] !== undefined) bounds[key] = options[floorParameter(key)];
	const checked = checkBandFloors(bounds);
	if (!checked.ok) throw parameterError(node, `评分档设置有误：${checked.reasonZh}`, `Value level bands: ${checked.reasonEn}`, itemIndex);
	const band = bandOfScore(score, checked.floors);
	const id = ids[band];
	if (!id) {
		const label = bandLabel(band, checked.floors);
		throw parameterError(
			node,
			`评分 ${score} 属于「${label}」档，但没有为该档选择价值评估`,
			`Score ${score} falls into the band ${label}, which has no value level`,
			itemIndex,
			'Choose it under Options → Value Level of the band; the IDs differ per ERP installation (在“选项”中为该档选择价值评估)',
		);
	}
	return id;
}

/** Everything an item needs, checked before any request. */
export function readPlan(this: IExecuteFunctions, itemIndex: number): UpsertPlan {
	const node = this.getNode();
	const matchBy = this.getNodeParameter('matchBy', itemIndex) as MatchBy;
	const type = this.getNodeParameter('customerType', itemIndex, 'company');
	const { intsort, base } = readNewCustomer.call(this, itemIndex, {
		type,
		name: this.getNodeParameter('name', itemIndex, ''),
		category: this.getNodeParameter('category', itemIndex, ''),
		contactName: intsortOf(type) === 1 ? this.getNodeParameter('contactName', itemIndex, '') : '',
	});

	const khidRaw = str(this.getNodeParameter('customerNumber', itemIndex, ''));
	let khid: string | undefined;
	if (matchBy === 'khid' || khidRaw) {
		const checked = checkKhid(khidRaw);
		if (!checked.ok) {
			throw parameterError(node, `客户编号无效：${checked.reasonZh}`, `Invalid Customer Number: ${checked.reasonEn}`, itemIndex);
		}
		khid = checked.khid;
	}
	const mobileRaw = str(this.getNodeParameter('mobile', itemIndex, ''));
	const mobile = normalizeMobile(mobileRaw);
	if (matchBy === 'mobile' && !mobile) {
		throw parameterError(
			node,
			mobileRaw ? `手机号无效：${maskInput(mobileRaw)}（需要 11 位大陆手机号）` : '缺少必填字段“手机”（mobile）',
			mobileRaw ? `Invalid Mobile: ${maskInput(mobileRaw)} (an 11-digit mainland number is needed)` : 'Missing required field "Mobile" (mobile)',
			itemIndex,
		);
	}
	if (matchBy === 'mobile' && !khid) {
		// Derived from the mobile, so the ERP's number uniqueness settles two creations racing for it.
		khid = khidForMobile(mobile!);
	}

	const desired: Datas = {
		...customerFieldsToDatas(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject).datas,
		...base,
	};
	if (khid) desired.khid = khid;
	if (mobile || mobileRaw) desired.mobile = mobile ?? mobileRaw;
	const source = str(this.getNodeParameter('source', itemIndex, ''));
	if (source) desired.ly = source;

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const scoreRaw = this.getNodeParameter('score', itemIndex, '');
	let score: number | undefined;
	if (str(scoreRaw) !== '') {
		const parsed = parseScore(typeof scoreRaw === 'number' ? scoreRaw : str(scoreRaw));
		if (!parsed.ok) throw parameterError(node, `评分无效：${parsed.reasonZh}`, `Invalid Score: ${parsed.reasonEn}`, itemIndex);
		score = parsed.score;
		desired.jz = valueLevel.call(this, itemIndex, score, options);
	}

	let assignment: AssignmentTarget | undefined;
	if (this.getNodeParameter('assignByScore', itemIndex, false) as boolean) {
		const rule = {
			goldThreshold: Number(this.getNodeParameter('goldThreshold', itemIndex, DEFAULT_ASSIGNMENT_THRESHOLDS.gold)),
			goldUserId: str(this.getNodeParameter('goldUserId', itemIndex, '')),
			salesThreshold: Number(this.getNodeParameter('salesThreshold', itemIndex, DEFAULT_ASSIGNMENT_THRESHOLDS.sales)),
			salesUserId: str(this.getNodeParameter('salesUserId', itemIndex, '')),
		};
		const check = checkAssignmentRule(rule);
		if (!check.ok) throw parameterError(node, `按评分分配设置有误：${check.reasonZh}`, `Assign by Score: ${check.reasonEn}`, itemIndex);
		if (score === undefined) {
			throw parameterError(node, '按评分分配需要评分', 'Assign by Score needs a Score (0–100)', itemIndex);
		}
		assignment = assignmentForScore(score, rule);
	}

	let followUp: FollowUpPlan | undefined;
	if (this.getNodeParameter('addFollowUp', itemIndex, false) as boolean) {
		const { intro, method } = followUpText(node, itemIndex, {
			content: this.getNodeParameter('followUpContent', itemIndex, ''),
			template: this.getNodeParameter('followUpTemplate', itemIndex, ''),
			method: this.getNodeParameter('followUpMethod', itemIndex, ''),
		});
		followUp = { intro, method, when: this.getNodeParameter('followUpWhen', itemIndex) as FollowUpPlan['when'] };
	}

	return {
		intsort,
		matchBy,
		key: matchBy === 'khid' ? khid! : mobile!,
		desired,
		score,
		assignment,
		followUp,
		verify: options.verifySave !== false,
		compareAll: options.compareAllFields === true,
		keepExisting: options.keepTypeSourceCategory !== false,
		onNameConflict: options.onNameConflict === 'fail' ? 'fail' : 'suffix',
		mobile,
		nameTag: namesakeTag(mobile, khid),
	};
}
