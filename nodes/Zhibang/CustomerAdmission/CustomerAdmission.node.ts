import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { parameterError, toNodeError } from '../../shared/execute';
import { checkAdmission, DEFAULT_ADMISSION_SETTINGS, type AdmissionSettings } from '../rules/admission';

/**
 * The seed's admission check (数据准入检查) as a node: items that may be written to the ERP leave
 * on "Admitted" (unchanged, plus `normalizedMobile`), the others on "Rejected" with every failed
 * rule and its reason in Chinese and English. The rules are pure functions in rules/admission.ts.
 */
export class CustomerAdmission implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer Admission / 客户准入',
		name: 'customerAdmission',
		icon: { light: 'file:admission.svg', dark: 'file:admission.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"score ≥ " + ($parameter["checkScore"] ? $parameter["minScore"] : "—")}}',
		description: 'Check customers before they are written to the ERP: valid mobile, name, company, verified phone, score; flags title-only names / 客户数据准入检查',
		defaults: { name: 'Customer Admission' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Admitted', 'Rejected'],
		properties: [
			{
				displayName: 'Mobile / 手机号',
				name: 'mobile',
				type: 'string',
				default: '={{ $json.mobile }}',
				description: 'The customer’s mobile; +86, spaces and dashes are removed before the check (手机号)',
			},
			{
				displayName: 'Name / 姓名',
				name: 'name',
				type: 'string',
				default: '={{ $json.name }}',
			},
			{
				displayName: 'Customer Type / 客户类型',
				name: 'customerType',
				type: 'string',
				default: '={{ $json.type }}',
				description: 'Company (or 单位/企业/公司/1) for company customers; anything else is a person (单位客户需要公司名称)',
			},
			{
				displayName: 'Company / 公司名称',
				name: 'company',
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
				name: 'score',
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const admitted: INodeExecutionData[] = [];
		const rejected: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			try {
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
				const result = checkAdmission(
					{
						mobile: this.getNodeParameter('mobile', itemIndex, ''),
						name: this.getNodeParameter('name', itemIndex, ''),
						customerType: this.getNodeParameter('customerType', itemIndex, ''),
						company: this.getNodeParameter('company', itemIndex, ''),
						phoneVerified: this.getNodeParameter('phoneVerified', itemIndex, ''),
						score: this.getNodeParameter('score', itemIndex, ''),
					},
					settings,
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
}
