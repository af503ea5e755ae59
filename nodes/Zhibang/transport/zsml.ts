/**
 * Reading ZBDocuments (docs/protocol/zhibang.md §4.2–§4.4): tables mapped by `cols[i].id` (never by position, rows may be
 * arrays or objects), bills located by field id, save messages. Plus the three request shapes
 * the ERP uses: list (`cmdkey: refresh`), bill (no cmdkey) and save (`__sys_dosave`).
 */
import type { IDataObject } from 'n8n-workflow';

import { ServiceError } from '../../shared/errors';
import { PageGuard, rowKey } from '../../shared/paging';
import type { RequestContext } from '../../shared/transport';
import { zhibangRequest, type ZbDocument, type ZbValue } from './index';

export interface ZbPage {
	recordcount: number;
	pagesize: number;
	pagecount: number;
	pageindex: number;
}

export function tableOf(document: Record<string, unknown>): { rows: IDataObject[]; page?: ZbPage } {
	const table = (document as ZbDocument).body?.source?.table;
	if (!table) return { rows: [] };
	const ids = (table.cols ?? []).map((col) => String(col.id));
	const rows = (table.rows ?? []).map((row) => {
		if (Array.isArray(row)) {
			const out: IDataObject = {};
			ids.forEach((id, index) => {
				out[id] = row[index] as IDataObject[string];
			});
			return out;
		}
		return { ...(row as IDataObject) };
	});
	const page = table.page
		? {
				recordcount: Number(table.page.recordcount ?? rows.length),
				pagesize: Number(table.page.pagesize ?? rows.length),
				pagecount: Number(table.page.pagecount ?? 1),
				pageindex: Number(table.page.pageindex ?? 1),
			}
		: undefined;
	return { rows, page };
}

export function billOf(document: Record<string, unknown>): { value: string; fields: IDataObject } {
	const bill = (document as ZbDocument).body?.bill;
	if (!bill) {
		throw new ServiceError('智邦没有返回单据（bill）/ Zhibang returned no bill', { service: 'Zhibang', kind: 'business' });
	}
	const fields: IDataObject = {};
	for (const group of bill.groups ?? []) {
		for (const field of group.fields ?? []) {
			if (field && field.id !== undefined) fields[String(field.id)] = field.value as IDataObject[string];
		}
	}
	return { value: bill.value === undefined || bill.value === null ? '' : String(bill.value), fields };
}

export function messageOf(document: Record<string, unknown>): string {
	const message = (document as ZbDocument).body?.message;
	return String(message?.text ?? (document as ZbDocument).header?.message ?? '');
}

const FAILED_SAVE = /失败|错误|fail|缺少对象|不能为空|不存在/i;

/** A list page (always `cmdkey: refresh`, or the ERP answers an empty skeleton). */
export async function zbListPage(
	ctx: RequestContext,
	path: string,
	datas: Record<string, ZbValue>,
	pageIndex: number,
	pageSize: number,
): Promise<{ rows: IDataObject[]; page?: ZbPage }> {
	const document = await zhibangRequest(ctx, {
		path,
		cmdkey: 'refresh',
		datas: { ...datas, pagesize: pageSize, pageindex: pageIndex },
		idempotent: true,
	});
	return tableOf(document);
}

/**
 * Every row of a list, or the first `limit` ones, page by page. Stops on the last page
 * (page.pagecount) or on a short or empty page when the ERP sends no page block.
 */
export async function zbListAll(
	ctx: RequestContext,
	path: string,
	datas: Record<string, ZbValue>,
	options: { limit?: number; pageSize: number },
): Promise<IDataObject[]> {
	// One page size for the whole walk: page indexes only line up when it never changes.
	const size = options.limit === undefined ? options.pageSize : Math.max(1, Math.min(options.pageSize, options.limit));
	const out: IDataObject[] = [];
	const guard = new PageGuard(size);
	for (let pageIndex = 1; ; pageIndex++) {
		const { rows, page } = await zbListPage(ctx, path, datas, pageIndex, size);
		// The ERP's counts are not trusted (see shared/paging): a page of rows seen before ends the walk.
		const more = guard.accept(rows.map((row) => rowKey(row, 'ord')), { totalCount: page?.recordcount, pageCount: page?.pagecount });
		if (guard.stopped === 'noNewRows') return out;
		out.push(...rows);
		if (options.limit !== undefined && out.length >= options.limit) return out.slice(0, options.limit);
		const last = page ? pageIndex >= page.pagecount : rows.length < size;
		if (last || rows.length === 0) return out;
		if (!more) {
			guard.assertComplete('Zhibang', path.split('?')[0]);
			return out;
		}
	}
}

/** A bill page without cmdkey: allocate a new id, or read a record with `edit=1`. */
export async function zbBill(
	ctx: RequestContext,
	path: string,
	datas: Record<string, ZbValue> = {},
): Promise<{ value: string; fields: IDataObject }> {
	return billOf(await zhibangRequest(ctx, { path, datas, idempotent: true }));
}

/** Save a bill (`__sys_dosave`). Never retried blindly: callers re-check before writing again. */
export async function zbSave(ctx: RequestContext, path: string, datas: Record<string, ZbValue>): Promise<string> {
	const document = await zhibangRequest(ctx, { path, cmdkey: '__sys_dosave', datas, idempotent: false });
	const text = messageOf(document);
	if (FAILED_SAVE.test(text)) {
		throw new ServiceError(`智邦保存失败：${text} / Zhibang did not save: ${text}`, {
			service: 'Zhibang',
			kind: 'business',
			serviceCode: 'save',
		});
	}
	return text;
}
