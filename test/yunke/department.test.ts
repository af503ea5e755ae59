/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Department → Get Tree and Get Many Users, and the department / user dropdowns (loadOptions),
 * against the simulator. Expected trees and paths are built here from the simulator's own lists.
 */
import type { IDataObject } from 'n8n-workflow';

import { loginUsersOf } from '../../simulators/yunke/data';
import { YUNKE_NODE } from '../support/workflows';
import { errorClass, isBilingual, jsonOf, subtreeIds } from './helpers';
import { useYunkeHarness } from './harness';
import { yunkeCredentialData } from '../support/sims';

const h = useYunkeHarness({ callCount: 50 });

interface ExpectedUser {
	id: string;
	name: string;
	phone: string;
	departmentId: string;
}

/** Users the console shows in the tree: active and disabled agents (not those who left) and the login accounts. */
function simUsers(): ExpectedUser[] {
	return [
		...h.sim.agents.filter((a) => a.status !== 2).map((a) => ({ id: a.id, name: a.name, phone: a.phone, departmentId: a.deptId })),
		...loginUsersOf('2fy7qa').map((u) => ({ id: u.id, name: u.name, phone: u.phone, departmentId: u.deptId })),
	];
}

function path(deptId: string): string {
	const names: string[] = [];
	for (let d = h.sim.departments.find((x) => x.id === deptId); d; d = h.sim.departments.find((x) => x.id === d!.parentId)) names.unshift(d.name);
	return names.join(' / ');
}

/** A tree node reduced to what can be compared: id, parent, children ids, sorted user ids. */
function shapeOf(node: IDataObject): unknown {
	return {
		id: node.id,
		name: node.name,
		parentId: node.parentId,
		users: node.users === undefined ? undefined : (node.users as IDataObject[]).map((u) => String(u.id)).sort(),
		children: (node.children as IDataObject[]).map(shapeOf),
	};
}

function expectedShape(deptId: string, withUsers: boolean): unknown {
	const dept = h.sim.departments.find((d) => d.id === deptId)!;
	return {
		id: dept.id,
		name: dept.name,
		parentId: dept.parentId,
		users: withUsers ? simUsers().filter((u) => u.departmentId === deptId).map((u) => u.id).sort() : undefined,
		children: h.sim.departments.filter((d) => d.parentId === deptId).map((d) => expectedShape(d.id, withUsers)),
	};
}


describe('Get Tree', () => {
	test('the whole company with users, as the simulator holds it', async () => {
		const out = jsonOf(await h.run({ resource: 'department', operation: 'getTree' }));
		expect(out).toHaveLength(1);
		expect(shapeOf(out[0])).toEqual(expectedShape('d_root', true));
	});

	test('a chosen root without users; the same when the service sends one object instead of a list', async () => {
		for (const shape of ['list', 'object'] as const) {
			h.sim.setKnobs({ deptTreeShape: shape });
			const out = jsonOf(await h.run({ resource: 'department', operation: 'getTree', departmentId: 'd_sales2', includeUsers: false }));
			expect(out).toHaveLength(1);
			expect(shapeOf(out[0])).toEqual(expectedShape('d_sales2', false));
		}
	});

	test('an unknown root department is a NodeApiError with the service code', async () => {
		const result = await h.run({ resource: 'department', operation: 'getTree', departmentId: 'd_nope' });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(error.message).toContain(String(h.sim.knobs.validationCode));
		expect(error.message).toContain('d_nope');
		expect(isBilingual(error.message)).toBe(true);
	});
});

describe('Get Many Users', () => {
	test('every user, flattened with department name and full path', async () => {
		const out = jsonOf(await h.run({ resource: 'department', operation: 'getAllUsers', returnAll: true }));
		const expected = simUsers();
		expect(out.map((u) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
		for (const user of expected) {
			expect(out.find((u) => u.id === user.id)).toMatchObject({
				name: user.name,
				phone: user.phone,
				departmentId: user.departmentId,
				departmentName: h.sim.departments.find((d) => d.id === user.departmentId)!.name,
				departmentPath: path(user.departmentId),
			});
		}
		expect(out.find((u) => u.departmentId === 'd_tele_a')!.departmentPath).toBe('云客演示科技有限公司 / 销售二部 / 电销A组');
	});

	test('a department filter includes sub-departments; Limit cuts the list', async () => {
		const wanted = subtreeIds(h.sim.departments, 'd_sales2');
		const expected = simUsers().filter((u) => wanted.has(u.departmentId));
		const out = jsonOf(await h.run({ resource: 'department', operation: 'getAllUsers', departmentId: 'd_sales2', returnAll: true }));
		expect(out.map((u) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
		expect(new Set(out.map((u) => u.departmentId))).toEqual(new Set(['d_sales2', 'd_tele_a', 'd_tele_b']));
		const limited = jsonOf(await h.run({ resource: 'department', operation: 'getAllUsers', departmentId: 'd_sales2', returnAll: false, limit: 3 }));
		expect(limited).toEqual(out.slice(0, 3));
	});

	test('an unknown department is a NodeOperationError, not an empty list', async () => {
		const result = await h.run({ resource: 'department', operation: 'getAllUsers', departmentId: 'd_nope', returnAll: true });
		const error = result.nodeError('Yunke')!;
		expect(errorClass(error)).toBe('NodeOperationError');
		expect(error.message).toContain('d_nope');
		expect(isBilingual(error.message)).toBe(true);
	});
});

describe('dropdowns (loadOptions)', () => {
	test('getDepartments lists every department by its path', async () => {
		const options = await h.engine.loadOptions(YUNKE_NODE, 'getDepartments', { resource: 'callLog', operation: 'getAll' }, { yunkeApi: h.cred });
		expect(options.map((o) => o.value).sort()).toEqual(h.sim.departments.map((d) => d.id).sort());
		for (const option of options) expect(option.name).toBe(path(String(option.value)));
	});

	test('getUsers lists every user, and only the chosen department subtree once one is chosen', async () => {
		const all = await h.engine.loadOptions(YUNKE_NODE, 'getUsers', { resource: 'callLog', operation: 'getAll' }, { yunkeApi: h.cred });
		expect(all.map((o) => o.value).sort()).toEqual(simUsers().map((u) => u.id).sort());
		const agent = simUsers().find((u) => u.departmentId === 'd_tele_b')!;
		expect(all.find((o) => o.value === agent.id)!.name).toBe(`${agent.name}（${path('d_tele_b')}）`);

		const wanted = subtreeIds(h.sim.departments, 'd_sales2');
		const expected = simUsers().filter((u) => wanted.has(u.departmentId)).map((u) => u.id).sort();
		// Call Log keeps the department under Filters; Report and Get Many Users have it at the top level.
		const inFilters = await h.engine.loadOptions(YUNKE_NODE, 'getUsers', { resource: 'callLog', operation: 'getAll', filters: { departmentId: 'd_sales2' } }, { yunkeApi: h.cred });
		const topLevel = await h.engine.loadOptions(YUNKE_NODE, 'getUsers', { resource: 'report', operation: 'getCallReport', departmentId: 'd_sales2' }, { yunkeApi: h.cred });
		expect(inFilters.map((o) => o.value).sort()).toEqual(expected);
		expect(topLevel.map((o) => o.value).sort()).toEqual(expected);
		expect(expected.length).toBeLessThan(all.length);
	});

	test('getUsers with the department given as an expression lists every user (it cannot be resolved while editing)', async () => {
		const options = await h.engine.loadOptions(YUNKE_NODE, 'getUsers', { resource: 'callLog', operation: 'getAll', filters: { departmentId: '={{ $json.dept }}' } }, { yunkeApi: h.cred });
		expect(options.map((o) => o.value).sort()).toEqual(simUsers().map((u) => u.id).sort());
	});

	test('a dropdown with a refused login shows a masked, bilingual error', async () => {
		const bad = h.engine.store.add('yunkeApi', yunkeCredentialData(h.sim, { password: 'Wrong-Password-1' }));
		let caught: unknown;
		try {
			await h.engine.loadOptions(YUNKE_NODE, 'getDepartments', { resource: 'callLog', operation: 'getAll' }, { yunkeApi: bad });
		} catch (error) {
			caught = error;
		}
		const error = caught as Error;
		expect(errorClass(error)).toBe('NodeApiError');
		expect(isBilingual(error.message)).toBe(true);
		expect(error.message).toContain('138****8000');
		expect(error.message).not.toContain(h.sim.demo.phone);
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain('Wrong-Password-1');
		h.sim.unlockAccounts();
	});
});
