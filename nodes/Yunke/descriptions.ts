/** Parameters the Yunke node's call-log operation and the Yunke Trigger share. */
import type { INodeProperties } from 'n8n-workflow';

export const callTypeProperty: INodeProperties = {
	displayName: 'Call Type / 通话类型',
	name: 'callType',
	type: 'options',
	options: [
		{ name: 'All / 全部', value: '' },
		{ name: 'Inbound / 呼入', value: 'i' },
		{ name: 'Outbound / 外呼', value: 's' },
	],
	default: '',
};

const sharedFilters: INodeProperties[] = [
	{
		displayName: '部门 / Department Name or ID',
		name: 'departmentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: '',
		description:
			'Calls of agents in this department and its sub-departments. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Minimum Duration (Seconds) / 最短时长（秒）',
		name: 'minDurationSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Only calls that lasted at least this long; applied after reading each page (最短通话时长)',
	},
	{
		displayName: 'Only Connected / 仅已接通',
		name: 'onlyConnected',
		type: 'boolean',
		default: false,
		description: 'Whether to keep connected calls only; applied after reading each page (仅已接通)',
	},
	{
		displayName: '坐席 / User Name or ID',
		name: 'userId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUsers', loadOptionsDependsOn: ['filters.departmentId'] },
		default: '',
		description:
			'Calls of this agent only. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** The "Filters" collection: the shared call filters plus `extra`, in alphabetical order. */
export function callFiltersProperty(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Filters / 筛选条件',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter / 添加筛选',
		default: {},
		options: [...sharedFilters, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
