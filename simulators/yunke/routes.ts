/**
 * The Yunke business routes: the call log, recording URLs, the call report, the department tree,
 * and the fake Aliyun OSS that serves the recordings.
 */
import crypto from 'node:crypto';

import type { SimRequest, SimResponse } from '../common/wire';
import type { Session } from './auth';
import { loginUsersOf, type StoredCall } from './data';
import { fail, intParam, invalid, isObject, ok, payload, str, YUNKE_SIM_CODES, type Json, type YunkeService } from './envelopes';
import { ossErrorXml, ossObjectKey, ossSignature, OSS_ACCESS_KEY_ID, OSS_BUCKET, recordingBytesFor, recordingSizeFor, recordingStream, signedRecordUrl } from './recording';
import type { CallRecord, Department } from './types';

const TIME_MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function publicRecord(svc: YunkeService, call: StoredCall, origin: string): CallRecord {
	const expires = Math.floor((svc.now() + svc.knobs().ossUrlTtlMs) / 1000);
	return { ...call.record, recordFile: call.hasRecording ? signedRecordUrl(origin, call.record.id, expires) : '' };
}

export function callLogList(svc: YunkeService, req: SimRequest, session: Session): SimResponse {
	const body = req.json;
	if (!isObject(body)) return invalid(svc.knobs(), '请求体必须是 JSON 对象');
	const page = intParam(body.page, 1);
	const pageSize = intParam(body.pageSize, 10);
	if (!(page >= 1)) return invalid(svc.knobs(), 'page 必须是不小于 1 的整数');
	if (!(pageSize >= 1 && pageSize <= 200)) return invalid(svc.knobs(), 'pageSize 必须在 1 到 200 之间');
	const start = str(body.lastConnectTimeStart);
	const end = str(body.lastConnectTimeEnd);
	if (start && !TIME_MINUTE.test(start)) return invalid(svc.knobs(), 'lastConnectTimeStart 格式应为 yyyy-MM-dd HH:mm');
	if (end && !TIME_MINUTE.test(end)) return invalid(svc.knobs(), 'lastConnectTimeEnd 格式应为 yyyy-MM-dd HH:mm');
	const callType = str(body.callType);
	if (!['', 's', 'i'].includes(callType)) return invalid(svc.knobs(), 'callType 只能是 s、i 或空');
	const departmentId = str(body.departmentId);
	const userId = str(body.userId);
	const searchInfo = str(body.searchInfo).trim();
	const searchPhone = str(body.searchPhone).trim();

	const company = session.companyCode;
	const subtree = departmentId ? svc.db().subtree(company, departmentId) : undefined;
	const rows = svc.db().calls(company).filter((c) => {
		const r = c.record;
		const minute = r.startCallTime.slice(0, 16);
		if (start && minute < start) return false;
		if (end && minute > end) return false;
		if (callType === 's' && r.incomingCall !== 0) return false;
		if (callType === 'i' && r.incomingCall !== 1) return false;
		if (subtree && !subtree.has(c.deptId)) return false;
		if (userId && c.userId !== userId) return false;
		if (searchPhone && !r.callNumber.includes(searchPhone)) return false;
		if (
			searchInfo &&
			![r.planCustomerName, r.planCustomerCompany, r.callNumber, r.userIdName].some((f) => f.includes(searchInfo))
		) {
			return false;
		}
		return true;
	});
	const totalCount = rows.length;
	const lying = svc.knobs().lyingPager;
	if (lying) {
		// A hostile server: the first page whatever page was asked for, with the counts the knob claims.
		const data = rows.slice(0, pageSize).map((c) => publicRecord(svc, c, req.origin));
		return ok(payload(svc.knobs(), { data, totalCount: lying.totalCount ?? totalCount, pageCount: lying.pageCount, page, pageSize }));
	}
	const data = rows.slice((page - 1) * pageSize, page * pageSize).map((c) => publicRecord(svc, c, req.origin));
	return ok(payload(svc.knobs(), { data, totalCount, pageCount: Math.ceil(totalCount / pageSize), page, pageSize }));
}

export function getRecordUrl(svc: YunkeService, req: SimRequest, session: Session): SimResponse {
	const id = str(req.form.callActionId).trim();
	if (!id) return invalid(svc.knobs(), 'callActionId 不能为空');
	const call = svc.db().company(session.companyCode)?.calls.find((c) => c.record.id === id);
	if (!call || !call.hasRecording) return fail(YUNKE_SIM_CODES.noRecording, '录音不存在', '');
	return ok(publicRecord(svc, call, req.origin).recordFile);
}

export function report(svc: YunkeService, req: SimRequest, session: Session): SimResponse {
	const body = req.json;
	if (!isObject(body)) return invalid(svc.knobs(), '请求体必须是 JSON 对象');
	const childModule = str(body.childModule);
	if (!['outCall', 'inCall', 'allCall'].includes(childModule)) return invalid(svc.knobs(), 'childModule 只能是 outCall、inCall 或 allCall');
	const starttime = str(body.starttime);
	const endtime = str(body.endtime);
	if (!DATE_ONLY.test(starttime) || !DATE_ONLY.test(endtime)) return invalid(svc.knobs(), 'starttime/endtime 格式应为 yyyy-MM-dd');
	if (starttime > endtime) return invalid(svc.knobs(), 'starttime 不能晚于 endtime');
	const departId = str(body.departId);
	if (!departId) return invalid(svc.knobs(), 'departId 不能为空');
	const page = intParam(body.page, 1);
	const pageSize = intParam(body.pageSize, 10);
	if (!(page >= 1)) return invalid(svc.knobs(), 'page 必须是不小于 1 的整数');
	if (!(pageSize >= 1 && pageSize <= 100)) return invalid(svc.knobs(), 'pageSize 必须在 1 到 100 之间');
	const company = session.companyCode;
	const subtree = svc.db().subtree(company, departId);
	if (subtree.size === 0) return invalid(svc.knobs(), `部门不存在 ${departId}`);
	const searchUserId = str(body.searchUserId);

	const departments = svc.db().departments(company);
	const agents = svc.db()
		.agents(company)
		.filter((a) => a.status !== 2 && subtree.has(a.deptId) && (!searchUserId || a.id === searchUserId));
	const totals = new Map(agents.map((a) => [a.id, { calls: 0, connected: 0, seconds: 0 }]));
	for (const c of svc.db().calls(company)) {
		const t = totals.get(c.userId);
		if (!t) continue;
		const day = c.record.startCallTime.slice(0, 10);
		if (day < starttime || day > endtime) continue;
		if (childModule === 'outCall' && c.record.incomingCall !== 0) continue;
		if (childModule === 'inCall' && c.record.incomingCall !== 1) continue;
		t.calls++;
		if (c.record.callStatus === 2) {
			t.connected++;
			t.seconds += c.record.callSeconds;
		}
	}
	const rows = agents.map((a) => {
		const t = totals.get(a.id)!;
		return {
			userId: a.id,
			userName: a.name,
			departName: departments.find((d) => d.id === a.deptId)?.name ?? '',
			callCount: t.calls,
			connectCount: t.connected,
			connectRate: `${(t.calls ? (t.connected * 100) / t.calls : 0).toFixed(2)}%`,
			totalCallSeconds: t.seconds,
			avgCallSeconds: t.connected ? Math.round(t.seconds / t.connected) : 0,
		};
	});
	const totalCount = rows.length;
	return ok(
		payload(svc.knobs(), {
			totalCount,
			pageCount: Math.ceil(totalCount / pageSize),
			data: rows.slice((page - 1) * pageSize, page * pageSize),
		}),
	);
}

export function deptTree(svc: YunkeService, req: SimRequest, session: Session): SimResponse {
	const body = isObject(req.json) ? req.json : {};
	const showUser = body.showUser === true || body.showUser === 'true';
	const statusFilter = str(body.showUserStatus);
	const company = session.companyCode;
	const departments = svc.db().departments(company);
	const rootId = str(body.id) || departments.find((d) => d.parentId === '0')?.id;
	const root = departments.find((d) => d.id === rootId);
	if (!root) return invalid(svc.knobs(), `部门不存在 ${str(body.id)}`);
	const users = [
		...svc.db()
			.agents(company)
			.filter((a) => a.status !== 2)
			.map((a) => ({ id: a.id, name: a.name, phone: a.phone, deptId: a.deptId, status: a.status })),
		...loginUsersOf(company),
	].filter((u) => !statusFilter || String(u.status) === statusFilter);
	const build = (dept: Department): Json => {
		const node: Json = {
			id: dept.id,
			name: dept.name,
			parentId: dept.parentId,
			type: 'DEPT',
			children: departments.filter((d) => d.parentId === dept.id).map(build),
		};
		if (showUser) {
			node.users = users
				.filter((u) => u.deptId === dept.id)
				.map((u) => ({ id: u.id, name: u.name, phone: u.phone, status: u.status }));
		}
		return node;
	};
	const tree = build(root);
	return ok(payload(svc.knobs(), svc.knobs().deptTreeShape === 'object' ? tree : [tree]));
}


export function ossError(svc: YunkeService, status: number, code: string, message: string): SimResponse {
	svc.bump('ossDenied');
	return { status, contentType: 'application/xml', text: ossErrorXml(code, message, `  <BucketName>${OSS_BUCKET}</BucketName>\n`) };
}

export function ossDownload(svc: YunkeService, req: SimRequest): SimResponse {
	const match = /^\/oss\/record\/([^/]+)\.mp3$/.exec(req.path);
	if (req.method !== 'GET' || !match) return ossError(svc, 404, 'NoSuchKey', 'The specified key does not exist.');
	const id = decodeURIComponent(match[1]);
	const k = svc.knobs();
	if (k.ossCheckReferer && !str(req.headers.referer).startsWith(`${req.origin}/cms/`)) {
		return ossError(svc, 403, 'AccessDenied', 'You are denied by bucket referer policy.');
	}
	if (k.ossCheckSignature) {
		const expires = req.query.get('Expires') ?? '';
		const signature = req.query.get('Signature') ?? '';
		if (!/^\d+$/.test(expires) || req.query.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID || !signature) {
			return ossError(svc, 403, 'AccessDenied', 'AccessDenied: the request is not signed.');
		}
		if (signature !== ossSignature(ossObjectKey(id), Number(expires))) {
			return ossError(svc, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
		}
		if (Number(expires) * 1000 < svc.now()) return ossError(svc, 403, 'AccessDenied', 'Request has expired.');
	}
	const call = svc.db().findCall(id);
	if (!call || !call.hasRecording) return ossError(svc, 404, 'NoSuchKey', 'The specified key does not exist.');
	const size = recordingSizeFor(call.record.callSeconds, k.recordingBytes);
	svc.bump('recordingDownloads');
	const headers = {
		'content-length': String(size),
		etag: `"${crypto.createHash('md5').update(`${id}:${size}`).digest('hex').toUpperCase()}"`,
		'x-oss-request-id': Date.now().toString(16).toUpperCase(),
		'x-oss-object-type': 'Normal',
	};
	// Small files as one buffer, large ones generated on the fly.
	const body = size <= 1024 * 1024 ? recordingBytesFor(id, size) : recordingStream(id, size);
	return { contentType: 'audio/mpeg', headers, body };
}
