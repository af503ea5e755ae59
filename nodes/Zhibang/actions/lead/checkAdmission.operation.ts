/**
 * Lead → Check Admission (线索准入): the seed's admission check (数据准入检查). Items that may be
 * written to the ERP leave on "Admitted" (unchanged, plus `normalizedMobile`, and
 * `nameIsTitleOnly` for names such as 刘总), the others on "Rejected" with every failed rule and
 * its reason in Chinese and English. The rules are pure functions in rules/admission.ts. No
 * request is sent: this operation needs no login.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameterError, toNodeError } from '../../../shared/execute';
import { checkAdmission, DEFAULT_ADMISSION_SETTINGS, type AdmissionSettings } from '../../rules/admission';

const show = { resource: ['lead'], operation: ['checkAdmission'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Admitted leads leave on the first output, rejected ones on the second with their reasons / 准入的线索从第一个输出离开，被拒绝的从第二个输出离开并附原因',
		name: 'admissionNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Mobile / 手机号',
		name: 'leadMobile',
		type: 'string',
		default: '={{ $json.mobile }}',
		description: 'The lead’s mobile; +86, spaces and dashes are removed before the check (手机号)',
	},
	{
		displayName: 'Name / 姓名',
		name: 'leadName',
		type: 'string',
		default: '={{ $json.name }}',
	},
	{
		displayName: 'Customer Type / 客户类型',
		name: 'leadType',
		type: 'string',
		default: '={{ $json.type }}',
		description: 'Company (or 单位/企业/公司/1) for company customers; anything else is a person (单位客户需要公司名称)',
	},
	{
		displayName: 'Company / 公司名称',
		name: 'leadCompany',
		type: 'string',
		default: '={{ $json.company }}',
	},
	{
		displayName: 'Phone Verified / 手机已验证',
		name: 'phoneVerified',
		type: 'string',
		default: '={{ $json.phone_verified }}',
		description: 'True, 1, yes or 是 count as verified; anything else does not (手机号是否已验证)',
	},
	{
		displayName: 'Score / 评分',
		name: 'leadScore',
		type: 'string',
		default: '={{ $json.score }}',
		description: 'A 0–100 lead score (评分)',
	},
	{
		displayName: 'Require Valid Mobile / 校验手机号',
		name: 'checkMobile',
		type: 'boolean',
		default: true,
		description: 'Whether the mobile must be an 11-digit mainland China number',
	},
	{
		displayName: 'Require Name / 校验姓名',
		name: 'checkName',
		type: 'boolean',
		default: true,
		description: 'Whether the name must be present',
	},
	{
		displayName: 'Reject Title-Only Names / 拒绝仅称谓的姓名',
		name: 'rejectTitleOnlyName',
		type: 'boolean',
		default: false,
		description:
			'Whether a name that is only a surname and a title (刘总, 张先生, 李女士, 王经理) is rejected. Off: such leads pass and carry nameIsTitleOnly = true, so a later step can ask for the real name (仅称谓的姓名默认放行并标记).',
	},
	{
		displayName: 'Require Company for Company Customers / 单位客户校验公司',
		name: 'checkCompany',
		type: 'boolean',
		default: true,
		description: 'Whether company customers must have a company name',
	},
	{
		displayName: 'Require Verified Phone / 校验手机已验证',
		name: 'checkPhoneVerified',
		type: 'boolean',
		default: true,
		description: 'Whether the phone number must be verified',
	},
	{
		displayName: 'Require Minimum Score / 校验评分',
		name: 'checkScore',
		type: 'boolean',
		default: true,
		description: 'Whether the score must reach the minimum',
	},
	{
		displayName: 'Minimum Score / 最低评分',
		name: 'minScore',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 60,
		displayOptions: { show: { checkScore: [true] } },
		description: 'Scores at or above pass (默认 60)',
	},
];

export const description = updateDisplayOptions({ show }, properties);

function settingsOf(this: IExecuteFunctions, itemIndex: number): AdmissionSettings {
	const settings: AdmissionSettings = {
		checkMobile: this.getNodeParameter('checkMobile', itemIndex, true) as boolean,
		checkName: this.getNodeParameter('checkName', itemIndex, true) as boolean,
		rejectTitleOnlyName: this.getNodeParameter('rejectTitleOnlyName', itemIndex, false) as boolean,
		checkCompany: this.getNodeParameter('checkCompany', itemIndex, true) as boolean,
		checkPhoneVerified: this.getNodeParameter('checkPhoneVerified', itemIndex, true) as boolean,
		checkScore: this.getNodeParameter('checkScore', itemIndex, true) as boolean,
		minScore: DEFAULT_ADMISSION_SETTINGS.minScore,
	};
	if (settings.checkScore) {
		const minScore = Number(this.getNodeParameter('minScore', itemIndex, DEFAULT_ADMISSION_SETTINGS.minScore));
		if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
			throw parameterError(this.getNode(), '最低评分必须在 0–100 之间', 'Minimum Score must be between 0 and 100', itemIndex);
		}
		settings.minScore = minScore;
	}
	return settings;
}

/** Two outputs instead of one item list: the router hands it all items at once. */
export const perItem = false;

/** Every input item on exactly one of the two outputs: [admitted, rejected]. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const admitted: INodeExecutionData[] = [];
	const rejected: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			const result = checkAdmission(
				{
					mobile: this.getNodeParameter('leadMobile', itemIndex, ''),
					name: this.getNodeParameter('leadName', itemIndex, ''),
					customerType: this.getNodeParameter('leadType', itemIndex, ''),
					company: this.getNodeParameter('leadCompany', itemIndex, ''),
					phoneVerified: this.getNodeParameter('phoneVerified', itemIndex, ''),
					score: this.getNodeParameter('leadScore', itemIndex, ''),
				},
				settingsOf.call(this, itemIndex),
			);
			if (result.passed) {
				admitted.push({
					...item,
					json: { ...item.json, normalizedMobile: result.normalizedMobile, ...(result.nameIsTitleOnly ? { nameIsTitleOnly: true } : {}) },
					pairedItem: { item: itemIndex },
				});
			} else {
				const failedRules = result.failures.map((failure) => ({ ...failure })) as unknown as IDataObject[];
				rejected.push({
					...item,
					json: {
						...item.json,
						failedRules,
						rejectionReason: `${result.failures.map((f) => f.reasonZh).join('；')} / ${result.failures.map((f) => f.reasonEn).join('; ')}`,
					},
					pairedItem: { item: itemIndex },
				});
			}
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
			rejected.push({
				json: { ...item.json, error: toNodeError(this.getNode(), error, itemIndex).message },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [admitted, rejected];
}
