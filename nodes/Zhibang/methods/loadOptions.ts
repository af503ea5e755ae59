/**
 * Dropdowns loaded from the ERP (ids differ between installs): users (gate_list), sources
 * (enumid 13), value levels (14), industries (11), follow-up methods (98), categories
 * (telsort_list) and follow-up templates (reply_temp_list).
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from '../../shared/execute';
import { ENUMS, listCategories, listEnumeration, listTemplates, listUsers } from '../api';
import { enumOptions, ID_KEYS, pick, TEXT_KEYS } from '../helpers/rows';

async function load(this: ILoadOptionsFunctions, fetch: () => Promise<INodePropertyOptions[]>): Promise<INodePropertyOptions[]> {
	try {
		return await fetch();
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** ERP users as "张伟（销售一部）", value = user id (ord). */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () =>
		(await listUsers(this))
			.map((row) => ({ id: pick(row, ['ord', ...ID_KEYS]), name: pick(row, ['name', ...TEXT_KEYS]), dept: pick(row, ['dept', 'department', 'part1']) }))
			.filter((user) => user.id !== '')
			.map((user) => ({ name: `${user.name || user.id}${user.dept ? `（${user.dept}）` : ''}`, value: user.id }))
			.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
	);
}

export async function getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () => enumOptions(await listEnumeration(this, ENUMS.source)));
}

export async function getValueLevels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () => enumOptions(await listEnumeration(this, ENUMS.valueLevel)));
}

export async function getIndustries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () => enumOptions(await listEnumeration(this, ENUMS.industry)));
}

export async function getFollowUpMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () => enumOptions(await listEnumeration(this, ENUMS.followUpMethod)));
}

/**
 * Categories (客户分类) and their follow-up stages (跟进程度): a category's value is its id, a
 * stage's value is the v1 pair "category,stage".
 */
export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () => {
		const rows = (await listCategories(this)).map((row: IDataObject) => ({
			id: pick(row, ID_KEYS),
			text: pick(row, TEXT_KEYS),
			parent: pick(row, ['parent', 'parentid', 'pid']) || '0',
		}));
		const byId = new Map(rows.map((row) => [row.id, row]));
		const options: INodePropertyOptions[] = [];
		for (const category of rows.filter((row) => row.parent === '0' || !byId.has(row.parent))) {
			options.push({ name: `${category.text} (${category.id})`, value: category.id });
			for (const stage of rows.filter((row) => row.parent === category.id)) {
				options.push({ name: `${category.text} › ${stage.text} (${category.id},${stage.id})`, value: `${category.id},${stage.id}` });
			}
		}
		return options;
	});
}

/** Follow-up templates as presets of the content: the value is the template's text. */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await load.call(this, async () =>
		(await listTemplates(this))
			.map((row) => ({ id: pick(row, ID_KEYS), text: pick(row, TEXT_KEYS) }))
			.filter((row) => row.text !== '')
			.map((row) => ({ name: `${row.id} · ${row.text}`, value: row.text })),
	);
}
