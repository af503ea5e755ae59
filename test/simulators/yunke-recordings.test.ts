/**
 * Behaviour of the Yunke PC web console simulator as an independent client sees it (./yunke-client.ts):
 * recording URLs and the fake OSS (Referer, signature, expiry, exact MP3 bytes), the call report and the department tree.
 */
import { createHash } from 'node:crypto';
import axios from 'axios';

import { MP3_FRAME_BYTES, MP3_FRAME_HEADER, recordingBytesFor, recordingSizeFor, type CallRecord } from '../../simulators/yunke';
import { DEMO, useYunkeSimulator } from './yunke-client';

describe('Yunke simulator', () => {
	const { sim, seeded, loggedIn } = useYunkeSimulator();

	describe('recordings', () => {
		const referer = () => `${sim.baseUrl}/cms/customer/callDetail`;

		test('getRecordUrl (multipart) → OSS URL; Referer enforced; exact MP3 bytes', async () => {
			const b = await loggedIn();
			const call = seeded().find((r) => r.recordFile && r.callSeconds > 30)!;
			const res = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: call.id } });
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			const url: string = res.data.data;
			expect(url).toMatch(new RegExp(`^${sim.baseUrl}/oss/record/${call.id}\\.mp3\\?Expires=\\d+&OSSAccessKeyId=[^&]+&Signature=`));

			const denied = await axios.get(url, { validateStatus: () => true });
			expect(denied.status).toBe(403);
			expect(denied.headers['content-type']).toMatch(/application\/xml/);
			expect(denied.data).toContain('<Code>AccessDenied</Code>');
			expect(denied.data).toContain('You are denied by bucket referer policy.');
			const foreign = await axios.get(url, { validateStatus: () => true, headers: { referer: 'https://evil.example/cms/' } });
			expect(foreign.status).toBe(403);

			const audio = await axios.get(url, { responseType: 'arraybuffer', headers: { referer: referer() } });
			expect(audio.status).toBe(200);
			expect(audio.headers['content-type']).toBe('audio/mpeg');
			const bytes = Buffer.from(audio.data);
			const size = recordingSizeFor(call.callSeconds);
			expect(Number(audio.headers['content-length'])).toBe(size);
			expect(size).toBe(1024 + call.callSeconds * 4000);
			expect(bytes.equals(recordingBytesFor(call.id, size))).toBe(true);
			// ID3v2.3 tag, then MPEG-1 Layer III frames (32 kbit/s, 32 kHz → 144-byte frames) to the end
			expect([...bytes.subarray(0, 5)]).toEqual([0x49, 0x44, 0x33, 3, 0]);
			const tagSize = ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]) + 10;
			const header = bytes.readUInt32BE(tagSize);
			expect(header >>> 21).toBe(0x7ff); // frame sync
			expect((header >>> 19) & 3).toBe(3); // MPEG-1
			expect((header >>> 17) & 3).toBe(1); // Layer III
			const bitrate = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][(header >>> 12) & 15] * 1000;
			const sampleRate = [44100, 48000, 32000][(header >>> 10) & 3];
			const frameBytes = Math.floor((144 * bitrate) / sampleRate) + ((header >>> 9) & 1);
			expect(frameBytes).toBe(MP3_FRAME_BYTES);
			expect((size - tagSize) % frameBytes).toBe(0);
			for (let at = tagSize; at < size; at += frameBytes) expect(bytes.readUInt32BE(at)).toBe(header);
			expect(bytes.subarray(tagSize, tagSize + 4).equals(MP3_FRAME_HEADER)).toBe(true);
			// about callSeconds of audio
			expect(Math.round(((size - tagSize) / frameBytes) * (1152 / sampleRate))).toBe(call.callSeconds);
			expect(sim.counters.recordingDownloads).toBe(1);

			// a tampered signature or an expired URL is refused
			const tampered = url.replace(/Expires=(\d+)/, (_, e) => `Expires=${Number(e) + 1}`);
			expect((await axios.get(tampered, { validateStatus: () => true, headers: { referer: referer() } })).data).toContain('SignatureDoesNotMatch');
			sim.advanceTime(8 * 86_400_000);
			expect((await axios.get(url, { validateStatus: () => true, headers: { referer: referer() } })).data).toContain('Request has expired');
		});

		test('list recordFile is fetchable; no recording / unknown / missing field', async () => {
			const b = await loggedIn();
			const rows: CallRecord[] = (await b.list({ pageSize: 50 })).data.data.data;
			const withFile = rows.find((r) => r.recordFile)!;
			const audio = await axios.get(withFile.recordFile, { responseType: 'arraybuffer', headers: { referer: referer() } });
			expect(Buffer.from(audio.data).equals(recordingBytesFor(withFile.id, recordingSizeFor(withFile.callSeconds)))).toBe(true);
			sim.setKnobs({ ossCheckReferer: false });
			expect((await axios.get(withFile.recordFile, { validateStatus: () => true })).status).toBe(200);

			const silent = seeded().find((r) => r.callStatus === 0)!;
			for (const id of [silent.id, 'phone-00000000000000000000000000000000']) {
				const res = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: id } });
				expect(res.data).toEqual({ success: false, code: '500', message: '录音不存在', data: '' });
			}
			const missing = await b.request('POST', '/pc/callLog/getRecordUrl', { form: { other: 'x' } });
			expect(missing.data).toMatchObject({ success: false, code: '500', message: expect.stringMatching(/^参数错误/) });
		});

		test('recordingBytes forces a size: 50 MB+ streamed, exact bytes', async () => {
			const size = 50 * 1024 * 1024 + 77;
			sim.setKnobs({ recordingBytes: size });
			const b = await loggedIn();
			const call = seeded().find((r) => r.recordFile)!;
			const url = (await b.request('POST', '/pc/callLog/getRecordUrl', { form: { callActionId: call.id } })).data.data;
			const res = await axios.get(url, { responseType: 'stream', headers: { referer: referer() } });
			expect(Number(res.headers['content-length'])).toBe(size);
			const hash = createHash('sha256');
			let received = 0;
			for await (const chunk of res.data as AsyncIterable<Buffer>) {
				hash.update(chunk);
				received += chunk.length;
			}
			expect(received).toBe(size);
			expect(hash.digest('hex')).toBe(createHash('sha256').update(recordingBytesFor(call.id, size)).digest('hex'));
		});
	});

	describe('report and department tree', () => {
		test('getIndexDetail: one row per agent of the subtree, aggregated over the dates', async () => {
			const b = await loggedIn();
			const to = seeded()[0].startCallTime.slice(0, 10);
			const from = seeded()[Math.floor(seeded().length / 2)].startCallTime.slice(0, 10);
			const body = { childModule: 'outCall', starttime: from, endtime: to, departId: 'd_sales2', searchUserId: '', option: '1', page: 1, pageSize: 10 };
			const res = await b.post('/yunke-report-phone/module/getIndexDetail', body);
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			const sub = ['d_sales2', 'd_tele_a', 'd_tele_b'];
			const agents = sim.agents.filter((a) => sub.includes(a.deptId) && a.status === 1);
			expect(res.data.data).toMatchObject({ totalCount: agents.length, pageCount: 1 });
			for (const row of res.data.data.data) {
				const agent = agents.find((a) => a.id === row.userId)!;
				const calls = seeded().filter(
					(r) => r.simPhone === agent.phone && r.incomingCall === 0 && r.startCallTime.slice(0, 10) >= from && r.startCallTime.slice(0, 10) <= to,
				);
				const connected = calls.filter((r) => r.callStatus === 2);
				const seconds = connected.reduce((s, r) => s + r.callSeconds, 0);
				expect(row).toEqual({
					userId: agent.id,
					userName: agent.name,
					departName: sim.departments.find((d) => d.id === agent.deptId)!.name,
					callCount: calls.length,
					connectCount: connected.length,
					connectRate: `${((connected.length * 100) / calls.length).toFixed(2)}%`,
					totalCallSeconds: seconds,
					avgCallSeconds: Math.round(seconds / connected.length),
				});
			}
			const one = await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, searchUserId: agents[0].id, childModule: 'allCall' });
			expect(one.data.data.data).toHaveLength(1);
			const paged = await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, departId: 'd_root', pageSize: 5, page: 3 });
			expect(paged.data.data).toMatchObject({ totalCount: 12, pageCount: 3 });
			expect(paged.data.data.data).toHaveLength(2);
			for (const bad of [{ departId: '' }, { pageSize: 101 }, { childModule: 'x' }, { starttime: '2025/01/01' }]) {
				expect((await b.post('/yunke-report-phone/module/getIndexDetail', { ...body, ...bad })).data).toMatchObject({ success: false, code: '500' });
			}
		});

		test('dept tree: list (default) and object shapes, users only with showUser, subtree by id', async () => {
			const b = await loggedIn();
			const body = { showUser: true, showUserStatus: '', queryQywxStatus: false };
			const res = await b.post('/usercenter/dept/tree', body);
			expect(res.data).toMatchObject({ success: true, code: '10000' });
			expect(Array.isArray(res.data.data)).toBe(true);
			const root = res.data.data[0];
			expect(root).toMatchObject({ id: 'd_root', name: '云客演示科技有限公司', type: 'DEPT' });
			expect(root.children.map((c: { name: string }) => c.name)).toEqual(['销售一部', '销售二部', '客服部']);
			const sales2 = root.children[1];
			expect(sales2.children.map((c: { name: string }) => c.name)).toEqual(['电销A组', '电销B组']);
			expect(sales2.children[0]).toMatchObject({ parentId: sales2.id });
			const allUsers: Array<{ id: string }> = [];
			const walk = (n: { users: Array<{ id: string }>; children: unknown[] }) => {
				allUsers.push(...n.users);
				n.children.forEach((c) => walk(c as typeof n));
			};
			walk(root);
			for (const a of sim.agents) expect(allUsers.some((u) => u.id === a.id)).toBe(a.status !== 2);
			expect(allUsers.find((u) => u.id === 'u_800138000')).toMatchObject({ phone: DEMO.phone });
			expect(sales2.children[0].users[0]).toEqual({ id: expect.stringMatching(/^u_/), name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/), status: 1 });

			const noUsers = await b.post('/usercenter/dept/tree', { ...body, showUser: false });
			expect(noUsers.data.data[0].users).toBeUndefined();
			sim.setKnobs({ deptTreeShape: 'object' });
			const sub = await b.post('/usercenter/dept/tree', { ...body, id: 'd_sales2' });
			expect(sub.data.data).toMatchObject({ id: 'd_sales2', name: '销售二部', parentId: 'd_root' });
			expect(sub.data.data.children).toHaveLength(2);
			expect((await b.post('/usercenter/dept/tree', { ...body, id: 'd_nope' })).data.success).toBe(false);
		});
	});
});
