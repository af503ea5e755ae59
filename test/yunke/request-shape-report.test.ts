/**
 * Request shapes of the Yunke report, department and custom API call operations (docs/protocol/yunke.md §2–§8), checked with nock, no simulator:
 * the report body and paging, the department tree body, and custom API calls (query, JSON, multipart).
 */
import { multipartFields } from './fakeYunke';
import { beijingDate, errorClass, errorSurface, isBilingual, jsonOf, outputOf, runYunke } from './helpers';
import { useFakeYunke } from './shape';

const { engine, fake, credential, businessHeaders } = useFakeYunke();

describe('report', () => {
	test('body: childModule, Beijing dates, departId from the tree root, option "1", on the report Referer', async () => {
		const cred = credential();
		fake.on('/usercenter/dept/tree', () => fake.ok([{ id: 'd_r00t', name: '总公司', parentId: '0', children: [{ id: 'd_x', name: 'X', parentId: 'd_r00t', children: [] }] }]));
		outputOf(
			await runYunke(engine, cred, {
				resource: 'report',
				operation: 'getCallReport',
				childModule: 'inCall',
				startDate: '2025-12-01',
				endDate: '2025-12-03T20:00:00Z',
				returnAll: true,
			}),
		);
		expect(fake.requests.map((r) => r.path).slice(-2)).toEqual(['/usercenter/dept/tree', '/yunke-report-phone/module/getIndexDetail']);
		expect(fake.one('/usercenter/dept/tree').json).toEqual({ showUser: false, showUserStatus: '', queryQywxStatus: false });
		const request = fake.one('/yunke-report-phone/module/getIndexDetail');
		expect(request.json).toEqual({
			childModule: 'inCall',
			starttime: '2025-12-01',
			endtime: beijingDate('2025-12-03T20:00:00Z'),
			departId: 'd_r00t',
			searchUserId: '',
			option: '1',
			page: 1,
			pageSize: 100,
		});
		businessHeaders(request, '/cms/home/reportform/call');
	});

	test('chosen department and user are sent as they are, without reading the tree', async () => {
		const cred = credential();
		outputOf(
			await runYunke(engine, cred, {
				resource: 'report',
				operation: 'getCallReport',
				childModule: 'allCall',
				startDate: '2025-12-01',
				endDate: '2025-12-01',
				departmentId: 'd_sales2',
				userId: 'u_7',
				limit: 7,
			}),
		);
		expect(fake.find('/usercenter/dept/tree')).toHaveLength(0);
		expect(fake.one('/yunke-report-phone/module/getIndexDetail').json).toMatchObject({ childModule: 'allCall', departId: 'd_sales2', searchUserId: 'u_7', page: 1, pageSize: 7 });
	});

	test.each([
		['Return All', { returnAll: true }, 237, [1, 2, 3]],
		['Limit 150', { returnAll: false, limit: 150 }, 150, [1, 2]],
		['Limit 7', { returnAll: false, limit: 7 }, 7, [1]],
	])('%s over the report pages', async (_label, paging, expectedRows, expectedPages) => {
		const cred = credential();
		const total = 237;
		fake.on('/yunke-report-phone/module/getIndexDetail', (r) => {
			const page = Number(r.json!.page);
			const size = Number(r.json!.pageSize);
			const rows = Array.from({ length: total }, (_, i) => ({ userId: `u_${i}`, callCount: i })).slice((page - 1) * size, page * size);
			return fake.ok({ data: rows, totalCount: total, pageCount: Math.ceil(total / size) });
		});
		const out = jsonOf(
			await runYunke(engine, cred, { resource: 'report', operation: 'getCallReport', childModule: 'outCall', startDate: '2025-12-01', endDate: '2025-12-02', departmentId: 'd_top', ...paging }),
		);
		expect(fake.find('/yunke-report-phone/module/getIndexDetail').map((r) => r.json!.page)).toEqual(expectedPages);
		expect(out.map((row) => row.userId)).toEqual(Array.from({ length: expectedRows }, (_, i) => `u_${i}`));
		expect(out[0]).toMatchObject({ reportType: 'outCall', startDate: '2025-12-01', endDate: '2025-12-02' });
	});
});


describe('department tree', () => {
	test('Get Tree: whole company with users; a chosen root without users adds its id', async () => {
		const cred = credential();
		outputOf(await runYunke(engine, cred, { resource: 'department', operation: 'getTree' }));
		outputOf(await runYunke(engine, cred, { resource: 'department', operation: 'getTree', departmentId: 'd_sales2', includeUsers: false }));
		const [whole, chosen] = fake.find('/usercenter/dept/tree');
		expect(whole.json).toEqual({ showUser: true, showUserStatus: '', queryQywxStatus: false });
		expect(chosen.json).toEqual({ showUser: false, showUserStatus: '', queryQywxStatus: false, id: 'd_sales2' });
		businessHeaders(whole, '/cms/home/statistics');
	});

	test('Get Many Users reads a tree sent as one object with Open-API style `sub` and USER nodes', async () => {
		const cred = credential();
		fake.on('/usercenter/dept/tree', () =>
			fake.ok({
				id: 'd1',
				name: '总部',
				sub: [
					{ type: 'USER', id: 'u1', name: '张三', phone: '13000000001' },
					{ type: 'DEPT', id: 'd2', name: '销售', sub: [{ type: 'USER', id: 'u2', name: '李四', phone: '13000000002' }] },
				],
			}),
		);
		const out = jsonOf(await runYunke(engine, cred, { resource: 'department', operation: 'getAllUsers', returnAll: true }));
		expect(fake.one('/usercenter/dept/tree').json).toEqual({ showUser: true, showUserStatus: '', queryQywxStatus: false });
		expect(out.map((u) => [u.id, u.departmentId, u.departmentPath])).toEqual([
			['u1', 'd1', '总部'],
			['u2', 'd2', '总部 / 销售'],
		]);
	});
});


describe('custom API call', () => {
	test('GET keeps the query, POST sends the JSON body as given, multipart sends text fields; all with the session', async () => {
		const cred = credential();
		fake.on('/pc/custom/thing', () => fake.ok({ echoed: true }));
		const get = jsonOf(await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', method: 'GET', path: '/pc/custom/thing?a=1&b=二', referer: '/cms/home/statistics' }));
		const post = jsonOf(
			await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', method: 'POST', path: '/pc/custom/thing', referer: '/cms/customer/list', bodyType: 'json', body: '{"page":2,"nested":{"a":[1,"x"]}}' }),
		);
		jsonOf(
			await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', method: 'POST', path: '/pc/custom/thing', referer: '/cms/customer/callDetail', bodyType: 'multipart', body: '{"callActionId":"phone-1","n":3}' }),
		);
		expect(get[0]).toEqual({ success: true, code: '10000', message: 'success', data: { echoed: true } });
		expect(post[0].data).toEqual({ echoed: true });
		const [g, p, m] = fake.find('/pc/custom/thing');
		expect(g.method).toBe('GET');
		expect(Object.fromEntries(g.query)).toEqual({ a: '1', b: '二' });
		expect(g.raw.length).toBe(0);
		businessHeaders(g, '/cms/home/statistics');
		expect(p.json).toEqual({ page: 2, nested: { a: [1, 'x'] } });
		businessHeaders(p, '/cms/customer/list');
		expect(multipartFields(m)).toEqual({ callActionId: 'phone-1', n: '3' });
		businessHeaders(m, '/cms/customer/callDetail');
	});

	test('the default body `{}` is sent as `{}` (n8n would drop an empty object)', async () => {
		const cred = credential();
		fake.on('/pc/custom/thing', () => fake.ok(null));
		jsonOf(await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', path: '/pc/custom/thing' }));
		const request = fake.one('/pc/custom/thing');
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.raw.toString('utf8')).toBe('{}');
	});

	test('an envelope error becomes a NodeApiError with the service code and the phone masked', async () => {
		const cred = credential();
		fake.on('/pc/custom/thing', () => ({ json: { success: false, code: '40012', message: '客户 13912345678 已被锁定', data: null } }));
		const result = await runYunke(engine, cred, { resource: 'custom', operation: 'apiCall', method: 'POST', path: '/pc/custom/thing', body: '{}' });
		const error = result.nodeError('Yunke') as Error & { context?: Record<string, unknown> };
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error.message).toContain('40012');
		expect(error.message).toContain('139****5678');
		expect(isBilingual(error.message)).toBe(true);
		expect(errorSurface(error)).not.toContain('13912345678');
		expect(errorSurface(error)).not.toContain(fake.cookies.userToken);
	});
});
