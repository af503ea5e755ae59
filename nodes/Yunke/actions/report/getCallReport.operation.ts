import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitOf, returnAllOrLimit } from '../../../shared/descriptions';
import { parameterError } from '../../../shared/execute';
import { PageGuard, rowKey } from '../../../shared/paging';
import { REPORT_MAX_PAGE_SIZE, fetchDepartmentTree, fetchReportPage, type ReportQuery } from '../../api';
import { parseInstant, toYunkeDate } from '../../helpers/time';
import { treeRoots } from '../../helpers/tree';

const show = { resource: ['report'], operation: ['getCallReport'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Report / 报表',
		name: 'childModule',
		type: 'options',
		options: [
			{ name: 'All Calls / 全部', value: 'allCall' },
			{ name: 'Inbound / 呼入', value: 'inCall' },
			{ name: 'Outbound / 外呼', value: 'outCall' },
		],
		default: 'outCall',
	},
	{
		displayName: 'Start Date / 开始日期',
		name: 'startDate',
		type: 'dateTime',
		default: '={{ $today.toISODate() }}',
		required: true,
		description: 'First day of the report, as a Beijing date (开始日期)',
	},
	{
		displayName: 'End Date / 结束日期',
		name: 'endDate',
		type: 'dateTime',
		default: '={{ $today.toISODate() }}',
		required: true,
		description: 'Last day of the report, included (结束日期，含当天)',
	},
	{
		displayName: '部门 / Department Name or ID',
		name: 'departmentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		description: 'Leave empty for the whole company (the root department). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: '坐席 / User Name or ID',
		name: 'userId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers', loadOptionsDependsOn: ['departmentId'] },
		default: '',
		description: 'Only this agent. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...returnAllOrLimit(show),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const start = parseInstant(this.getNodeParameter('startDate', itemIndex));
	const end = parseInstant(this.getNodeParameter('endDate', itemIndex));
	if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
		throw parameterError(this.getNode(), '报表日期无效或开始晚于结束', 'The report dates are invalid or Start Date is after End Date', itemIndex);
	}
	let departId = String(this.getNodeParameter('departmentId', itemIndex, '') ?? '');
	if (!departId) {
		const root = treeRoots(await fetchDepartmentTree(this, { showUser: false }))[0];
		departId = String(root?.id ?? '');
	}
	const query: ReportQuery = {
		childModule: this.getNodeParameter('childModule', itemIndex) as ReportQuery['childModule'],
		starttime: toYunkeDate(start),
		endtime: toYunkeDate(end),
		departId,
		searchUserId: String(this.getNodeParameter('userId', itemIndex, '') ?? ''),
	};
	const limit = limitOf(this, itemIndex) ?? Infinity;
	const pageSize = Math.min(REPORT_MAX_PAGE_SIZE, Number.isFinite(limit) ? limit : REPORT_MAX_PAGE_SIZE);
	const rows: IDataObject[] = [];
	const guard = new PageGuard(pageSize);
	for (let page = 1; rows.length < limit; page++) {
		const result = await fetchReportPage(this, query, page, pageSize);
		const more = guard.accept(result.rows.map((row) => rowKey(row)), result.counts);
		// A page of rows seen before is the server ignoring the page number: not added again.
		if (guard.stopped !== 'noNewRows') rows.push(...result.rows);
		if (page >= result.pageCount || result.rows.length === 0) break;
		if (!more) {
			guard.assertComplete('Yunke', 'getIndexDetail');
			break;
		}
	}
	return rows.slice(0, limit).map((row) => ({ ...row, reportType: query.childModule, startDate: query.starttime, endDate: query.endtime }));
}
