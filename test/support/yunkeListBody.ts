/** The call log list body of docs/protocol/yunke.md §5.1, shared by the simulator and request-shape tests. */

/** Its 21 keys, in the document's order. */
export const CALL_LOG_KEYS = [
	'page', 'pageSize', 'lastConnectTimeStart', 'lastConnectTimeEnd', 'departmentId', 'userId', 'callType',
	'searchInfo', 'searchPhone', 'salesProgress', 'startVoiceTime', 'endVoiceTime', 'startCreateTime',
	'endCreateTime', 'id', 'userKey', 'callTimeStar', 'callTimeEnd', 'recordFroms', 'quitUserId', 'customerSource',
] as const;

/** A complete body: page 1 of 100, no filter (empty strings, no record sources), then `overrides`. */
export function listBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const empty = Object.fromEntries(CALL_LOG_KEYS.map((key) => [key, key === 'recordFroms' ? [] : '']));
	return { ...empty, page: 1, pageSize: 100, ...overrides };
}
