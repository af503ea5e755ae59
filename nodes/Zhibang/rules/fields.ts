/**
 * The allow-list for writes: which field ids a workflow may send through "Extra Fields". Control
 * keys of the ERP's PostClass and of its pages (record id, customer type, edit mode, command,
 * session, paging, owners, the customer a contact belongs to …) are set by the node only: sent from
 * mapped data (e.g. a webhook payload with an `ord`) they would write to another record. Pure
 * functions, no n8n types.
 */

/** Control keys (lower case; the ERP reads ids case-insensitively). */
export const CONTROL_KEYS: ReadonlySet<string> = new Set([
	// record identity and mode
	'ord', 'id', 'intsort', 'sort2', 'edit', 'company', 'datatype',
	// PostClass envelope and page commands (docs/protocol/zhibang.md §3: cmdkey falls back to the __msgid query)
	'cmdkey', 'cmdtxt', 'session', 'datas', '__msgid', 'apihelptype', '_insert_rowindex', 'debug', 'token', 'zbapi-token',
	// list paging and modes
	'pagesize', 'pageindex', '_rpt_sort', 'stype', 'checktype', 'catetype',
	// owners and assignment (use the Assign operation)
	'cateid', 'member1', 'member2', '@cateid', 'a_cateid',
	// follow-up links and schedules
	'lead', 'plantype', '@remind',
]);

/** Whether a field id is a control key: one of CONTROL_KEYS, or a system id (`__…`, `_rpt…`). */
export function isControlKey(id: string): boolean {
	const key = id.trim().toLowerCase();
	return CONTROL_KEYS.has(key) || key.startsWith('__') || key.startsWith('_rpt') || key === '';
}

/** The control keys among a record's field ids, in their order. */
export function controlKeysIn(record: Record<string, unknown>): string[] {
	return Object.keys(record).filter(isControlKey);
}

/** The per-item refusal of control keys, in both languages. */
export function controlKeysMessage(keys: string[], field = { zh: '其他字段', en: 'Extra Fields' }): { zh: string; en: string } {
	const list = keys.map((key) => (key.trim() === '' ? '(空 / empty)' : key)).join(', ');
	return {
		zh: `“${field.zh}”不能包含控制字段 ${list}：这些由节点设置，从数据中传入可能改写其他客户`,
		en: `"${field.en}" must not contain the control key(s) ${list}: the node sets them, and taken from the data they could overwrite another customer`,
	};
}
