import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { parameterError } from '../../../shared/execute';
import { fetchCallLogs, type CallLogQuery } from '../../api';
import { callFiltersProperty, callTypeProperty } from '../../descriptions';
import { callLogFilter, coerceCallLog, simplifyCallLog, type CallLogFilter } from '../../helpers/callLog';
import { parseInstant, toYunkeMinute } from '../../helpers/time';

// getMany: the value of nodes saved before version 1.1.
const show = { resource: ['callLog'], operation: ['getAll', 'getMany'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Start Time / 开始时间',
		name: 'startTime',
		type: 'dateTime',
		default: "={{ $now.minus({ days: 1 }).toISO() }}",
		required: true,
		description:
			'A time without an offset is read as Beijing time. 开始时间，无时区时按北京时间。Calls that started at or after this time (minute precision).',
	},
	{
		displayName: 'End Time / 结束时间',
		name: 'endTime',
		type: 'dateTime',
		default: '={{ $now.toISO() }}',
		required: true,
		description: 'Calls that started up to the end of this minute, included (结束时间，含该分钟)',
	},
	callTypeProperty,
	...returnAllOrLimit(show),
	callFiltersProperty([
		{
			displayName: 'Keyword / 关键字',
			name: 'searchInfo',
			type: 'string',
			default: '',
			description: 'Matches customer name, company, phone or agent (关键字搜索)',
		},
		{
			displayName: 'Phone / 电话',
			name: 'searchPhone',
			type: 'string',
			default: '',
			description: 'Customer phone, or part of it (客户电话)',
		},
	]),
	{
		displayName: 'Options / 选项',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option / 添加选项',
		default: {},
		options: [
			{
				displayName: 'Simplify / 简化输出',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a clean record (ID, direction, customer, agent, department, status, ISO start time, duration, recording URL) instead of the raw fields',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

/** Read the time range parameters into the query the list endpoint takes. */
export function callLogQueryFrom(this: IExecuteFunctions, itemIndex: number): CallLogQuery {
	const start = parseInstant(this.getNodeParameter('startTime', itemIndex));
	const end = parseInstant(this.getNodeParameter('endTime', itemIndex));
	if (Number.isNaN(start) || Number.isNaN(end)) {
		throw parameterError(this.getNode(), '开始时间或结束时间无法识别', 'Start Time or End Time is not a valid date', itemIndex);
	}
	if (start > end) {
		throw parameterError(this.getNode(), '开始时间晚于结束时间', 'Start Time is after End Time', itemIndex);
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return {
		start: toYunkeMinute(start),
		end: toYunkeMinute(end),
		callType: this.getNodeParameter('callType', itemIndex, '') as '' | 's' | 'i',
		departmentId: String(filters.departmentId ?? ''),
		userId: String(filters.userId ?? ''),
		searchInfo: String(filters.searchInfo ?? ''),
		searchPhone: String(filters.searchPhone ?? ''),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const query = callLogQueryFrom.call(this, itemIndex);
	const limit = limitOf(this, itemIndex);
	const simplify = (this.getNodeParameter('options.simplify', itemIndex, true) as boolean) !== false;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as CallLogFilter;
	const filtered = filters.onlyConnected === true || Number(filters.minDurationSeconds ?? 0) > 0;
	const rows = await fetchCallLogs(this, query, limit, filtered ? callLogFilter(filters) : undefined);
	return rows.map((row) => (simplify ? simplifyCallLog(row) : coerceCallLog(row)) as IDataObject);
}
