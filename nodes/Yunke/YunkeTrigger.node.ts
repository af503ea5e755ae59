import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toNodeError } from '../shared/execute';
import { redactError, redactItems, secretsOf } from '../shared/redact';
import { fetchCallLogs, type CallLogQuery } from './api';
import { callFiltersProperty, callTypeProperty } from './descriptions';
import { callLogFilter, coerceCallLog, simplifyCallLog, type CallLogFilter } from './helpers/callLog';
import { absorbWindow, initialCursor, normaliseWall, pollWindows, type CallCursor, type CursorRow } from './helpers/pollCursor';
import { toYunkeMinute } from './helpers/time';
import { getDepartments, getUsers } from './methods/loadOptions';

/** Long gaps are read in windows of this length (one call-log listing each)... */
const CHUNK_MINUTES = 60;
/**
 * ...and at most this many per poll: a long look-back or pause catches up a day per poll, and a
 * failure loses at most one poll's reading (the cursor moves only when a poll succeeds).
 */
const MAX_WINDOWS_PER_POLL = 24;

export class YunkeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Yunke (云客) Trigger',
		name: 'yunkeTrigger',
		icon: { light: 'file:yunke.svg', dark: 'file:yunke.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On new call log',
		description: 'Starts the workflow when new call logs appear in Yunke (云客) / 新通话记录触发',
		defaults: { name: 'Yunke Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'yunkeApi', required: true }],
		properties: [
			{
				displayName: 'Event / 事件',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'On New Call Log / 新通话记录',
						value: 'newCallLog',
						description: 'Each new call once, oldest first',
					},
				],
				default: 'newCallLog',
			},
			callTypeProperty,
			callFiltersProperty(),
			{
				displayName: 'Options / 选项',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option / 添加选项',
				default: {},
				options: [
					{
						displayName: 'Look Back on First Activation (Hours) / 首次启用回溯（小时）',
						name: 'lookBackHours',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'On first activation also emit calls of the last hours, up to 24 hours per poll; 0 starts from now (首次启用时回溯的小时数，每次轮询最多补 24 小时)',
					},
					{
						displayName: 'Overlap (Minutes) / 重叠窗口（分钟）',
						name: 'overlapMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description:
							'Each poll re-reads this many minutes before the last scan, so calls that reach Yunke late are still caught; none is emitted twice (重叠窗口)',
					},
					{
						displayName: 'Simplify / 简化输出',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description: 'Whether to return a clean record instead of the raw fields',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getDepartments, getUsers } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const simplify = options.simplify !== false;
		const overlap = Number(options.overlapMinutes ?? 10);
		const base: Omit<CallLogQuery, 'start' | 'end'> = {
			callType: this.getNodeParameter('callType', '') as '' | 's' | 'i',
			departmentId: String(filters.departmentId ?? ''),
			userId: String(filters.userId ?? ''),
		};
		const wanted = callLogFilter(filters as CallLogFilter);
		const toItem = (row: IDataObject): INodeExecutionData => ({
			json: (simplify ? simplifyCallLog(row) : coerceCallLog(row)) as IDataObject,
		});
		const now = Date.now();

		try {
			if (this.getMode() === 'manual') {
				// "Fetch Test Event": the latest matching calls; the cursor is left alone.
				const latest = await fetchCallLogs(this, { ...base, start: toYunkeMinute(now - 30 * 86400_000), end: toYunkeMinute(now) }, 10, wanted);
				return latest.length ? [redactItems(latest.map(toItem), await secretsOf(this))] : null;
			}

			const state = this.getWorkflowStaticData('node') as { cursor?: CallCursor };
			let cursor = state.cursor ?? initialCursor(now, Number(options.lookBackHours ?? 0));
			const emitted: IDataObject[] = [];
			for (const window of pollWindows(cursor, now, overlap, CHUNK_MINUTES).slice(0, MAX_WINDOWS_PER_POLL)) {
				const rows = await fetchCallLogs(this, { ...base, start: window.start, end: window.end });
				const byId = new Map(rows.map((row) => [String(row.id ?? ''), row]));
				const cursorRows: CursorRow[] = rows.map((row) => ({
					id: String(row.id ?? ''),
					start: normaliseWall(String(row.startCallTime || row.createdTime || '')),
				}));
				const { fresh, next } = absorbWindow(cursor, cursorRows, window, overlap);
				cursor = next;
				for (const row of fresh) {
					const call = byId.get(row.id);
					if (call && wanted(call)) emitted.push(call);
				}
			}
			// Only now, with every window read, does the cursor move (n8n persists it with the execution).
			state.cursor = cursor;
			return emitted.length ? [redactItems(emitted.map(toItem), await secretsOf(this))] : null;
		} catch (error) {
			throw redactError(toNodeError(this.getNode(), error), await secretsOf(this));
		}
	}
}
