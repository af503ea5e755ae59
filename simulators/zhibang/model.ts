/**
 * The records of the simulated ERP (customers = table `tel`, contacts = `person`, follow-ups =
 * 洽谈进展), the views clients see, the operation log, and the reference lists.
 */
import { AREAS, CATEGORIES, FOLLOW_METHODS, FOLLOW_TEMPLATES, JZ, LY, TRADE, type EnumItem, type TreeItem, type ZhibangUser } from './data';
import type { DuplicateCheck } from './knobs';

export interface ZhibangCustomer {
	ord: number;
	/** 1 单位客户, 2 个人客户 */
	intsort: 1 | 2;
	name: string;
	khid: string;
	/** Category id (客户分类) and follow-up stage id (跟进程度, 0 = none): v1 `sort1` = "cat,stage". */
	sort1: number;
	sort1Stage: number;
	ly: number;
	jz: number;
	trade: number;
	area: number;
	/** Owners (销售人员); empty = public pool (公海). */
	cateid: number[];
	/** Who added the customer. */
	addcate: number;
	/** 添加时间 'YYYY-MM-DD HH:mm:ss' (China time). */
	date1: string;
	updatedAt: string;
	/** Primary contact ord of a company customer, 0 = none. */
	person: number;
	/** Every other stored field, keyed by its datas id (pym, address, intro, @meju_19, …). */
	fields: Record<string, string>;
}

export interface ZhibangContact {
	ord: number;
	/** Customer ord. */
	company: number;
	person_name: string;
	/** True for the contact a company customer's own form maintains. */
	primary: boolean;
	addcate: number;
	date1: string;
	updatedAt: string;
	fields: Record<string, string>;
}

export interface ZhibangFollowup {
	id: number;
	datatype: 'tel' | 'person';
	/** The customer ord (datatype tel) or contact ord (person) the follow-up was written on. */
	ord: number;
	customer: number;
	/** Related contact (lead, or the contact itself for datatype person), 0 = none. */
	contact: number;
	intro: string;
	/** 跟进方式 id (481..484). */
	sort: number;
	/** 0 no schedule, 1 pending, 2 done. */
	plantype: number;
	/** Schedule fields (@title2, @ret2_0, …) when plantype ≠ 0. */
	plan: Record<string, string>;
	/** Other fields sent (files, …). */
	fields: Record<string, string>;
	author: number;
	authorName: string;
	date: string;
}

/** A customer as clients see it: ids plus names, and the primary contact's fields merged in. */
export interface ZhibangCustomerView extends Omit<ZhibangCustomer, 'cateid'> {
	sort1Name: string;
	lyName: string;
	jzName: string;
	tradeName: string;
	/** Primary owner, 0 = public pool. */
	cateid: number;
	/** All owners. */
	cateids: number[];
	cateName: string;
	person_name: string;
	mobile: string;
	phone: string;
	email: string;
	/** Every stored field (customer fields and the primary contact's), by datas id. */
	fields: Record<string, string>;
}

export interface ZhibangContactView extends ZhibangContact {
	/** Customer name. */
	name: string;
	mobile: string;
	phone: string;
	email: string;
	job: string;
}

export type WriteAction =
	| 'customer.create'
	| 'customer.update'
	| 'customer.assign'
	| 'followup.create'
	| 'contact.create'
	| 'contact.update';

export interface OplogEntry {
	seq: number;
	/** 'YYYY-MM-DD HH:mm:ss' China time. */
	at: string;
	/** Login name of the writer. */
	user: string;
	userOrd: number;
	userName: string;
	/** Canonical operation that wrote (customer.save, v3.customer.edit, …). */
	op: string;
	action: WriteAction;
	/** The record written: customer ord, contact ord, or the follow-up's target ord. */
	ord: number;
	data: Record<string, unknown>;
}

export interface ReferenceLists {
	ly: EnumItem[];
	trade: EnumItem[];
	jz: EnumItem[];
	methods: EnumItem[];
	categories: TreeItem[];
	templates: EnumItem[];
	areas: TreeItem[];
}

export const DEFAULT_LISTS: ReferenceLists = {
	ly: LY,
	trade: TRADE,
	jz: JZ,
	methods: FOLLOW_METHODS,
	categories: CATEGORIES,
	templates: FOLLOW_TEMPLATES,
	areas: AREAS,
};

export interface StoreSettings {
	lists: ReferenceLists;
	acceptCategoryText: boolean;
	duplicateCheck: DuplicateCheck;
	/** How a save of an existing record treats the fields it was not sent (knob partialSave). */
	partialSave?: 'keep' | 'reject' | 'blank';
}

export type Actor = Pick<ZhibangUser, 'ord' | 'username' | 'name'>;

export type WriteResult = { ok: true; ord: number; action?: WriteAction } | { ok: false; error: string };
