/**
 * Recording → Get URL and Download against the simulator's console and its fake Aliyun OSS:
 * the exact bytes the OSS route serves, file name and mime type, the Referer the OSS route demands,
 * call-log items as input, and the errors of calls without a recording.
 */

import { recordingBytesFor, recordingSizeFor, type CallRecord } from '../../simulators/yunke';
import { chain } from '../support/workflows';
import { binaryBytes, errorClass, errorSurface, expectSameBytes, isBilingual, jsonOf, outputOf, unmaskedMobiles, yunkeNode } from './helpers';
import { useYunkeHarness } from './harness';

const h = useYunkeHarness({ callCount: 300, days: 10 });

/** The bytes the simulator serves for a call (its own generator and size rule). */
function servedBytes(call: CallRecord): Buffer {
	return recordingBytesFor(call.id, recordingSizeFor(call.callSeconds, h.sim.knobs.recordingBytes));
}

const withRecording = () => h.sim.calls.filter((c) => c.recordFile !== '');
const notConnected = () => h.sim.calls.find((c) => c.callStatus === 0)!;


describe('Get URL', () => {
	test('returns the signed OSS URL of a call, which downloads with the console Referer', async () => {
		const call = withRecording()[3];
		const [out] = jsonOf(await h.run({ resource: 'recording', operation: 'getUrl', callId: call.id }));
		expect(out.id).toBe(call.id);
		const url = new URL(String(out.recordingUrl));
		expect(`${url.origin}${url.pathname}`).toBe(`${h.sim.baseUrl}${call.recordFile}`);
		expect(url.searchParams.get('Signature')).toBeTruthy();
		const response = await fetch(url, { headers: { referer: `${h.sim.baseUrl}/cms/customer/callDetail` } });
		expect(response.status).toBe(200);
		expectSameBytes(Buffer.from(await response.arrayBuffer()), servedBytes(call));
	});

	test('the call id comes from the input item by default ($json.id)', async () => {
		const calls = withRecording().slice(0, 3);
		const out = jsonOf(await h.run({ resource: 'recording', operation: 'getUrl' }, { items: calls.map((c) => ({ id: c.id })) }));
		expect(out.map((o) => o.id)).toEqual(calls.map((c) => c.id));
		out.forEach((o, i) => expect(String(o.recordingUrl)).toContain(calls[i].recordFile));
	});
});

describe('Download', () => {
	test('from a call id: exactly the bytes the simulator served, <id>.mp3, audio/mpeg', async () => {
		const call = withRecording()[0];
		const [item] = outputOf(await h.run({ resource: 'recording', operation: 'download', source: 'callId', callId: call.id }));
		const expected = servedBytes(call);
		expectSameBytes(binaryBytes(item), expected);
		expect(item.binary!.data).toMatchObject({ fileName: `${call.id}.mp3`, mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		expect(item.json).toEqual({ id: call.id, fileName: `${call.id}.mp3`, mimeType: 'audio/mpeg', size: expected.length });
		expect(h.sim.counters.recordingDownloads).toBe(1);
		expect(h.sim.counters.ossDenied ?? 0).toBe(0);
	});

	test('into a configurable binary property, and a large recording arrives whole (streamed by the server)', async () => {
		h.sim.setKnobs({ recordingBytes: 3 * 1024 * 1024 + 17 });
		const call = withRecording()[1];
		const [item] = outputOf(
			await h.run({ resource: 'recording', operation: 'download', source: 'callId', callId: call.id, binaryPropertyName: 'audio' }),
		);
		expect(Object.keys(item.binary!)).toEqual(['audio']);
		const bytes = binaryBytes(item, 'audio');
		expect(bytes.length).toBe(3 * 1024 * 1024 + 17);
		expectSameBytes(bytes, servedBytes(call));
	});

	test("from call-log items' recording URL (Simplify on and off), through a workflow", async () => {
		const list = (name: string, simplify: boolean) =>
			yunkeNode(name, { resource: 'callLog', operation: 'getAll', startTime: new Date(h.sim.knobs.anchorTime - 11 * 86_400_000).toISOString(), endTime: new Date(h.sim.knobs.anchorTime).toISOString(), callType: '', returnAll: false, limit: 24, options: { simplify } }, h.cred);
		const download = (name: string) => yunkeNode(name, { resource: 'recording', operation: 'download', source: 'url' }, h.cred, { onError: 'continueRegularOutput' });
		for (const simplify of [true, false]) {
			const workflow = chain([{}], list('List', simplify), download('Download'));
			const result = await h.engine.run(workflow);
			const listed = outputOf(result, 'List').map((i) => i.json);
			const items = outputOf(result, 'Download');
			expect(items).toHaveLength(listed.length);
			const calls = new Map(h.sim.calls.map((c) => [c.id, c]));
			let downloaded = 0;
			items.forEach((item, i) => {
				expect(item.pairedItem).toEqual({ item: i });
				const call = calls.get(String(listed[i].id))!;
				if (call.recordFile) {
					downloaded++;
					expectSameBytes(binaryBytes(item), servedBytes(call));
					expect(item.binary!.data.fileName).toBe(`${call.id}.mp3`);
				} else {
					// Not connected (or no recording): a clear error item, paired to its call.
					expect(item.binary).toBeUndefined();
					expect(String(item.json.error)).toMatch(/not connected|no recording/i);
					expect(isBilingual(String(item.json.error))).toBe(true);
				}
			});
			expect(downloaded).toBeGreaterThan(5);
			expect(downloaded).toBeLessThan(items.length);
		}
		expect(h.sim.counters.ossDenied ?? 0).toBe(0);
	});

	test('a stale recording URL gives a clear 403 error; downloading by call id fetches a fresh URL', async () => {
		const call = withRecording()[5];
		const [{ recordingUrl }] = jsonOf(await h.run({ resource: 'recording', operation: 'getUrl', callId: call.id }));
		h.sim.advanceTime(h.sim.knobs.ossUrlTtlMs + 60_000);
		const stale = await h.run({ resource: 'recording', operation: 'download', source: 'url', recordingUrl: String(recordingUrl), callId: call.id });
		expect(errorClass(stale.nodeError('Yunke'))).toBe('NodeApiError');
		expect(stale.nodeError('Yunke')!.message).toMatch(/403.*expired/is);
		const [fresh] = outputOf(await h.run({ resource: 'recording', operation: 'download', source: 'callId', callId: call.id }));
		expectSameBytes(binaryBytes(fresh), servedBytes(call));
	});
});

describe("the OSS route's Referer check, which the node satisfies", () => {
	test('a plain request without or with a foreign Referer is refused; the console Referer is accepted', async () => {
		const call = withRecording()[2];
		const [{ recordingUrl }] = jsonOf(await h.run({ resource: 'recording', operation: 'getUrl', callId: call.id }));
		const url = String(recordingUrl);
		const missing = await fetch(url);
		const foreign = await fetch(url, { headers: { referer: 'https://evil.example.com/cms/customer/callDetail' } });
		const right = await fetch(url, { headers: { referer: `${h.sim.baseUrl}/cms/customer/callDetail` } });
		expect(missing.status).toBe(403);
		expect(await missing.text()).toContain('AccessDenied');
		expect(foreign.status).toBe(403);
		expect(right.status).toBe(200);
		expectSameBytes(Buffer.from(await right.arrayBuffer()), servedBytes(call));
		const deniedBefore = Number(h.sim.counters.ossDenied);
		expect(deniedBefore).toBe(2);

		const [item] = outputOf(await h.run({ resource: 'recording', operation: 'download', source: 'url', recordingUrl: url, callId: call.id }));
		expectSameBytes(binaryBytes(item), servedBytes(call));
		expect(h.sim.counters.ossDenied).toBe(deniedBefore);
	});
});

describe('calls without a recording', () => {
	test.each(['getUrl', 'download'])('%s for a call that was not connected: a clear NodeApiError naming the call', async (operation) => {
		const call = notConnected();
		const result = await h.run({ resource: 'recording', operation, source: 'callId', callId: call.id });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(isBilingual(error.message)).toBe(true);
		expect(error.message).toContain(call.id);
		expect(error.message).toMatch(/no recording/i);
		expect(h.sim.requestCount('/oss/*')).toBe(0);
	});

	test('a phone number given as call id is masked in the error', async () => {
		const result = await h.run({ resource: 'recording', operation: 'getUrl', callId: '13912345678' });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error.message).toContain('139****5678');
		expect(unmaskedMobiles(errorSurface(error))).toEqual([]);
	});

	test.each(['getUrl', 'download'])('%s with continueOnFail: results and an error item, each paired to its input', async (operation) => {
		const good = withRecording().slice(0, 2);
		const bad = notConnected();
		const items = [{ id: good[0].id }, { id: bad.id }, { id: good[1].id }];
		const out = outputOf(await h.run({ resource: 'recording', operation, source: 'callId' }, { items, continueOnFail: true }));
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.id).toBe(good[0].id);
		expect(out[2].json.id).toBe(good[1].id);
		expect(Object.keys(out[1].json)).toContain('error');
		expect(String(out[1].json.error)).toContain(bad.id);
		if (operation === 'download') {
			expectSameBytes(binaryBytes(out[0]), servedBytes(good[0]));
			expectSameBytes(binaryBytes(out[2]), servedBytes(good[1]));
			expect(out[1].binary).toBeUndefined();
		}
	});
});
