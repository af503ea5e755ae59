/**
 * Lead fixtures shared by the jest tests and the n8n 2.8 compatibility run (test/compat): plain data,
 * no jest globals, nothing newer than Node 20.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * Company contacts as the seed's WeChat 中台 sends them, `{id, type, name, company, phone, score}`:
 * ids from 5000 + offset (customer numbers WX5…), mobiles 139…, scores 0–100.
 */
export function wechatContacts(count: number, offset = 0): IDataObject[] {
	return Array.from({ length: count }, (_, i) => {
		const n = i + offset;
		return {
			id: 5000 + n,
			type: 'company',
			name: `联系人${n}`,
			company: `微信测试公司${n}`,
			phone: `139${String(10000000 + n).padStart(8, '0')}`,
			score: n % 101,
		};
	});
}

/** A lead that passes every default admission rule. */
export const GOOD_LEAD = { id: 1, type: 'company', name: '张三', company: '某某科技有限公司', mobile: '13800138000', phone_verified: true, score: 85 };

/** 12 contacts for Lead → Check Admission: ids 1–5 pass, 6–12 fail one or more rules. */
export const ADMISSION_BATCH: IDataObject[] = [
	GOOD_LEAD,
	{ ...GOOD_LEAD, id: 2, mobile: '+86 139-0013-9000' },
	{ ...GOOD_LEAD, id: 3, type: 'person', company: '' },
	{ ...GOOD_LEAD, id: 4, score: 60 },
	{ ...GOOD_LEAD, id: 5, phone_verified: 'true', score: '99' },
	{ ...GOOD_LEAD, id: 6, mobile: '1380013800' },
	{ ...GOOD_LEAD, id: 7, name: '' },
	{ ...GOOD_LEAD, id: 8, company: '' },
	{ ...GOOD_LEAD, id: 9, phone_verified: false },
	{ ...GOOD_LEAD, id: 10, score: 59 },
	{ id: 11, type: 'company' },
	{ ...GOOD_LEAD, id: 12, mobile: 'x', phone_verified: 0, score: 10 },
];
