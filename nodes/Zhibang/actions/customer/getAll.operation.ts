import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { parameterError } from '../../../shared/execute';
import { listCustomers, type Datas } from '../../api';
import { dictionaries, simplifyCustomer, simplifyProperty } from '../../helpers/simplify';
import { toChinaTime } from '../../helpers/time';
import { str } from '../common';
import { simplifyOn } from './get.operation';

const show = { resource: ['customer'], operation: ['getAll'] };

const properties: INodeProperties[] = [
	...returnAllOrLimit(show),
	{
		displayName: 'Filters / 筛选条件',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter / 添加筛选',
		default: {},
		options: [
			{
				displayName: 'Added After / 添加时间起',
				name: 'addedAfter',
				type: 'dateTime',
				default: '',
				description: 'Customers added at or after this time; a time without an offset is Beijing time (添加时间起)',
			},
			{
				displayName: 'Added Before / 添加时间止',
				name: 'addedBefore',
				type: 'dateTime',
				default: '',
				description: 'Customers added at or before this time (添加时间止)',
			},
			{ displayName: 'Customer Name / 客户名称', name: 'name', type: 'string', default: '', description: 'Part of the customer name (客户名称，模糊匹配)' },
			{ displayName: 'Customer Number / 客户编号', name: 'customerNumber', type: 'string', default: '', description: 'Part of the customer number (客户编号，模糊匹配)' },
			{ displayName: 'Keyword / 关键字', name: 'keyword', type: 'string', default: '', description: 'Matches name, customer number, mobile or contact (关键字)' },
			{ displayName: 'Phone / 电话', name: 'phone', type: 'string', default: '', description: 'Part of the mobile or office phone (电话，模糊匹配)' },
			{
				displayName: 'Public Pool Only / 仅公海',
				name: 'publicPoolOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to list only customers without an owner (公海客户)',
			},
			{
				displayName: '价值评估 / Value Level Names or IDs',
				name: 'valueLevels',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getValueLevels' },
				default: [],
				description: 'Value level (价值评估 jz). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: '来源 / Source Names or IDs',
				name: 'sources',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSources' },
				default: [],
				description: 'Customer source (客户来源 ly), e.g. 171 网站注册. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: '行业 / Industry Names or IDs',
				name: 'industries',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getIndustries' },
				default: [],
				description: 'Industry (行业 trade). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: '负责人 / Owner Names or IDs',
				name: 'owners',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: [],
				description: 'Customers of these sales users (销售人员). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Sort / 排序',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Added, Newest First / 添加时间倒序', value: '-date1' },
			{ name: 'Added, Oldest First / 添加时间正序', value: 'date1' },
			{ name: 'Customer ID / 客户ID', value: 'ord' },
			{ name: 'Customer Name / 客户名称', value: 'name' },
			{ name: 'Customer Number / 客户编号', value: 'khid' },
		],
		default: '-date1',
	},
	simplifyProperty,
];

export const description = updateDisplayOptions({ show }, properties);

function ids(value: unknown): string | undefined {
	const list = (Array.isArray(value) ? value : str(value).split(/[,，]/)).map(str).filter(Boolean);
	return list.length ? list.join(',') : undefined;
}

export function customerFilters(this: IExecuteFunctions, itemIndex: number, filters: IDataObject): Datas {
	const datas: Datas = {};
	const text: Array<[string, string]> = [
		['keyword', 'searchKey'],
		['name', 'name'],
		['customerNumber', 'khid'],
		['phone', 'phone'],
	];
	for (const [key, id] of text) if (str(filters[key])) datas[id] = str(filters[key]);
	const multi: Array<[string, string]> = [
		['sources', 'ly'],
		['valueLevels', 'jz'],
		['industries', 'trade'],
		['owners', 'cateid'],
	];
	for (const [key, id] of multi) {
		const value = ids(filters[key]);
		if (value) datas[id] = value;
	}
	for (const [key, id] of [
		['addedAfter', 'date1_0'],
		['addedBefore', 'date1_1'],
	] as const) {
		if (!str(filters[key])) continue;
		const time = toChinaTime(filters[key]);
		if (!time) throw parameterError(this.getNode(), `无法识别的时间：${str(filters[key])}`, `Not a valid date: ${str(filters[key])}`, itemIndex);
		datas[id] = time;
	}
	if (filters.publicPoolOnly === true) datas.stype = 1;
	return datas;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = limitOf(this, itemIndex);
	const filters = customerFilters.call(this, itemIndex, this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	filters._rpt_sort = str(this.getNodeParameter('sort', itemIndex, '-date1')) || '-date1';
	const rows = await listCustomers(this, filters, limit);
	if (!simplifyOn(this, itemIndex)) return rows;
	const dicts = await dictionaries(this);
	return rows.map((row) => simplifyCustomer(row, dicts));
}
