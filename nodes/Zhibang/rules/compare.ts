/**
 * Comparing the values we want a customer to have with what the ERP shows (a list row or a
 * detail bill), field by field, by datas id. Only fields the record shows can be compared; a
 * field it does not show is reported as unknown, never as different. Pure functions.
 */
import { str } from '../../shared/text';
import { cleanMobile } from './mobile';

/** Fields holding an id where '' and '0' both mean "none". */
const ID_FIELDS = new Set(['ly', 'jz', 'trade', 'area', 'intsort', 'cateid', 'bz', 'credit']);
const PHONE_FIELDS = new Set(['mobile', 'phone', 'phone2', 'fax']);
/** Fields that are never compared (set by the ERP or not comparable). */
const SKIPPED = new Set(['ord', 'date1', 'edit']);

const ID_PAIR = /^\d+(?:\s*[,，]\s*\d+)?$/;

function normaliseId(value: string): string {
	return value === '0' ? '' : value.replace(/^0+(?=\d)/, '');
}

/** "21", "21,0" → "21"; "21, 211" → "21,211"; texts keep their parts, trimmed. */
function normaliseSort1(value: string): string {
	const parts = value.split(/[,，]/).map((part) => part.trim());
	if (parts.length === 2 && (parts[1] === '' || parts[1] === '0')) parts.pop();
	return parts.join(',');
}

export type Comparison = 'same' | 'different' | 'unknown';

/** Compare one field. `record` is the whole row or bill (for sort1's name column). */
export function compareField(id: string, desired: unknown, record: Record<string, unknown>): Comparison {
	if (SKIPPED.has(id)) return 'unknown';
	const want = str(desired);
	if (id === 'sort1') {
		const shownRaw = record.sort1;
		if (shownRaw === undefined) return 'unknown';
		const wantNorm = normaliseSort1(want);
		const shown = normaliseSort1(str(shownRaw));
		const wantIsId = ID_PAIR.test(wantNorm);
		const shownIsId = ID_PAIR.test(shown);
		if (wantIsId === shownIsId) {
			// A text pair "分类,阶段" cannot be compared with a row that shows only the category name.
			if (!wantIsId && wantNorm.includes(',') !== shown.includes(',')) return 'unknown';
			return wantNorm === shown ? 'same' : 'different';
		}
		// An id against a name: use a name column when the record has one.
		const name = record.sort1Name;
		if (!wantIsId && name !== undefined && !wantNorm.includes(',')) return str(name) === wantNorm ? 'same' : 'different';
		return 'unknown';
	}
	if (!(id in record)) return 'unknown';
	const shown = str(record[id]);
	if (ID_FIELDS.has(id)) return normaliseId(want) === normaliseId(shown) ? 'same' : 'different';
	if (PHONE_FIELDS.has(id)) return cleanMobile(want) === cleanMobile(shown) ? 'same' : 'different';
	return want === shown ? 'same' : 'different';
}

export interface Diff {
	/** Fields whose shown value differs from the wanted one. */
	different: string[];
	/** Fields the record does not show (cannot be compared). */
	unknown: string[];
}

export function diffRecord(desired: Record<string, unknown>, record: Record<string, unknown>): Diff {
	const diff: Diff = { different: [], unknown: [] };
	for (const [id, value] of Object.entries(desired)) {
		if (value === undefined) continue;
		const result = compareField(id, value, record);
		if (result === 'different') diff.different.push(id);
		else if (result === 'unknown') diff.unknown.push(id);
	}
	return diff;
}
