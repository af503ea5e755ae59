/**
 * The Zhibang ERP endpoints the nodes use (docs/protocol/zhibang.md §5–§9), on top of the transport. Legacy mobile
 * ASP paths with the PostClass envelope; the session is added by the credential.
 */
import type { IDataObject } from 'n8n-workflow';

import { ServiceError } from '../shared/errors';
import type { RequestContext } from '../shared/transport';
import type { ZbValue } from './transport';
import { zbBill, zbListAll, zbListPage, zbSave, type ZbPage } from './transport/zsml';

const M = '/sysa/mobilephone';

export const PATHS = {
	customerAdd: `${M}/salesmanage/custom/add.asp`,
	customerList: `${M}/salesmanage/custom/list.asp`,
	assign: `${M}/systemmanage/order.asp?datatype=tel`,
	followUp: (datatype: 'tel' | 'person') => `${M}/systemmanage/reply.asp?datatype=${datatype}`,
	contactAdd: `${M}/salesmanage/person/add.asp`,
	contactList: `${M}/salesmanage/person/list.asp`,
	enumeration: (enumid: number | string) => `${M}/source.asp?enumid=${enumid}`,
	users: `${M}/systemmanage/gate_list.asp?stype=radio`,
	categories: `${M}/systemmanage/telsort_list.asp?stype=check`,
	templates: `${M}/systemmanage/reply_temp_list.asp`,
} as const;

/** Enumeration ids of source.asp (docs/protocol/zhibang.md §8). */
export const ENUMS = { source: 13, industry: 11, valueLevel: 14, followUpMethod: 98 } as const;

/** The largest page the ERP is asked for (the simulator caps at 200; default 20, docs/protocol/zhibang.md §4.2). */
export const MAX_PAGE_SIZE = 200;

export type Datas = Record<string, ZbValue>;
export type CustomerType = 1 | 2;

// ------------------------------------------------------------------ customers

export function customerAddPath(intsort?: CustomerType): string {
	return intsort ? `${PATHS.customerAdd}?intsort=${intsort}` : PATHS.customerAdd;
}

/** Allocate a new customer id (ord) and the customer number the ERP proposes (bill field khid). */
export async function allocateCustomer(ctx: RequestContext, intsort: CustomerType): Promise<{ ord: string; khid: string }> {
	const bill = await zbBill(ctx, customerAddPath(intsort), { intsort, edit: '' });
	if (!bill.value) {
		throw new ServiceError('智邦没有分配客户ID / Zhibang allocated no customer id', { service: 'Zhibang', kind: 'business' });
	}
	return { ord: bill.value, khid: String(bill.fields.khid ?? '') };
}

/** Create or update (by ord) a customer. Not retried: callers check before saving again. */
export async function saveCustomer(ctx: RequestContext, intsort: CustomerType | undefined, datas: Datas): Promise<string> {
	return await zbSave(ctx, customerAddPath(intsort), datas);
}

/** A customer's detail bill: every field by id, plus `ord`. */
export async function getCustomer(ctx: RequestContext, ord: string): Promise<IDataObject> {
	const bill = await zbBill(ctx, `${PATHS.customerAdd}?edit=1`, { ord, edit: 1 });
	return { ord: bill.value || ord, ...bill.fields };
}

export async function listCustomers(ctx: RequestContext, datas: Datas, limit?: number): Promise<IDataObject[]> {
	return await zbListAll(ctx, PATHS.customerList, datas, { limit, pageSize: MAX_PAGE_SIZE });
}

export async function listCustomerPage(
	ctx: RequestContext,
	datas: Datas,
	pageIndex: number,
	pageSize = MAX_PAGE_SIZE,
): Promise<{ rows: IDataObject[]; page?: ZbPage }> {
	return await zbListPage(ctx, PATHS.customerList, datas, pageIndex, pageSize);
}

/** Assign to users (member1 0 + member2 ids) or open to the public pool (member1 1). */
export async function assignCustomer(ctx: RequestContext, ord: string, userIds: string[] | 'pool'): Promise<string> {
	const datas: Datas = userIds === 'pool' ? { ord, member1: 1, member2: '' } : { ord, member1: 0, member2: userIds.join(',') };
	return await zbSave(ctx, PATHS.assign, datas);
}

// ------------------------------------------------------------------ follow-ups

export async function createFollowUp(ctx: RequestContext, datatype: 'tel' | 'person', datas: Datas): Promise<string> {
	return await zbSave(ctx, PATHS.followUp(datatype), { datatype, ...datas });
}

// ------------------------------------------------------------------ contacts

export async function allocateContact(ctx: RequestContext, company: string): Promise<string> {
	const bill = await zbBill(ctx, PATHS.contactAdd, { company, edit: '' });
	if (!bill.value) {
		throw new ServiceError('智邦没有分配联系人ID / Zhibang allocated no contact id', { service: 'Zhibang', kind: 'business' });
	}
	return bill.value;
}

export async function saveContact(ctx: RequestContext, datas: Datas): Promise<string> {
	return await zbSave(ctx, PATHS.contactAdd, datas);
}

export async function getContact(ctx: RequestContext, ord: string): Promise<IDataObject> {
	const bill = await zbBill(ctx, `${PATHS.contactAdd}?edit=1`, { ord, edit: 1 });
	return { ord: bill.value || ord, ...bill.fields };
}

export async function listContacts(ctx: RequestContext, datas: Datas, limit?: number): Promise<IDataObject[]> {
	return await zbListAll(ctx, PATHS.contactList, datas, { limit, pageSize: MAX_PAGE_SIZE });
}

export async function listContactPage(ctx: RequestContext, datas: Datas, pageIndex: number, pageSize: number): Promise<{ rows: IDataObject[]; page?: ZbPage }> {
	return await zbListPage(ctx, PATHS.contactList, datas, pageIndex, pageSize);
}

// ------------------------------------------------------------------ reference lists

/** One page is the whole list for these pickers (they answer without paging). */
async function referenceList(ctx: RequestContext, path: string, datas: Datas = {}): Promise<IDataObject[]> {
	return await zbListAll(ctx, path, datas, { pageSize: 2000 });
}

export async function listUsers(ctx: RequestContext, name?: string): Promise<IDataObject[]> {
	return await referenceList(ctx, PATHS.users, name ? { name } : {});
}

export async function listEnumeration(ctx: RequestContext, enumid: number): Promise<IDataObject[]> {
	return await referenceList(ctx, PATHS.enumeration(enumid), { enumid });
}

export async function listCategories(ctx: RequestContext): Promise<IDataObject[]> {
	return await referenceList(ctx, PATHS.categories);
}

export async function listTemplates(ctx: RequestContext): Promise<IDataObject[]> {
	return await referenceList(ctx, PATHS.templates);
}
