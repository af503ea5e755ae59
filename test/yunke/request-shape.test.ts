/**
 * Request shapes of the Yunke login and the call log and recording operations (docs/protocol/yunke.md §2–§8), checked with nock, no simulator:
 * the login sequence, the exact call log list body, headers and Referers, multipart, and the OSS download.
 */
import { cookiePairs, setCookie } from '../support/cookies';
import { CALL_LOG_KEYS } from '../support/yunkeListBody';
import { multipartFields } from './fakeYunke';
import { beijingMinute, errorClass, errorSurface, isBilingual, jsonOf, outputOf, runYunke, binaryBytes, expectSameBytes } from './helpers';
import { COMPANY, DISCOVERY_HOST, DOMAIN, OSS, useFakeYunke } from './shape';

const { engine, fake, credential, businessHeaders } = useFakeYunke();

describe('login sequence', () => {
	test('without company code and domain: discovery on the default host, then login and data on the company domain', async () => {
		const cred = credential({ companyCode: '', domain: '' });
		const { data } = engine.store.get(cred.id!);
		fake.on('/newuc/login/checkAndGetUsers', () => ({
			json: { code: 10000, msg: 'success', data: [{ userId: 'u_4711', userType: 1, companyCode: COMPANY, company: '测试公司', domain: DOMAIN }] },
		}));
		outputOf(await runYunke(engine, cred, { resource: 'callLog', operation: 'getAll', startTime: '2025-12-01 00:00', endTime: '2025-12-01 23:59', limit: 5 }));

		expect(fake.requests.map((r) => `${r.method} ${r.origin}${r.path}`)).toEqual([
			`GET ${DISCOVERY_HOST}/cms/auth/login`,
			`GET ${DISCOVERY_HOST}/newuc/login/getSecureKey`,
			`POST ${DISCOVERY_HOST}/newuc/login/checkAndGetUsers`,
			`POST ${DOMAIN}/usercenter/login/getSecureKey`,
			`POST ${DOMAIN}/usercenter/login/pcLogin`,
			`POST ${DOMAIN}/pc/callLog/list`,
		]);
		const [page, newucKey, check, ucKey, login] = fake.requests;
		expect(cookiePairs(page.headers.cookie)).toContain('pc_register=1');
		expect(newucKey.query.get('account')).toBe(data.phone);
		// checkAndGetUsers: the key cookie of the login page comes back, password RSA-encrypted.
		expect(cookiePairs(check.headers.cookie)).toContain(`SESSION=${fake.cookies.keyA}`);
		expect(Object.keys(check.json!).sort()).toEqual(['account', 'method', 'passwd', 'scope', 'smsCode']);
		expect(check.json).toMatchObject({ method: 'PASSWD', scope: 'company', account: data.phone, smsCode: '' });
		expect(check.json!.passwd).toMatch(/^[0-9a-f]+$/);
		expect(fake.decrypt(String(check.json!.passwd))).toBe(data.password);

		expect(ucKey.json).toEqual({ phone: data.phone });
		expect(Object.keys(login.json!).sort()).toEqual(['codeUuid', 'companyCode', 'loginType', 'password', 'phone', 'smsCode', 'validCode']);
		expect(login.json).toMatchObject({ phone: data.phone, loginType: 'yunkecn', companyCode: COMPANY, smsCode: '', validCode: '', codeUuid: '' });
		expect(fake.decrypt(String(login.json!.password))).toBe(data.password);
		expect(cookiePairs(login.headers.cookie)).toContain(`SESSION=${fake.cookies.keyB}`);
		for (const request of [check, ucKey, login]) {
			expect(request.headers).toMatchObject({ channel: '4', source: 'yunkepc', referer: `${request.origin}/cms/auth/login` });
			expect(request.headers.company).toBeUndefined();
			expect(request.headers.userid).toBeUndefined();
		}
		businessHeaders(fake.requests[5], '/cms/customer/callHistory');
		// n8n persisted the session with the discovered domain.
		expect(engine.store.get(cred.id!).data).toMatchObject({ sessionDomain: DOMAIN, sessionCompanyCode: COMPANY, sessionUserId: fake.userId });
	});

	test('with company code and domain: straight to the usercenter login (flat key accepted), logged in once for two calls', async () => {
		const cred = credential();
		fake.on('/usercenter/login/getSecureKey', () => ({
			...fake.ok({ modulus: fake.modulusHex, public_exponent: fake.exponentHex }),
			headers: { 'set-cookie': [setCookie('SESSION', fake.cookies.keyB)] },
		}));
		const params = { resource: 'department', operation: 'getTree' };
		outputOf(await runYunke(engine, cred, params));
		outputOf(await runYunke(engine, cred, params));
		expect(fake.requests.map((r) => `${r.origin}${r.path}`)).toEqual([
			`${DOMAIN}/usercenter/login/getSecureKey`,
			`${DOMAIN}/usercenter/login/pcLogin`,
			`${DOMAIN}/usercenter/dept/tree`,
			`${DOMAIN}/usercenter/dept/tree`,
		]);
		expect(fake.decrypt(String(fake.one('/usercenter/login/pcLogin').json!.password))).toBe(engine.store.get(cred.id!).data.password);
	});

	test('a refused password is one attempt, a NodeApiError with the phone masked and no password', async () => {
		const cred = credential();
		const { data } = engine.store.get(cred.id!);
		fake.on('/usercenter/login/pcLogin', () => ({ json: { success: false, code: '10004', message: '账号或密码错误', data: null } }));
		const result = await runYunke(engine, cred, { resource: 'department', operation: 'getTree' });
		const error = result.nodeError('Yunke');
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error!.message).toContain('10004');
		expect(isBilingual(error!.message)).toBe(true);
		const surface = errorSurface(error);
		expect(surface).toContain(`${String(data.phone).slice(0, 3)}****${String(data.phone).slice(-4)}`);
		expect(surface).not.toContain(String(data.phone));
		expect(surface).not.toContain(String(data.password));
		expect(fake.find('/usercenter/login/pcLogin')).toHaveLength(1);
		expect(fake.find('/usercenter/dept/tree')).toHaveLength(0);
	});
});


describe('call log list body', () => {
	const cases: Array<[string, string, string]> = [
		['ISO with Z', '2025-12-01T01:05:00.000Z', beijingMinute('2025-12-01T01:05:00.000Z')],
		['ISO with +09:00', '2025-12-01T09:30:59+09:00', beijingMinute('2025-12-01T09:30:59+09:00')],
		['ISO with -05:00 crossing the day', '2025-11-30T20:15:00-05:00', beijingMinute('2025-11-30T20:15:00-05:00')],
		// Without an offset the value is a Beijing wall time (the node's documented rule).
		['wall time with space', '2025-12-01 18:45', '2025-12-01 18:45'],
		['wall time ISO without offset', '2025-12-01T23:59:59', '2025-12-01 23:59'],
	];

	test.each(cases)('start and end time from %s', async (_label, input, expected) => {
		const cred = credential();
		outputOf(await runYunke(engine, cred, { resource: 'callLog', operation: 'getAll', startTime: input, endTime: input, limit: 10 }));
		const body = fake.one('/pc/callLog/list').json!;
		expect(body.lastConnectTimeStart).toBe(expected);
		expect(body.lastConnectTimeEnd).toBe(expected);
		expect(body.lastConnectTimeStart).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	});

	test('a Luxon DateTime from an expression (no .toISO()) is read as the instant it is', async () => {
		const cred = credential();
		const instant = '2025-12-01T16:30:00.000Z'; // 00:30 the next day in Beijing
		outputOf(
			await runYunke(engine, cred, {
				resource: 'callLog',
				operation: 'getAll',
				startTime: `={{ DateTime.fromISO('${instant}').setZone('America/New_York') }}`,
				endTime: `={{ DateTime.fromISO('${instant}') }}`,
				limit: 10,
			}),
		);
		const body = fake.one('/pc/callLog/list').json!;
		expect(body.lastConnectTimeStart).toBe(beijingMinute(instant));
		expect(body.lastConnectTimeEnd).toBe(beijingMinute(instant));
	});

	test('all 21 keys, filters mapped, Limit as page size, headers and Referer', async () => {
		const cred = credential();
		outputOf(
			await runYunke(engine, cred, {
				resource: 'callLog',
				operation: 'getAll',
				startTime: '2025-12-01T00:00:00+08:00',
				endTime: '2025-12-07T23:59:00+08:00',
				callType: 'i',
				limit: 30,
				filters: { departmentId: 'd_sales', userId: 'u_42', searchInfo: '王总', searchPhone: '8000' },
			}),
		);
		const request = fake.one('/pc/callLog/list');
		expect(Object.keys(request.json!)).toEqual(CALL_LOG_KEYS);
		expect(request.json).toEqual({
			page: 1,
			pageSize: 30,
			lastConnectTimeStart: '2025-12-01 00:00',
			lastConnectTimeEnd: '2025-12-07 23:59',
			departmentId: 'd_sales',
			userId: 'u_42',
			callType: 'i',
			searchInfo: '王总',
			searchPhone: '8000',
			salesProgress: '',
			startVoiceTime: '',
			endVoiceTime: '',
			startCreateTime: '',
			endCreateTime: '',
			id: '',
			userKey: '',
			callTimeStar: '',
			callTimeEnd: '',
			recordFroms: [],
			quitUserId: '',
			customerSource: '',
		});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		businessHeaders(request, '/cms/customer/callHistory');
	});

	test('Return All walks pages of 200 until pageCount', async () => {
		const cred = credential();
		const row = (n: number) => ({ id: `phone-${n}`, callStatus: 0, incomingCall: 0, startCallTime: '2025-12-01 10:00:00' });
		fake.on('/pc/callLog/list', (r) => {
			const page = Number(r.json!.page);
			return fake.ok({ data: Array.from({ length: page < 3 ? 200 : 13 }, (_, i) => row(page * 1000 + i)), totalCount: 413, pageCount: 3 });
		});
		const out = jsonOf(await runYunke(engine, cred, { resource: 'callLog', operation: 'getAll', startTime: '2025-12-01 00:00', endTime: '2025-12-01 23:59', returnAll: true }));
		expect(fake.find('/pc/callLog/list').map((r) => [r.json!.page, r.json!.pageSize])).toEqual([[1, 200], [2, 200], [3, 200]]);
		expect(out).toHaveLength(413);
	});
});


describe('recording', () => {
	const callId = 'phone-5f0c2a1e9b7d4c6f8a3e2d1c0b9a8f7e';
	const ossUrl = `${OSS}/record/${callId}.mp3?Expires=1796437563&OSSAccessKeyId=LTAI&Signature=abc%3D`;

	test('Get URL sends callActionId as multipart on the callDetail Referer', async () => {
		const cred = credential();
		fake.on('/pc/callLog/getRecordUrl', () => fake.ok(ossUrl));
		const out = jsonOf(await runYunke(engine, cred, { resource: 'recording', operation: 'getUrl', callId }));
		expect(out).toEqual([{ id: callId, recordingUrl: ossUrl }]);
		const request = fake.one('/pc/callLog/getRecordUrl');
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(multipartFields(request)).toEqual({ callActionId: callId });
		businessHeaders(request, '/cms/customer/callDetail');
	});

	test('Download fetches the OSS URL with the console Referer and without the session', async () => {
		const cred = credential();
		const bytes = Buffer.concat([Buffer.from('ID3'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256))]);
		fake.on('/pc/callLog/getRecordUrl', () => fake.ok(ossUrl));
		fake.on(`/record/${callId}.mp3`, () => ({ body: bytes, headers: { 'content-type': 'audio/mpeg', 'content-length': String(bytes.length) } }));
		const [item] = outputOf(await runYunke(engine, cred, { resource: 'recording', operation: 'download', source: 'callId', callId, binaryPropertyName: 'data' }));
		const download = fake.one(`/record/${callId}.mp3`);
		expect(download.origin).toBe(OSS);
		expect(download.query.get('Signature')).toBe('abc=');
		expect(download.headers.referer).toBe(`${DOMAIN}/cms/customer/callDetail`);
		expect(download.headers.cookie).toBeUndefined();
		expect(download.headers.company).toBeUndefined();
		expect(download.headers.userid).toBeUndefined();
		expectSameBytes(binaryBytes(item), bytes);
		expect(item.binary!.data).toMatchObject({ fileName: `${callId}.mp3`, mimeType: 'audio/mpeg' });
	});

	test('Download from a URL without a call id names the file after the URL', async () => {
		const cred = credential();
		const bytes = Buffer.from('ID3\u0003 fake mp3 body');
		fake.on(`/record/${callId}.mp3`, () => ({ body: bytes, headers: { 'content-type': 'audio/mpeg' } }));
		const [item] = outputOf(await runYunke(engine, cred, { resource: 'recording', operation: 'download', source: 'url', recordingUrl: ossUrl, callId: '' }));
		expectSameBytes(binaryBytes(item), bytes);
		expect(item.binary!.data.fileName).toBe(`${callId}.mp3`);
		expect(item.json.id).toBe(callId);
		expect(fake.find('/pc/callLog/getRecordUrl')).toHaveLength(0);
	});

	test('a JSON or XML error page from OSS is an error, not an MP3', async () => {
		const cred = credential();
		fake.on(`/record/${callId}.mp3`, () => ({
			status: 403,
			body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>',
			headers: { 'content-type': 'application/xml' },
		}));
		const result = await runYunke(engine, cred, { resource: 'recording', operation: 'download', source: 'url', recordingUrl: ossUrl, callId: '' });
		const error = result.nodeError('Yunke');
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error!.message).toContain('403');
		expect(isBilingual(error!.message)).toBe(true);
	});
});

