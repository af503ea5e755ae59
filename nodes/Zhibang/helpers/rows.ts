/** Reading reference tables (users, enumerations, categories, templates) whatever their column ids. */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { str } from '../../shared/text';

export function pick(row: IDataObject, keys: string[]): string {
	for (const key of keys) {
		const value = str(row[key]);
		if (value !== '') return value;
	}
	return '';
}

export const ID_KEYS = ['id', 'ord', 'value', 'ID', 'Id'];
export const TEXT_KEYS = ['text', 'name', 'title', 'caption', 'sort1', 'intro'];

/** `{id, text}` rows as dropdown options "text (id)". */
export function enumOptions(rows: IDataObject[], valueOf: (row: IDataObject) => string = (row) => pick(row, ID_KEYS)): INodePropertyOptions[] {
	return rows
		.map((row) => ({ id: pick(row, ID_KEYS), text: pick(row, TEXT_KEYS), value: valueOf(row) }))
		.filter((row) => row.value !== '')
		.map((row) => ({ name: row.text ? `${row.text} (${row.id})` : row.id, value: row.value }));
}

/** A JSON object (or its text) as datas: `{zdy1: 'x'}` → {zdy1: 'x'}; nested values become JSON text. */
export function objectToDatas(value: unknown): Record<string, string | number | boolean | null> | undefined {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (parsed === undefined || parsed === null) return {};
	if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const out: Record<string, string | number | boolean | null> = {};
	for (const [key, val] of Object.entries(parsed as IDataObject)) {
		if (val === undefined) continue;
		out[key] = val === null || typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean' ? val : JSON.stringify(val);
	}
	return out;
}
