/**
 * Request shapes of the Zhibang customer operations (Create, Create or Update, Get, Get Many, Update, Assign), checked with nock (no simulator): paths, cmdkey,
 * datas ids and values, `cmdkey: refresh` on every list, the session token in the body (and
 * ZBAPI-Token for v3 JSON bodies), and the number of requests.
 */
import type { INodeParameters } from 'n8n-workflow';

import { bill, doc, saved, table } from './fakeZhibang';
import { M, expectSession, shape, useFakeZhibang } from './shape';

const { fake, run } = useFakeZhibang();

describe('Customer', () => {
	it('Create: allocate (no cmdkey, intsort) → __sys_dosave with the allocated ord and khid → detail', async () => {
		fake.on(`${M}/salesmanage/custom/add.asp`, (c) => {
			if (c.body.cmdkey === '__sys_dosave') return saved();
			if (c.query.get('edit') === '1') return bill(4711, { name: '甲公司', khid: 'KH001', sort1: '21', person_name: '张三', mobile: '13800138000', ly: '171' });
			return bill(4711, { khid: 'KH001', name: '' });
		});
		const [out] = await run({
			resource: 'customer',
			operation: 'create',
			customerType: 'company',
			name: '甲公司',
			category: '微信客户',
			contactName: '张三',
			additionalFields: { mobile: '138-0013-8000', source: '171' },
		});
		expect(fake.business.map(shape)).toEqual([
			`${M}/salesmanage/custom/add.asp?intsort=1 []`,
			`${M}/salesmanage/custom/add.asp?intsort=1 [__sys_dosave]`,
			`${M}/salesmanage/custom/add.asp?edit=1 []`,
		]);
		const [allocate, save, detail] = fake.business;
		expect(allocate.datas).toEqual({ intsort: '1', edit: '' });
		expect(save.datas).toEqual({ ord: '4711', mobile: '13800138000', ly: '171', name: '甲公司', sort1: '微信客户', person_name: '张三', khid: 'KH001' });
		expect(detail.datas).toEqual({ ord: '4711', edit: '1' });
		expectSession(fake.business);
		expect(out).toMatchObject({ customerId: '4711', khid: 'KH001', verified: true });
	});

	it('Create (person): intsort 2, no person_name', async () => {
		fake.on(`${M}/salesmanage/custom/add.asp`, (c) => (c.body.cmdkey === '__sys_dosave' ? saved() : bill(12, { khid: 'KH9' })));
		await run({ resource: 'customer', operation: 'create', customerType: 'person', name: '李雷', category: '21', options: { verifySave: false } });
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/add.asp?intsort=2 []`, `${M}/salesmanage/custom/add.asp?intsort=2 [__sys_dosave]`]);
		expect(fake.business[1].datas).toEqual({ ord: '12', name: '李雷', sort1: '21', khid: 'KH9' });
	});

	it('Get: the detail bill (edit=1, ord), no cmdkey', async () => {
		fake.on(`${M}/salesmanage/custom/add.asp`, () => bill(1001, { name: '甲公司', khid: 'WX1' }));
		const [out] = await run({ resource: 'customer', operation: 'get', customerId: '1001' });
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/add.asp?edit=1 []`]);
		expect(fake.business[0].datas).toEqual({ ord: '1001', edit: '1' });
		expect(out).toEqual({ ord: '1001', name: '甲公司', khid: 'WX1' });
	});

	it('Get Many: refresh, filters, sort and paging; rows mapped by column id whatever the column order', async () => {
		let page = 0;
		fake.on(`${M}/salesmanage/custom/list.asp`, () => {
			page++;
			const rows = page === 1 ? [[1, 'A公司', 'WX1'], [2, 'B公司', 'WX2']] : [[3, 'C公司', 'WX3']];
			return table(['ord', 'name', 'khid'].reverse(), rows.map((r) => [...r].reverse()), { recordcount: 3, pagesize: 2, pagecount: 2, pageindex: page });
		});
		const out = await run({
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			sort: 'khid',
			filters: {
				keyword: '微信',
				sources: ['171', '977'],
				valueLevels: ['175'],
				owners: ['61', '62'],
				publicPoolOnly: true,
				addedAfter: '2026-01-01T00:00:00+08:00',
				addedBefore: '2026-01-31 23:59',
			},
		});
		expect(out).toEqual([
			{ ord: 1, name: 'A公司', khid: 'WX1' },
			{ ord: 2, name: 'B公司', khid: 'WX2' },
			{ ord: 3, name: 'C公司', khid: 'WX3' },
		]);
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/list.asp [refresh]`, `${M}/salesmanage/custom/list.asp [refresh]`]);
		expect(fake.business[0].datas).toEqual({
			searchKey: '微信',
			ly: '171,977',
			jz: '175',
			cateid: '61,62',
			date1_0: '2026-01-01 00:00:00',
			date1_1: '2026-01-31 23:59:00',
			stype: '1',
			_rpt_sort: 'khid',
			pagesize: '200',
			pageindex: '1',
		});
		expect(fake.business[1].datas.pageindex).toBe('2');
		expectSession(fake.business);
	});

	it('Get Many with a limit asks for that many rows only', async () => {
		fake.on(`${M}/salesmanage/custom/list.asp`, () => table(['ord'], [[1], [2], [3]], { recordcount: 40, pagesize: 3, pagecount: 14, pageindex: 1 }));
		const out = await run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 3 });
		expect(out).toHaveLength(3);
		expect(fake.business).toHaveLength(1);
		expect(fake.business[0].datas).toMatchObject({ pagesize: '3', pageindex: '1', _rpt_sort: '-date1' });
	});

	it('Update: reads the detail, then saves the whole customer with the given fields on top; intsort only when the type is given', async () => {
		const current = { intsort: '1', name: '旧名', khid: 'KH1', sort1: '21,211', sort1Name: '微信客户', person_name: '张三', mobile: '13800138000', qq: '', jz: '176', cateid: '61', cateName: '张伟' };
		let stored: Record<string, unknown> = current;
		fake.on(`${M}/salesmanage/custom/add.asp`, (c) => {
			if (c.body.cmdkey !== '__sys_dosave') return bill(1001, stored);
			stored = { ...current, jz: '175', qq: '12345' };
			return saved();
		});
		await run({ resource: 'customer', operation: 'update', customerId: '1001', updateFields: { valueLevel: '175', qq: '12345' } });
		expect(fake.business.map(shape)).toEqual([
			`${M}/salesmanage/custom/add.asp?edit=1 []`,
			`${M}/salesmanage/custom/add.asp [__sys_dosave]`,
			`${M}/salesmanage/custom/add.asp?edit=1 []`,
		]);
		// Never only the diff: the required fields (and every other savable one) travel too.
		expect(fake.business[1].datas).toEqual({ ord: '1001', name: '旧名', khid: 'KH1', sort1: '21,211', person_name: '张三', mobile: '13800138000', qq: '12345', jz: '175' });
		fake.reset();
		stored = current;
		fake.on(`${M}/salesmanage/custom/add.asp`, (c) => (c.body.cmdkey === '__sys_dosave' ? saved() : bill(1001, stored)));
		await run({ resource: 'customer', operation: 'update', customerId: '1001', updateFields: { customerType: 'person', name: '新名' }, options: { verifySave: false } });
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/add.asp?edit=1 []`, `${M}/salesmanage/custom/add.asp?intsort=2 [__sys_dosave]`]);
		// A person customer has no contact name.
		expect(fake.business[1].datas).toEqual({ ord: '1001', name: '新名', khid: 'KH1', sort1: '21,211', mobile: '13800138000', qq: '', jz: '176' });
	});

	it('Update: a required field the detail does not show and the user did not give fails before any save', async () => {
		fake.on(`${M}/salesmanage/custom/add.asp`, (c) => (c.body.cmdkey === '__sys_dosave' ? saved() : bill(1001, { intsort: '1', name: '旧名', mobile: '13800138000' })));
		await expect(run({ resource: 'customer', operation: 'update', customerId: '1001', updateFields: { qq: '1' } })).rejects.toThrow(
			/does not show the required fields Category \(sort1\), Contact Name \(person_name\); give them in the node/,
		);
		expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/add.asp?edit=1 []`]);
	});

	it('Assign: order.asp?datatype=tel, member1 0 + member2 ids, or member1 1 for the pool', async () => {
		fake.on(`${M}/systemmanage/order.asp`, () => saved());
		await run({ resource: 'customer', operation: 'assign', customerId: '1001', assignTo: 'users', userIds: ['61', '63'], options: { verifySave: false } });
		await run({ resource: 'customer', operation: 'assign', customerId: '1001', assignTo: 'pool', options: { verifySave: false } });
		expect(fake.business.map(shape)).toEqual([`${M}/systemmanage/order.asp?datatype=tel [__sys_dosave]`, `${M}/systemmanage/order.asp?datatype=tel [__sys_dosave]`]);
		expect(fake.business.map((c) => c.datas)).toEqual([
			{ ord: '1001', member1: '0', member2: '61,63' },
			{ ord: '1001', member1: '1', member2: '' },
		]);
		expectSession(fake.business);
	});

	describe('Create or Update (Upsert)', () => {
		const params: INodeParameters = {
			resource: 'customer',
			operation: 'upsert',
			customerType: 'company',
			customerNumber: '=WX{{ $json.id }}',
			mobile: '={{ $json.mobile }}',
			name: '={{ $json.company }}',
			contactName: '={{ $json.name }}',
			score: '={{ $json.score }}',
		};
		const input = { id: 12345, company: '某某科技有限公司', name: '张三', mobile: '13800138000', score: 85 };

		it('new customer: look-up (refresh, khid filter) → allocate → save → read-back', async () => {
			fake.on(`${M}/salesmanage/custom/list.asp`, () => table(['ord', 'khid'], [[1, 'WX123456']], { recordcount: 1, pagesize: 200, pagecount: 1, pageindex: 1 }));
			fake.on(`${M}/salesmanage/custom/add.asp`, (c) => {
				if (c.body.cmdkey === '__sys_dosave') return saved();
				if (c.query.get('edit') === '1') {
					return bill(5001, { khid: 'WX12345', name: '某某科技有限公司', sort1: '21', sort1Name: '微信客户', person_name: '张三', mobile: '13800138000', ly: '171', jz: '289' });
				}
				return bill(5001, { khid: 'KH002' });
			});
			const [out] = await run(params, [input]);
			// The detail does not show the customer type: that one field is reported as unverified, not as changed.
			expect(out).toEqual({ action: 'created', customerId: '5001', khid: 'WX12345', matchedBy: 'khid', assignment: null, followUp: null, verified: true, recovered: false, unverifiedFields: ['intsort'], sessionRefreshes: 0 });
			expect(fake.business.map(shape)).toEqual([
				`${M}/salesmanage/custom/list.asp [refresh]`,
				`${M}/salesmanage/custom/add.asp?intsort=1 []`,
				`${M}/salesmanage/custom/add.asp?intsort=1 [__sys_dosave]`,
				`${M}/salesmanage/custom/add.asp?edit=1 []`,
			]);
			const [lookup, , save] = fake.business;
			expect(lookup.datas).toEqual({ khid: 'WX12345', _rpt_sort: 'khid', pagesize: '200', pageindex: '1' });
			expect(save.datas).toEqual({
				ord: '5001',
				name: '某某科技有限公司',
				sort1: '微信客户',
				person_name: '张三',
				khid: 'WX12345',
				mobile: '13800138000',
				ly: '171',
				jz: '289',
			});
			expectSession(fake.business);
		});

		it('unchanged customer: the look-up alone (mobile key: phone filter)', async () => {
			fake.on(`${M}/salesmanage/custom/list.asp`, () =>
				table(
					['ord', 'khid', 'name', 'sort1', 'ly', 'jz', 'person_name', 'mobile', 'cateid', 'intsort'],
					[[77, 'KH77', '某某科技有限公司', '微信客户', 171, 289, '张三', '13800138000', 61, 1]],
				),
			);
			const [out] = await run({ ...params, matchBy: 'mobile', mobile: '={{ "+86 " + $json.mobile }}', customerNumber: '' }, [input]);
			expect(out).toMatchObject({ action: 'unchanged', customerId: '77', khid: 'KH77', matchedBy: 'mobile', verified: false });
			expect(fake.business.map(shape)).toEqual([`${M}/salesmanage/custom/list.asp [refresh]`]);
			expect(fake.business[0].datas).toEqual({ phone: '13800138000', _rpt_sort: 'ord', pagesize: '200', pageindex: '1' });
		});

		it('changed customer with assignment and follow-up: save, assign, reply, one read-back', async () => {
			fake.on(`${M}/salesmanage/custom/list.asp`, () =>
				table(['ord', 'khid', 'name', 'sort1', 'ly', 'jz', 'person_name', 'mobile', 'cateid', 'intsort'], [[77, 'WX12345', '旧名字', '微信客户', 171, 289, '张三', '13800138000', 60, 1]]),
			);
			fake.on(`${M}/salesmanage/custom/add.asp`, (c) =>
				c.body.cmdkey === '__sys_dosave'
					? saved()
					: bill(77, { khid: 'WX12345', name: '某某科技有限公司', sort1: '21', sort1Name: '微信客户', person_name: '张三', mobile: '13800138000', ly: '171', jz: '289', cateid: '61' }),
			);
			fake.on(`${M}/systemmanage/order.asp`, () => saved());
			fake.on(`${M}/systemmanage/reply.asp`, () => saved());
			const [out] = await run(
				{ ...params, assignByScore: true, goldUserId: '61', salesUserId: '62', addFollowUp: true, followUpContent: '={{ $json.summary }}', followUpMethod: '482' },
				[{ ...input, summary: '准备下周面谈' }],
			);
			expect(out).toMatchObject({ action: 'updated', changedFields: ['name'], assignment: { tier: 'gold', mode: 'user', userId: '61', score: 85, changed: true }, verified: true });
			expect(fake.business.map(shape)).toEqual([
				`${M}/salesmanage/custom/list.asp [refresh]`,
				`${M}/salesmanage/custom/add.asp?edit=1 []`,
				`${M}/salesmanage/custom/add.asp?intsort=1 [__sys_dosave]`,
				`${M}/systemmanage/order.asp?datatype=tel [__sys_dosave]`,
				`${M}/systemmanage/reply.asp?datatype=tel [__sys_dosave]`,
				`${M}/salesmanage/custom/add.asp?edit=1 []`,
			]);
			// The save carries the required fields the item keeps (category, source) from the detail.
			expect(fake.business[2].datas).toEqual({
				ord: '77',
				khid: 'WX12345',
				name: '某某科技有限公司',
				sort1: '21',
				person_name: '张三',
				mobile: '13800138000',
				ly: '171',
				jz: '289',
			});
			expect(fake.business[3].datas).toEqual({ ord: '77', member1: '0', member2: '61' });
			expect(fake.business[4].datas).toEqual({ datatype: 'tel', ord: '77', intro: '准备下周面谈', sort: '482', lead: '0', plantype: '0' });
		});

		it('a customer number the list does not show but the ERP knows: one more look-up (another writer?), then a clear hint, no retry', async () => {
			fake.on(`${M}/salesmanage/custom/list.asp`, () => table(['ord', 'khid'], []));
			fake.on(`${M}/salesmanage/custom/add.asp`, (c) => (c.body.cmdkey === '__sys_dosave' ? doc(undefined, 2, '客户编号已存在') : bill(5002, { khid: 'KH3' })));
			await expect(run(params, [input])).rejects.toThrow(/already has a customer numbered WX12345, but the customer list does not show it/);
			expect(fake.business.map(shape)).toEqual([
				`${M}/salesmanage/custom/list.asp [refresh]`,
				`${M}/salesmanage/custom/add.asp?intsort=1 []`,
				`${M}/salesmanage/custom/add.asp?intsort=1 [__sys_dosave]`,
				`${M}/salesmanage/custom/list.asp [refresh]`,
				// Who holds the name? Nobody: the refusal was about something else, and is explained as it is.
				`${M}/salesmanage/custom/list.asp [refresh]`,
			]);
		});

		it('a bad item sends nothing at all', async () => {
			await expect(run(params, [{ ...input, name: '' }])).rejects.toThrow(/Contact Name/);
			expect(fake.calls).toEqual([]);
		});
	});
});
