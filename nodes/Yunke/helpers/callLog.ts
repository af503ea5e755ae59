/**
 * Call-log records (docs/protocol/yunke.md §5.3): numeric coercion (the service may send numbers as strings) and
 * the "Simplify" shape. Pure functions, no n8n types.
 */
import { yunkeTimeToIso } from './time';

export type CallRecord = Record<string, unknown>;

const NUMERIC_FIELDS = ['callStatus', 'callSeconds', 'progress', 'ringSecond', 'incomingCall'];

export const CALL_STATUS_LABELS: Record<number, string> = {
	0: 'not_connected',
	1: 'in_call',
	2: 'connected',
	3: 'busy',
	4: 'no_answer',
	5: 'hung_up',
};

function toNumber(value: unknown): number | null {
	if (value === null || value === undefined || value === '' || value === '-') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

/** The record as sent, with numeric fields as numbers (null when empty) and the id as a string. */
export function coerceCallLog(record: CallRecord): CallRecord {
	const out: CallRecord = { ...record, id: String(record.id ?? '') };
	for (const field of NUMERIC_FIELDS) {
		if (field in out) out[field] = toNumber(out[field]);
	}
	return out;
}

export interface SimpleCallLog {
	[key: string]: string | number | boolean | null;
	id: string;
	direction: 'outbound' | 'inbound';
	customerPhone: string;
	customerName: string;
	customerCompany: string;
	agent: string;
	agentPhone: string;
	department: string;
	status: string;
	statusCode: number | null;
	connected: boolean;
	startTime: string;
	durationSeconds: number;
	ringSeconds: number;
	salesProgress: number | null;
	recordingUrl: string | null;
}

export function simplifyCallLog(record: CallRecord): SimpleCallLog {
	const raw = coerceCallLog(record);
	const statusCode = raw.callStatus as number | null;
	return {
		id: String(raw.id),
		direction: raw.incomingCall === 1 ? 'inbound' : 'outbound',
		customerPhone: String(raw.callNumber ?? ''),
		customerName: String(raw.planCustomerName ?? ''),
		customerCompany: String(raw.planCustomerCompany ?? ''),
		agent: String(raw.userIdName ?? ''),
		agentPhone: String(raw.simPhone ?? ''),
		department: String(raw.departmentList ?? ''),
		status: statusCode === null ? 'unknown' : (CALL_STATUS_LABELS[statusCode] ?? String(statusCode)),
		statusCode,
		connected: statusCode === 2,
		startTime: yunkeTimeToIso(raw.startCallTime || raw.createdTime),
		durationSeconds: (raw.callSeconds as number | null) ?? 0,
		ringSeconds: (raw.ringSecond as number | null) ?? 0,
		salesProgress: raw.progress as number | null,
		recordingUrl: raw.recordFile ? String(raw.recordFile) : null,
	};
}

export interface CallLogFilter {
	onlyConnected?: boolean;
	minDurationSeconds?: number;
}

/** Filters the list endpoint cannot apply (connected only, minimum duration), as a row test. */
export function callLogFilter(filter: CallLogFilter): (record: CallRecord) => boolean {
	const minimum = Number(filter.minDurationSeconds ?? 0) || 0;
	return (record) => {
		const call = coerceCallLog(record);
		if (filter.onlyConnected === true && call.callStatus !== 2) return false;
		return Number(call.callSeconds ?? 0) >= minimum;
	};
}
