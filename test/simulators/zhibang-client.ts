/**
 * A client of the Zhibang (智邦国际) ERP simulator for the simulator tests: axios over HTTP, the
 * id/val envelope and table/bill readers a client needs. Protocol: docs/protocol/zhibang.md.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';

import { ZHIBANG_DEMO, startZhibangSimulator, type ZhibangSimulator } from '../../simulators/zhibang';
import { useLive } from '../support/live';

export type Datas = Record<string, string | number>;
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const MOBILE = '/sysa/mobilephone';
export const OV1 = '/webapi/v3/ov1';
export const SERIAL = 'n8ntest001';

/** The simulator's clock: pinned, so the dates it writes (customer numbers, date1) are known. */
const PIN = '2026-03-02T10:00:00+08:00';

let client: AxiosInstance | undefined;

function live(): AxiosInstance {
	if (!client) throw new Error('the Zhibang simulator is only available inside tests');
	return client;
}

/** HTTP to the simulator of the current test file: every status returned, no redirect followed. */
export const http = {
	get: (...args: Parameters<AxiosInstance['get']>) => live().get(...args),
	post: (...args: Parameters<AxiosInstance['post']>) => live().post(...args),
};

/** The simulator for a test file (clock pinned), reset before each test. */
export function useZhibangSimulator(): ZhibangSimulator {
	return useLive(
		'the Zhibang simulator',
		async () => {
			const sim = await startZhibangSimulator({ now: PIN });
			client = axios.create({ baseURL: sim.baseUrl, validateStatus: () => true, maxRedirects: 0, timeout: 5000 });
			return sim;
		},
		{ reset: (sim) => sim.reset(), close: async (sim) => await sim.close() },
	);
}

export const toDatas = (d: Datas) => Object.entries(d).map(([id, val]) => ({ id, val }));

export function loginBody(user: string, password: string, serial: string = SERIAL, rndcode = ''): Json {
	return {
		session: '',
		datas: toDatas({ user: `txt:${user}`, password: `txt:${password}`, serialnum: serial, rndcode }),
	};
}

export async function login(
	path = `${OV1}/login`,
	user: string = ZHIBANG_DEMO.username,
	password: string = ZHIBANG_DEMO.password,
	serial = SERIAL,
): Promise<string> {
	const res = await http.post(path, loginBody(user, password, serial));
	expect(res.data.header.status).toBe(0);
	return res.data.header.session as string;
}

export async function call(path: string, session: string, cmdkey: string | undefined, datas: Datas = {}): Promise<AxiosResponse<Json>> {
	const body: Json = { session, datas: toDatas(datas) };
	if (cmdkey !== undefined) body.cmdkey = cmdkey;
	return http.post(path, body);
}

/** Table rows as objects keyed by column id (the way a client must read them). */
export function rowsOf(res: AxiosResponse<Json>): Json[] {
	const table = res.data.body.source.table;
	return (table.rows as unknown[][]).map((row) => Object.fromEntries(table.cols.map((c: { id: string }, i: number) => [c.id, row[i]])));
}

export function field(res: AxiosResponse<Json>, id: string): string | undefined {
	for (const group of res.data.body.bill.groups) for (const f of group.fields) if (f.id === id) return f.value;
	return undefined;
}

export async function allocate(session: string, intsort = 1): Promise<{ ord: number; khid: string }> {
	const res = await call(`${MOBILE}/salesmanage/custom/add.asp?intsort=${intsort}`, session, undefined, { intsort, edit: '' });
	expect(res.data.body.model).toBe('bill');
	return { ord: res.data.body.bill.value, khid: field(res, 'khid') as string };
}

export async function saveCustomer(session: string, datas: Datas, intsort = 1): Promise<AxiosResponse<Json>> {
	return call(`${MOBILE}/salesmanage/custom/add.asp?intsort=${intsort}`, session, '__sys_dosave', datas);
}

export async function createCompany(session: string, extra: Datas = {}): Promise<number> {
	const { ord } = await allocate(session);
	const res = await saveCustomer(session, { ord, name: `微信测试公司${ord}`, sort1: '微信客户', person_name: '张三', mobile: '13800138000', ly: 171, ...extra });
	expect(res.data.header.status).toBe(0);
	return ord;
}

export async function listCustomers(session: string, datas: Datas = {}): Promise<AxiosResponse<Json>> {
	return call(`${OV1}/salesmanage/custom/list`, session, 'refresh', datas);
}
