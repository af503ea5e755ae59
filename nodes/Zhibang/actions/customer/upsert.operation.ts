/**
 * Create or Update (Upsert), idempotent by a match key — the customer number (khid, default
 * `WX{external id}`) or the mobile:
 *
 * 1. Every parameter is read and checked first; a bad item fails before any request.
 * 2. One list request filtered by the key finds the customer (exact match on the returned rows).
 * 3. Absent → allocate an id and save. Present → compare the wanted values with the fields the
 *    list row shows; save only when one differs ("unchanged" costs exactly one request). Fields
 *    the row does not show are not compared unless "Compare All Fields" reads the detail too.
 * 4. A save is never retried blindly: after a transport failure (timeout, dropped connection,
 *    5xx) the node looks again and adopts the customer if the write had been applied.
 * 5. Optional assignment by score and follow-up record; then one read-back (Verify Save).
 *
 * 3b. A save of an existing customer carries the whole customer (our values on top of its detail):
 *    servers differ in what they do with fields a save leaves out.
 *
 * Requests per item (no assignment, no follow-up): new 3 (+1 read-back), changed 3 (+1), unchanged 1.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { findServiceError } from '../../../shared/errors';
import { parameterError } from '../../../shared/execute';
import { maskInput } from '../../../shared/mask';
import { allocateCustomer, assignCustomer, createFollowUp, saveCustomer, type CustomerType, type Datas } from '../../api';
import {
	explainDuplicate,
	findNameConflict,
	lookupCustomer,
	nameConflictError,
	readCustomerIfExists,
	completeCustomerSave,
	RERUN_ADVICE,
	unverifiedOutput,
	verifyCustomer,
	type MatchBy,
} from '../../helpers/customers';
import { withKeyLock } from '../../helpers/keyLock';
import { saveChecked, writeUnchecked, type CheckedSave } from '../../helpers/recovery';
import {
	assignmentForScore,
	assignmentSatisfied,
	checkAssignmentRule,
	checkKhid,
	DEFAULT_ASSIGNMENT_THRESHOLDS,
	DEFAULT_VALUE_BAND_IDS,
	diffRecord,
	khidForMobile,
	namesakeTag,
	normalizeMobile,
	parseScore,
	sameOrTaggedName,
	valueLevelForScore,
	withNamesakeTag,
	type AssignmentTarget,
	type ValueBandIds,
} from '../../rules';
import { CUSTOMER_TYPE_OPTIONS, customerFieldOptions, customerFieldsToDatas, followUpText, intsortOf, sourceField, str, verifySaveOption } from '../common';
import { categoryProperty, readNewCustomer } from './create.operation';

const show = { resource: ['customer'], operation: ['upsert'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Customer Type / 客户类型',
		name: 'customerType',
		type: 'options',
		options: CUSTOMER_TYPE_OPTIONS,
		default: 'company',
	},
	{
		displayName: 'Match By / 匹配方式',
		name: 'matchBy',
		type: 'options',
		options: [
			{
				name: 'Customer Number (Khid) / 客户编号',
				value: 'khid',
				description: 'An ID from your system, e.g. WX{external ID} (推荐：外部系统 ID)',
			},
			{
				name: 'Mobile / 手机号',
				value: 'mobile',
				description: 'The natural key when the input is a call log (通话记录按手机号匹配)',
			},
		],
		default: 'khid',
		description: 'How an existing customer is found; it is created only when none matches (先查后写，不会重复创建)',
	},
	{
		displayName: 'Customer Number / 客户编号',
		name: 'customerNumber',
		type: 'string',
		default: '=WX{{ $json.id }}',
		required: true,
		displayOptions: { show: { matchBy: ['khid'] } },
		description: 'The match key (khid); the seed format is WX{external ID}. Any expression is allowed.',
	},
	{
		displayName: 'Customer Number / 客户编号',
		name: 'customerNumber',
		type: 'string',
		default: '',
		displayOptions: { show: { matchBy: ['mobile'] } },
		description: 'Customer number for a new customer; empty uses M + the mobile (e.g. M13800138000), so two runs creating the same mobile at once make one customer; a customer found by the mobile keeps its own number (仅新建时使用；留空则为 M+手机号，并发创建不会重复；已有客户不改编号)',
	},
	{
		displayName: 'Mobile / 手机',
		name: 'mobile',
		type: 'string',
		default: '={{ $json.mobile }}',
		required: true,
		displayOptions: { show: { matchBy: ['mobile'] } },
		description: 'The match key: an 11-digit mainland mobile (+86, spaces and dashes are removed)',
	},
	{
		displayName: 'Mobile / 手机',
		name: 'mobile',
		type: 'string',
		default: '',
		displayOptions: { show: { matchBy: ['khid'] } },
		description: 'Mobile of the customer (for a company, of its contact) (手机号)',
	},
	{
		displayName: 'Customer Name / 客户名称',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Company name, or the person’s name for a person customer (客户名称)',
	},
	{ ...categoryProperty },
	{
		displayName: 'Contact Name / 联系人',
		name: 'contactName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { customerType: ['company'] } },
		description: 'Primary contact of the company (联系人姓名)',
	},
	sourceField,
	{
		displayName: 'Score / 评分',
		name: 'score',
		type: 'string',
		default: '',
		placeholder: '={{ $json.score }}',
		description: 'A 0–100 lead score: sets the value level by band (90–100, 75–89, 60–74, 45–59, 0–44) and drives the assignment; empty leaves the value level alone',
	},
	{
		displayName: 'Assign by Score / 按评分分配',
		name: 'assignByScore',
		type: 'boolean',
		default: false,
		description: 'Whether to assign the customer by score: high scores to the gold sales user, middle ones to the sales user, the rest to the public pool (公海)',
	},
	{
		displayName: 'Gold Sales User Name or ID',
		name: 'goldUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: '',
		required: true,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Owner of customers at or above the gold threshold (金牌销售). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Gold Threshold / 金牌阈值',
		name: 'goldThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 80,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Scores at or above go to the gold sales user (默认 80)',
	},
	{
		displayName: 'Sales User Name or ID',
		name: 'salesUserId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers' },
		default: '',
		required: true,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Owner of customers at or above the sales threshold (销售人员). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Sales Threshold / 销售阈值',
		name: 'salesThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 60,
		displayOptions: { show: { assignByScore: [true] } },
		description: 'Scores at or above (and below the gold threshold) go to the sales user; lower ones to the public pool (默认 60)',
	},
	{
		displayName: 'Add Follow-Up / 添加跟进记录',
		name: 'addFollowUp',
		type: 'boolean',
		default: false,
		description: 'Whether to add a follow-up record (洽谈进展) to the customer, e.g. a call summary',
	},
	{
		displayName: 'Follow-Up Template Name or ID',
		name: 'followUpTemplate',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplates' },
		default: '谈的很好，让发合同',
		displayOptions: { show: { addFollowUp: [true] } },
		description: 'Preset content, used when Follow-Up Content is empty (default template 106 谈的很好，让发合同). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Follow-Up Content / 跟进内容',
		name: 'followUpContent',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '={{ $json.summary }}',
		displayOptions: { show: { addFollowUp: [true] } },
		description: 'Text of the follow-up, e.g. a call summary; empty uses the template (跟进内容，留空则用模板)',
	},
	{
		displayName: 'Follow-Up Method Name or ID',
		name: 'followUpMethod',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFollowUpMethods' },
		default: '481',
		displayOptions: { show: { addFollowUp: [true] } },
		description: 'How the customer was contacted (跟进方式): 481 电话, 482 邮件, 483 上门, 484 其他. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Add Follow-Up When / 何时添加',
		name: 'followUpWhen',
		type: 'options',
		options: [
			{ name: 'Always / 每次', value: 'always', description: 'Every run adds one (a re-run of the same input adds it again)' },
			{ name: 'Created / 仅新建时', value: 'created' },
			{ name: 'Created or Updated / 新建或更新时', value: 'changed' },
		],
		default: 'always',
		displayOptions: { show: { addFollowUp: [true] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: customerFieldOptions(['category', 'contactName', 'customerNumber', 'customerType', 'mobile', 'name', 'source']),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Compare All Fields / 比较全部字段',
				name: 'compareAllFields',
				type: 'boolean',
				default: false,
				description:
					'Whether to also read the customer detail to compare fields the list does not show (QQ, WeChat, notes …); costs one more request per existing customer',
			},
			{
				displayName: 'Concurrency / 并发数',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'How many items are processed at the same time; the output keeps the input order, and items with the same key never run at once',
			},
			{
				displayName: 'Name Already Used / 客户名称已被占用时',
				name: 'onNameConflict',
				type: 'options',
				options: [
					{
						name: 'Add Last 4 Digits of Mobile / 追加手机尾号',
						value: 'suffix',
						description:
							'A different person with the same name (e.g. two callers called 刘总) is saved as 刘总（8000）, with the last 4 digits of its own mobile (or customer number); tried once',
					},
					{
						name: 'Fail the Item / 该条报错',
						value: 'fail',
						description: 'The item fails with the customer that holds the name; nothing is written',
					},
				],
				default: 'suffix',
				description:
					'The ERP refuses two customers with the same name (查重). When the holder of the name has this item’s mobile, it is the same customer under another key, and the item always fails with that advice.',
			},
			{
				displayName: 'Keep Type, Source and Category / 保留已有客户的类型来源分类',
				name: 'keepTypeSourceCategory',
				type: 'boolean',
				default: true,
				description:
					'Whether an existing customer keeps its customer type, source and category; they are set only when the customer is created. Turn off to overwrite them as well.',
			},
			...customerBands(),
			verifySaveOption(),
		],
	},
];

/** Band → value level id overrides (ids differ between installs), lowest band first. */
function customerBands(): INodeProperties[] {
	return [
		{
			displayName: 'Value Level 0–44 Name or ID',
			name: 'veryLow',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '290',
			description: 'Value level for this score band, default 290. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Value Level 45–59 Name or ID',
			name: 'low',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '177',
			description: 'Value level for this score band, default 177. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Value Level 60–74 Name or ID',
			name: 'medium',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '176',
			description: 'Value level for this score band, default 176. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Value Level 75–89 Name or ID',
			name: 'high',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '289',
			description: 'Value level for this score band, default 289. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Value Level 90–100 Name or ID',
			name: 'veryHigh',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getValueLevels' },
			default: '175',
			description: 'Value level for this score band, default 175. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	];
}

export const description = updateDisplayOptions({ show }, properties);

interface FollowUpPlan {
	intro: string;
	method: string;
	when: 'always' | 'created' | 'changed';
}

interface UpsertPlan {
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

/** Everything an item needs, checked before any request. */
function readPlan(this: IExecuteFunctions, itemIndex: number): UpsertPlan {
	const node = this.getNode();
	const matchBy = this.getNodeParameter('matchBy', itemIndex, 'khid') as MatchBy;
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
	const source = str(this.getNodeParameter('source', itemIndex, '171'));
	if (source) desired.ly = source;

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const scoreRaw = this.getNodeParameter('score', itemIndex, '');
	let score: number | undefined;
	if (str(scoreRaw) !== '') {
		const parsed = parseScore(typeof scoreRaw === 'number' ? scoreRaw : str(scoreRaw));
		if (!parsed.ok) throw parameterError(node, `评分无效：${parsed.reasonZh}`, `Invalid Score: ${parsed.reasonEn}`, itemIndex);
		score = parsed.score;
		const bands: Partial<ValueBandIds> = {};
		for (const name of Object.keys(DEFAULT_VALUE_BAND_IDS) as Array<keyof ValueBandIds>) {
			if (str(options[name])) bands[name] = str(options[name]);
		}
		desired.jz = valueLevelForScore(score, bands);
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
			method: this.getNodeParameter('followUpMethod', itemIndex, '481'),
		});
		followUp = { intro, method, when: this.getNodeParameter('followUpWhen', itemIndex, 'always') as FollowUpPlan['when'] };
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

type Action = 'created' | 'updated' | 'unchanged';

/**
 * The ERP refused a save of `datas`. If another customer holds the name: a namesake gets the
 * distinguishing tag (once, with "Add Last 4 Digits of Mobile"), anything else fails the item with
 * the advice that fits who holds the name. Returns the datas to send instead; throws otherwise.
 */
async function renameForNamesake(this: IExecuteFunctions, plan: UpsertPlan, datas: Datas, refusal: unknown, mayRename: boolean): Promise<Datas> {
	if (findServiceError(refusal)?.kind !== 'business') throw refusal;
	const name = str(datas.name);
	const conflict = await findNameConflict(this, name, str(datas.ord), plan.mobile);
	if (!conflict) throw explainDuplicate(refusal, plan.key);
	if (conflict.kind === 'namesake' && plan.onNameConflict === 'suffix' && plan.nameTag && mayRename) {
		this.logger.debug(`Zhibang: customer name already used by customer ${String(conflict.other.ord)}; saving the namesake with its tag`);
		return { ...datas, name: withNamesakeTag(name, plan.nameTag) };
	}
	throw nameConflictError(conflict, name, plan.key, refusal);
}

/**
 * Save `first`; when the ERP refuses it, `adopt` may name the record to carry on with instead
 * (another writer's twin) or throw; otherwise a namesake is saved once more under its tagged name.
 * Two saves at most: `renameForNamesake` only returns for the first refusal.
 */
async function saveUnderFreeName(
	this: IExecuteFunctions,
	plan: UpsertPlan,
	first: Datas,
	save: (datas: Datas) => Promise<CheckedSave<IDataObject>>,
	adopt: (refusal: unknown) => Promise<IDataObject | undefined>,
): Promise<{ saved: CheckedSave<IDataObject>; datas: Datas } | { adopted: IDataObject }> {
	let datas = first;
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			return { saved: await save(datas), datas };
		} catch (error) {
			failure = error;
		}
		const adopted = await adopt(failure);
		if (adopted) return { adopted };
		datas = await renameForNamesake.call(this, plan, datas, failure, attempt === 1);
	}
}

async function upsert(this: IExecuteFunctions, plan: UpsertPlan): Promise<IDataObject> {
	const { intsort, desired } = plan;
	let action: Action | undefined;
	let ord = '';
	let khid = str(desired.khid);
	let recovered = false;
	let changedFields: string[] = [];
	/** The owner column of the customer as last seen; undefined = unknown. */
	let owner: unknown;
	/** The name the customer is stored under (a namesake's carries its tag). */
	let storedName = str(desired.name);

	let { row } = await lookupCustomer(this, plan.matchBy, plan.key);
	if (!row) {
		const allocated = await allocateCustomer(this, intsort);
		const outcome = await saveUnderFreeName.call(
			this,
			plan,
			{ ord: allocated.ord, ...desired, khid: khid || allocated.khid || undefined },
			async (datas) =>
				await saveChecked(
					{ zh: '创建客户', en: 'create the customer' },
					async () => await saveCustomer(this, intsort, datas),
					async () => (await lookupCustomer(this, plan.matchBy, plan.key)).row,
				),
			// A duplicate refusal can mean another execution or worker created this customer at the same
			// moment (a lock only spans one execution): if the key finds it now, carry on with that one.
			async (refusal) => (findServiceError(refusal)?.kind === 'business' ? (await lookupCustomer(this, plan.matchBy, plan.key)).row : undefined),
		);
		if ('adopted' in outcome) {
			row = outcome.adopted;
			recovered = true;
		} else if (outcome.saved.adopted && String(outcome.saved.adopted.ord) !== allocated.ord) {
			// Another writer created a customer with this key meanwhile: treat it as the existing one.
			recovered = outcome.saved.recovered;
			row = outcome.saved.adopted;
		} else {
			recovered = outcome.saved.recovered;
			ord = allocated.ord;
			khid = str(outcome.datas.khid);
			storedName = str(outcome.datas.name);
			action = 'created';
		}
	}
	/** What this customer should show, and the type its saves carry. */
	let written: Datas = action === 'created' ? { ...desired, name: storedName } : desired;
	let saveType: CustomerType = intsort;
	if (row) {
		ord = String(row.ord);
		khid = str(row.khid) || khid;
		owner = row.cateid;
		const rowType = str(row.intsort) === '1' ? 1 : str(row.intsort) === '2' ? 2 : undefined;
		let typeChanged = false;
		if (plan.keepExisting) {
			// An existing customer keeps its type, source and category (e.g. one found by a call's mobile).
			written = { ...desired };
			delete written.ly;
			delete written.sort1;
			if (rowType) saveType = rowType;
			if (rowType === 2) delete written.person_name;
		} else {
			typeChanged = rowType !== undefined && rowType !== intsort;
		}
		if (plan.matchBy === 'mobile' && written.khid !== undefined) {
			// Matched by mobile, the Customer Number is for new customers only: an existing one keeps its own.
			written = { ...written };
			delete written.khid;
		}
		if (written.name !== undefined && sameOrTaggedName(row.name, str(written.name), plan.nameTag)) {
			// Saved earlier as a namesake (刘总（8000）): that is this customer's name, not a change.
			written = { ...written, name: str(row.name).trim() };
		}
		let { different } = diffRecord(written, row);
		/** The customer's detail, once read. */
		let detail: IDataObject | undefined;
		if (plan.compareAll && different.length === 0 && !typeChanged) {
			detail = await readCustomerIfExists(this, ord);
			if (detail) {
				// Fields the detail does not show stay unknown: not a reason to write.
				different = diffRecord(written, detail).different;
				if (detail.cateid !== undefined) owner = detail.cateid;
			}
		}
		changedFields = typeChanged ? ['intsort', ...different] : different;
		action = 'unchanged';
		if (changedFields.length) {
			// The save carries the whole customer: our values, the others as the ERP shows them now.
			const complete = await completeCustomerSave(this, ord, written, saveType, detail);
			const outcome = await saveUnderFreeName.call(
				this,
				plan,
				complete.datas,
				async (datas) => {
					const wanted: IDataObject = { ...datas, intsort: saveType };
					return await saveChecked(
						{ zh: '更新客户', en: 'update the customer' },
						async () => await saveCustomer(this, saveType, datas),
						async () => {
							const shown = await readCustomerIfExists(this, ord);
							return shown && diffRecord(wanted, shown).different.length === 0 ? shown : undefined;
						},
					);
				},
				// Only a refused new name can be a namesake's: any other refusal fails the item as it is.
				async (refusal) => {
					if (!changedFields.includes('name')) throw refusal;
					return undefined;
				},
			);
			if ('saved' in outcome) {
				recovered = recovered || outcome.saved.recovered;
				// Saved under a namesake's tagged name: that is what the customer shows now.
				if (outcome.datas !== complete.datas) written = { ...written, name: outcome.datas.name };
				action = 'updated';
			}
		}
		storedName = str(written.name ?? row.name);
	}
	if (!action) action = 'unchanged';

	let assignment: IDataObject | null = null;
	let owners: string[] | 'pool' | undefined;
	if (plan.assignment) {
		const target = plan.assignment;
		owners = target.mode === 'pool' ? 'pool' : [target.userId];
		// A new customer belongs to whoever created it: assign unless we know it is already right.
		const satisfied = action !== 'created' && owner !== undefined && assignmentSatisfied(target, owner);
		if (!satisfied) {
			const saved = await saveChecked(
				{ zh: '指派客户', en: 'assign the customer' },
				async () => await assignCustomer(this, ord, target.mode === 'pool' ? 'pool' : [target.userId]),
				async () => {
					const detail = await readCustomerIfExists(this, ord);
					return detail && detail.cateid !== undefined && assignmentSatisfied(target, detail.cateid) ? detail : undefined;
				},
			);
			recovered = recovered || saved.recovered;
		}
		assignment = {
			tier: target.tier,
			mode: target.mode,
			userId: target.mode === 'user' ? target.userId : null,
			score: plan.score ?? null,
			changed: !satisfied,
		};
	}

	let followUp: IDataObject | null = null;
	const f = plan.followUp;
	if (f && (f.when === 'always' || (f.when === 'created' && action === 'created') || (f.when === 'changed' && action !== 'unchanged'))) {
		// Not idempotent and not retried: the ERP offers no way to look a follow-up up.
		await writeUnchecked({ zh: '添加跟进记录', en: 'add the follow-up' }, async () =>
			await createFollowUp(this, 'tel', { ord, intro: f.intro, sort: f.method, lead: 0, plantype: 0 }),
		);
		followUp = { saved: true, method: f.method, content: f.intro };
	}

	const wrote = action !== 'unchanged' || (assignment !== null && assignment.changed === true);
	let verified = false;
	let unverified: string[] | undefined;
	if (plan.verify && wrote) {
		const advice = plan.compareAll
			? RERUN_ADVICE
			: {
					zh: '请打开“选项 → 比较全部字段”后重新运行该条：节点会读取客户详情并再次写入这些字段',
					en: 'Re-run the item with Options → Compare All Fields turned on: the node then reads the customer detail and writes these fields again',
				};
		const check = await verifyCustomer(
			this,
			ord,
			{ ...written, ...(action !== 'unchanged' ? { intsort: saveType } : {}) },
			assignment?.changed ? owners : undefined,
			advice,
		);
		unverified = check.unverified;
		verified = true;
	}
	return {
		action,
		customerId: ord,
		khid: khid || null,
		matchedBy: plan.matchBy,
		assignment,
		followUp,
		verified,
		recovered,
		...unverifiedOutput(unverified),
		...(action === 'updated' ? { changedFields } : {}),
		// Only for a namesake: the name the ERP holds this customer under, e.g. 刘总（8000）.
		...(storedName !== str(desired.name).trim() ? { storedName } : {}),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const plan = readPlan.call(this, itemIndex);
	return await withKeyLock(this, `${plan.matchBy}:${plan.key.toLowerCase()}`, async () => await upsert.call(this, plan));
}
