/**
 * What every Yunke operation owes the user, against the simulator: pairedItem on every output item,
 * continueOnFail with a bad item in the batch (results plus a paired error item), NodeApiError /
 * NodeOperationError with bilingual, masked messages and no secret anywhere. Also Custom API Call
 * and the node description (actions in both languages, usable as a tool).
 */
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { signedRecordUrl } from '../../simulators/yunke';
import { requestCookies } from '../support/cookies';
import { YUNKE_NODE } from '../support/workflows';
import { errorClass, errorSurface, isBilingual, jsonOf, outputOf, unmaskedMobiles } from './helpers';
import { useYunkeHarness } from './harness';

const h = useYunkeHarness({ callCount: 200, days: 5 });


/** Values that must never reach an output item or an error: the password and the session cookies. */
function secrets(): string[] {
	const data = h.engine.store.get(h.cred.id!).data;
	const cookieValues = requestCookies(String(data.sessionToken ?? ''))
		.map((cookie) => cookie.value)
		.filter((value) => value.length >= 8);
	expect(cookieValues.length).toBeGreaterThanOrEqual(2); // user and userToken
	return [String(data.password), ...cookieValues];
}

interface Case {
	parameters: INodeParameters;
	/** Three input items; the middle one is bad. */
	items: IDataObject[];
	errorClass: 'NodeApiError' | 'NodeOperationError';
	/** The error must say this (an id, a code…). */
	mentions?: string;
}

/** Data the cases draw from the simulator (built when a test runs, after the simulator started). */
/** A recording URL as the simulator signs it for call logs. */
function signed(id: string): string {
	return signedRecordUrl(h.sim.baseUrl, id, Math.floor((h.sim.now() + 3600_000) / 1000));
}

function fixture() {
	const anchor = h.sim.knobs.anchorTime;
	return {
		start: new Date(anchor - 6 * 86_400_000).toISOString(),
		end: new Date(anchor).toISOString(),
		recorded: h.sim.calls.filter((c) => c.recordFile).slice(0, 2),
		missed: h.sim.calls.find((c) => c.callStatus === 0)!,
		day: (offset: number) => new Date(anchor + offset * 86_400_000).toISOString().slice(0, 10),
	};
}

const CASES: Array<[string, () => Case]> = [
	[
		'callLog.getAll (bad start time)',
		() => {
			const { start, end } = fixture();
			return {
				parameters: { resource: 'callLog', operation: 'getAll', startTime: '={{ $json.start }}', endTime: end, limit: 3 },
				items: [{ start }, { start: 'yesterday-ish' }, { start }],
				errorClass: 'NodeOperationError',
			};
		},
	],
	[
		'recording.getUrl (call not connected)',
		() => {
			const { recorded, missed } = fixture();
			return {
				parameters: { resource: 'recording', operation: 'getUrl' },
				items: [{ id: recorded[0].id }, { id: missed.id }, { id: recorded[1].id }],
				errorClass: 'NodeApiError',
				mentions: missed.id,
			};
		},
	],
	[
		'recording.download (call not connected)',
		() => {
			const { recorded, missed } = fixture();
			return {
				parameters: { resource: 'recording', operation: 'download', source: 'callId' },
				items: [{ id: recorded[0].id }, { id: missed.id }, { id: recorded[1].id }],
				errorClass: 'NodeApiError',
				mentions: missed.id,
			};
		},
	],
	[
		'recording.download (empty recording URL)',
		() => {
			const { recorded, missed } = fixture();
			return {
				parameters: { resource: 'recording', operation: 'download', source: 'url' },
				// Call-log items: Simplify on (recordingUrl, null when there is none) and off (recordFile).
				items: [
					{ id: recorded[0].id, recordingUrl: signed(recorded[0].id) },
					{ id: missed.id, recordingUrl: null },
					{ id: recorded[1].id, recordFile: signed(recorded[1].id) },
				],
				errorClass: 'NodeOperationError',
			};
		},
	],
	[
		'report.getCallReport (start after end)',
		() => {
			const { day } = fixture();
			return {
				parameters: { resource: 'report', operation: 'getCallReport', childModule: 'allCall', startDate: day(-4), endDate: '={{ $json.end }}', limit: 3 },
				items: [{ end: day(0) }, { end: day(-5) }, { end: day(-1) }],
				errorClass: 'NodeOperationError',
			};
		},
	],
	[
		'report.getCallReport (unknown department)',
		() => {
			const { day } = fixture();
			return {
				parameters: { resource: 'report', operation: 'getCallReport', childModule: 'outCall', startDate: day(-4), endDate: day(0), departmentId: '={{ $json.dept }}', returnAll: true },
				items: [{ dept: 'd_sales1' }, { dept: 'd_gone' }, { dept: 'd_service' }],
				errorClass: 'NodeApiError',
				mentions: 'd_gone',
			};
		},
	],
	[
		'department.getTree (unknown root)',
		() => ({
			parameters: { resource: 'department', operation: 'getTree', departmentId: '={{ $json.dept }}' },
			items: [{ dept: 'd_sales1' }, { dept: 'd_gone' }, { dept: 'd_sales2' }],
			errorClass: 'NodeApiError',
			mentions: 'd_gone',
		}),
	],
	[
		'department.getAllUsers (unknown department)',
		() => ({
			parameters: { resource: 'department', operation: 'getAllUsers', departmentId: '={{ $json.dept }}', returnAll: true },
			items: [{ dept: 'd_sales1' }, { dept: 'd_gone' }, { dept: 'd_service' }],
			errorClass: 'NodeOperationError',
			mentions: 'd_gone',
		}),
	],
	[
		'custom.apiCall (path without /)',
		() => ({
			parameters: { resource: 'custom', operation: 'apiCall', method: 'POST', path: '={{ $json.path }}', body: '{"showUser":false}' },
			items: [{ path: '/usercenter/dept/tree' }, { path: 'usercenter/dept/tree' }, { path: '/usercenter/dept/tree' }],
			errorClass: 'NodeOperationError',
		}),
	],
	[
		'custom.apiCall (unknown endpoint with a phone in the path)',
		() => ({
			parameters: { resource: 'custom', operation: 'apiCall', method: 'POST', path: '={{ $json.path }}', body: '{}' },
			items: [{ path: '/usercenter/dept/tree' }, { path: '/pc/customer/13912345678/detail' }, { path: '/pc/callLog/list' }],
			errorClass: 'NodeApiError',
			mentions: '139****5678',
		}),
	],
];

function checkNoSecrets(text: string): void {
	for (const secret of secrets()) expect(text).not.toContain(secret);
}

describe.each(CASES)('%s', (_name, get) => {
	test('continueOnFail: results for the good items and one paired error item for the bad one', async () => {
		const c = get();
		const out = outputOf(await h.run(c.parameters, { items: c.items, continueOnFail: true }));
		for (const item of out) expect(item.pairedItem).toEqual({ item: expect.any(Number) });
		const byInput = (index: number) => out.filter((item) => (item.pairedItem as { item: number }).item === index);
		// Output keeps input order.
		const order = out.map((item) => (item.pairedItem as { item: number }).item);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(byInput(0).length).toBeGreaterThan(0);
		expect(byInput(2).length).toBeGreaterThan(0);
		for (const item of [...byInput(0), ...byInput(2)]) expect(item.json.error).toBeUndefined();
		const [errorItem, ...more] = byInput(1);
		expect(more).toHaveLength(0);
		const message = String(errorItem.json.error);
		expect(isBilingual(message)).toBe(true);
		expect(unmaskedMobiles(message)).toEqual([]);
		if (c.mentions) expect(message).toContain(c.mentions);
		expect(errorItem.binary).toBeUndefined();
		checkNoSecrets(JSON.stringify(out.map((item: INodeExecutionData) => item.json)));
	});

	test('without continueOnFail: the right error class, on the bad item, bilingual and masked', async () => {
		const c = get();
		const result = await h.run(c.parameters, { items: c.items });
		const error = result.nodeError('Yunke') as (Error & { context?: { itemIndex?: number } }) | undefined;
		expect(error).toBeDefined();
		expect(errorClass(error)).toBe(c.errorClass);
		expect(error!.context?.itemIndex).toBe(1);
		expect(isBilingual(error!.message)).toBe(true);
		if (c.mentions) expect(error!.message).toContain(c.mentions);
		const surface = errorSurface(error);
		expect(unmaskedMobiles(surface)).toEqual([]);
		checkNoSecrets(surface);
	});
});

describe('Custom API Call against the simulator', () => {
	const call = (parameters: INodeParameters) => h.run({ resource: 'custom', operation: 'apiCall', ...parameters });

	test('POST JSON: the whole envelope of an endpoint, with the session handled', async () => {
		const [envelope] = jsonOf(await call({ method: 'POST', path: '/pc/callLog/list', referer: '/cms/customer/callHistory', body: JSON.stringify({ page: 1, pageSize: 5 }) }));
		expect(envelope).toMatchObject({ success: true, code: '10000' });
		const data = envelope.data as IDataObject;
		expect(data.totalCount).toBe(h.sim.calls.length);
		expect((data.data as IDataObject[]).map((row) => row.id)).toEqual(h.sim.calls.slice(0, 5).map((c) => c.id));
	});

	test('POST multipart and GET', async () => {
		const recorded = h.sim.calls.find((c) => c.recordFile)!;
		const [multipart] = jsonOf(await call({ method: 'POST', path: '/pc/callLog/getRecordUrl', referer: '/cms/customer/callDetail', bodyType: 'multipart', body: JSON.stringify({ callActionId: recorded.id }) }));
		expect(String(multipart.data)).toContain(`${h.sim.baseUrl}${recorded.recordFile}?`);
		const [get] = jsonOf(await call({ method: 'GET', path: `/newuc/login/getSecureKey?account=${h.sim.demo.phone}` }));
		expect(get).toMatchObject({ code: 10000 });
		expect(String((get.data as IDataObject).modulus)).toMatch(/^[0-9a-f]{256}$/);
	});

	test('an envelope error is a NodeApiError with the service code and message, sent once', async () => {
		h.sim.resetCounters();
		const result = await call({ method: 'POST', path: '/pc/callLog/list', body: JSON.stringify({ pageSize: 500 }) });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error.message).toContain(`代码 ${h.sim.knobs.validationCode}`);
		expect(error.message).toContain(`code ${h.sim.knobs.validationCode}`);
		expect(error.message).toContain('pageSize');
		expect(h.sim.requestCount('/pc/callLog/list')).toBe(1);
	});

	test('a wrong method answered with HTTP 405 is a NodeApiError naming the status', async () => {
		const result = await call({ method: 'GET', path: '/pc/callLog/list' });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error.message).toContain('405');
		expect(isBilingual(error.message)).toBe(true);
	});

	test('a body that is not JSON is a NodeOperationError and nothing is sent', async () => {
		h.sim.resetCounters();
		const result = await call({ method: 'POST', path: '/pc/callLog/list', body: '{page: 1' });
		expect(errorClass(result.nodeError('Yunke'))).toBe('NodeOperationError');
		expect(h.sim.requestCount('/pc/callLog/list')).toBe(0);
	});
});

describe('node description', () => {
	test('usable as a tool; every operation is an action named in both languages', () => {
		const type = h.engine.nodeTypes.getByNameAndVersion(YUNKE_NODE, 1) as INodeType;
		expect(type.description.usableAsTool).toBe(true);
		const operations = type.description.properties.filter((p) => p.name === 'operation');
		const actions = operations.flatMap((p) => (p.options ?? []) as Array<{ value: string; action?: string }>);
		// Version 1 lists getMany / getManyUsers, version 1.1 n8n's getAll / getAllUsers.
		expect([...new Set(actions.map((a) => a.value))].sort()).toEqual(['apiCall', 'download', 'getAll', 'getAllUsers', 'getCallReport', 'getMany', 'getManyUsers', 'getTree', 'getUrl']);
		for (const action of actions) {
			expect(action.action).toBeDefined();
			expect(/[\u4e00-\u9fff]/.test(action.action!) && /[A-Za-z]{3,}/.test(action.action!)).toBe(true);
		}
	});
});
