/** The Yunke console endpoints the nodes use (docs/protocol/yunke.md §5–§8), on top of the transport. */
import type { IDataObject } from 'n8n-workflow';

import { findServiceError, ServiceError } from '../shared/errors';
import { PageGuard, rowKey } from '../shared/paging';
import type { RequestContext } from '../shared/transport';
import { REFERERS, yunkeRequest, type YunkeEnvelope } from './transport';

export const CALL_LOG_MAX_PAGE_SIZE = 200;
export const REPORT_MAX_PAGE_SIZE = 100;

export interface CallLogQuery {
	/** "YYYY-MM-DD HH:mm", Beijing time. */
	start: string;
	end: string;
	departmentId?: string;
	userId?: string;
	/** 's' outbound, 'i' inbound, '' all. */
	callType?: '' | 's' | 'i';
	searchInfo?: string;
	searchPhone?: string;
}

export interface Page<T> {
	rows: T[];
	totalCount: number;
	pageCount: number;
	/** The counts as the service sent them (for PageGuard, which trusts only plain numbers). */
	counts: { totalCount: unknown; pageCount: unknown };
}

/** The full 21-key body of /pc/callLog/list (docs/protocol/yunke.md §5.1). */
export function callLogBody(query: CallLogQuery, page: number, pageSize: number): IDataObject {
	return {
		page,
		pageSize,
		lastConnectTimeStart: query.start,
		lastConnectTimeEnd: query.end,
		departmentId: query.departmentId ?? '',
		userId: query.userId ?? '',
		callType: query.callType ?? '',
		searchInfo: query.searchInfo ?? '',
		searchPhone: query.searchPhone ?? '',
		salesProgress: '',
		startVoiceTime: '',
		endVoiceTime: '',
		startCreateTime: '',
		endCreateTime: '',
		id: '',
		userKey: '',
		callTimeStar: '',
		callTimeEnd: '',
		recordFroms: [],
		quitUserId: '',
		customerSource: '',
	};
}

function pageOf(data: unknown): Page<IDataObject> {
	const block = (data ?? {}) as IDataObject;
	const rows = Array.isArray(block.data) ? (block.data as IDataObject[]) : [];
	return {
		rows,
		totalCount: Number(block.totalCount ?? rows.length),
		pageCount: Number(block.pageCount ?? 1),
		counts: { totalCount: block.totalCount, pageCount: block.pageCount },
	};
}

export async function fetchCallLogPage(ctx: RequestContext, query: CallLogQuery, page: number, pageSize: number): Promise<Page<IDataObject>> {
	const envelope = await yunkeRequest(ctx, {
		path: '/pc/callLog/list',
		referer: REFERERS.callLog,
		body: callLogBody(query, page, pageSize),
	});
	return pageOf(envelope.data);
}

/**
 * Walk the pages of a call-log query (newest first). `limit` stops early and shrinks the page
 * size; without it pages of 200 are read until the last page. Rows are de-duplicated by id
 * (new calls arriving mid-walk shift rows between pages). `keep` filters rows the endpoint cannot
 * filter itself; the limit counts kept rows.
 */
export async function fetchCallLogs(
	ctx: RequestContext,
	query: CallLogQuery,
	limit?: number,
	keep?: (row: IDataObject) => boolean,
): Promise<IDataObject[]> {
	// A filtered walk may need many rows per kept one: full pages then.
	const pageSize = limit === undefined || keep ? CALL_LOG_MAX_PAGE_SIZE : Math.max(1, Math.min(CALL_LOG_MAX_PAGE_SIZE, limit));
	const seen = new Set<string>();
	const out: IDataObject[] = [];
	// The server's counts are not trusted: a page of nothing new, the first page's counts and an absolute ceiling end the walk.
	const guard = new PageGuard(pageSize);
	for (let page = 1; ; page++) {
		const { rows, pageCount, counts } = await fetchCallLogPage(ctx, query, page, pageSize);
		for (const row of rows) {
			const id = String(row.id ?? '');
			if (id && seen.has(id)) continue;
			seen.add(id);
			if (keep && !keep(row)) continue;
			out.push(row);
			if (limit !== undefined && out.length >= limit) return out;
		}
		const more = guard.accept(rows.map((row) => rowKey(row, 'id')), counts);
		if (page >= pageCount || rows.length === 0) return out;
		if (!more) {
			guard.assertComplete('Yunke', '/pc/callLog/list');
			return out;
		}
	}
}

/** The service's refusal (e.g. "录音不存在") says nothing about the call; name it and the usual cause. */
function noRecording(callActionId: string, code: string | undefined, detail?: string): ServiceError {
	const shown = code ? `（代码 ${code}）` : '';
	return new ServiceError(
		`云客没有返回通话 ${callActionId} 的录音地址${shown}，未接通的通话没有录音 / Yunke returned no recording URL for call ${callActionId}${code ? ` (code ${code})` : ''}; calls that were not connected have no recording`,
		{ service: 'Yunke', kind: 'business', serviceCode: code, description: detail },
	);
}

export async function fetchRecordUrl(ctx: RequestContext, callActionId: string): Promise<string> {
	const envelope: YunkeEnvelope = await yunkeRequest(ctx, {
		path: '/pc/callLog/getRecordUrl',
		referer: REFERERS.record,
		form: { callActionId },
	}).catch((error: unknown) => {
		// An envelope refusal ("录音不存在") becomes the message above; HTTP, session and login failures pass unchanged.
		const failure = findServiceError(error);
		const refused = failure?.kind === 'business' && (failure.httpStatus ?? 200) < 300;
		throw refused ? noRecording(callActionId, failure.serviceCode, failure.message) : error;
	});
	const url = typeof envelope.data === 'string' ? envelope.data.trim() : '';
	if (!url) throw noRecording(callActionId, undefined);
	return url;
}

export async function fetchDepartmentTree(ctx: RequestContext, options: { showUser: boolean; id?: string }): Promise<unknown> {
	const body: IDataObject = { showUser: options.showUser, showUserStatus: '', queryQywxStatus: false };
	if (options.id) body.id = options.id;
	const envelope = await yunkeRequest(ctx, { path: '/usercenter/dept/tree', referer: REFERERS.deptTree, body });
	return envelope.data;
}

export interface ReportQuery {
	childModule: 'outCall' | 'inCall' | 'allCall';
	starttime: string;
	endtime: string;
	departId: string;
	searchUserId?: string;
}

export async function fetchReportPage(ctx: RequestContext, query: ReportQuery, page: number, pageSize: number): Promise<Page<IDataObject>> {
	const envelope = await yunkeRequest(ctx, {
		path: '/yunke-report-phone/module/getIndexDetail',
		referer: REFERERS.report,
		body: { ...query, searchUserId: query.searchUserId ?? '', option: '1', page, pageSize },
	});
	return pageOf(envelope.data);
}
