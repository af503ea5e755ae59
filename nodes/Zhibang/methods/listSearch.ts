/**
 * Searchable lists of the v1.1 resource locators ("From List / 从列表选择"): customers searched by
 * name, number, mobile or contact (searchKey), contacts by name, one ERP page per request; the
 * pagination token is the next page index.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../../shared/execute';
import type { ZbPage } from '../transport/zsml';
import { listContactPage, listCustomerPage, type Datas } from '../api';

/** Rows per list page the editor shows. */
export const SEARCH_PAGE_SIZE = 50;

type PageReader = (datas: Datas, pageIndex: number, pageSize: number) => Promise<{ rows: IDataObject[]; page?: ZbPage }>;

async function search(
	ctx: ILoadOptionsFunctions,
	read: PageReader,
	datas: Datas,
	paginationToken: string | undefined,
	toItem: (row: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const pageIndex = Math.max(1, Number.parseInt(paginationToken ?? '1', 10) || 1);
	try {
		const { rows, page } = await read(datas, pageIndex, SEARCH_PAGE_SIZE);
		const more = page ? pageIndex < Number(page.pagecount) : rows.length >= SEARCH_PAGE_SIZE;
		return {
			results: rows.filter((row) => String(row.ord ?? '') !== '').map(toItem),
			paginationToken: more && rows.length > 0 ? String(pageIndex + 1) : undefined,
		};
	} catch (error) {
		throw toNodeError(ctx.getNode(), error);
	}
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const datas: Datas = { _rpt_sort: 'name', ...(text(filter) ? { searchKey: text(filter) } : {}) };
	return await search(this, async (d, i, n) => await listCustomerPage(this, d, i, n), datas, paginationToken, (row) => ({
		name: `${text(row.name) || text(row.ord)}${text(row.khid) ? ` (${text(row.khid)})` : ''}`,
		value: text(row.ord),
	}));
}

export async function searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const datas: Datas = { _rpt_sort: 'person_name', ...(text(filter) ? { person_name: text(filter) } : {}) };
	return await search(this, async (d, i, n) => await listContactPage(this, d, i, n), datas, paginationToken, (row) => ({
		name: `${text(row.person_name) || text(row.ord)}${text(row.name) ? ` · ${text(row.name)}` : ''}`,
		value: text(row.ord),
	}));
}
