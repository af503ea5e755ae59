/**
 * `npm run simulate` as a user runs it: a separate process that prints one JSON line, serves both
 * login flows to a plain HTTP client, and stops on SIGTERM.
 */
import axios from 'axios';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import forge from 'node-forge';

const root = path.resolve(__dirname, '../..');

interface SimulateLine {
	yunke: { baseUrl: string; phone: string; password: string; companyCode: string };
	zhibang: { baseUrl: string; username: string; password: string };
}

let child: ChildProcess;
let line: SimulateLine;

beforeAll(async () => {
	child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/simulate.ts', '--yunke-port', '0', '--yunke-crm2-port', '0', '--zhibang-port', '0'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const first = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('simulate printed nothing within 20 s')), 20_000);
		createInterface({ input: child.stdout! }).once('line', (text) => {
			clearTimeout(timer);
			resolve(text);
		});
		child.once('exit', (code) => reject(new Error(`simulate exited with ${code}`)));
	});
	line = JSON.parse(first) as SimulateLine;
}, 30_000);

afterAll(() => {
	if (child.exitCode === null) child.kill('SIGKILL');
});

function rawEncrypt(password: string, modulusHex: string, exponentHex: string): string {
	const n = new forge.jsbn.BigInteger(modulusHex, 16);
	const e = new forge.jsbn.BigInteger(exponentHex, 16);
	const m = new forge.jsbn.BigInteger(forge.util.bytesToHex(forge.util.encodeUtf8(password)), 16);
	return m.modPow(e, n).toString(16);
}

function cookiesOf(setCookie: string[] | undefined): string {
	return (setCookie ?? []).map((c) => c.split(';')[0]).join('; ');
}

test('prints one JSON line with base URLs and demo logins', () => {
	expect(line.yunke).toEqual(expect.objectContaining({ phone: '13800138000', companyCode: '2fy7qa' }));
	expect(line.yunke.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(line.zhibang).toEqual(expect.objectContaining({ username: 'api_user' }));
	expect(line.zhibang.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('the Yunke login flow works by hand: key, raw-RSA password, cookies, an authenticated call', async () => {
	const { baseUrl, phone, password, companyCode } = line.yunke;
	const key = await axios.post(`${baseUrl}/usercenter/login/getSecureKey`, { phone });
	const { modulus, public_exponent } = key.data.data.data;
	const login = await axios.post(
		`${baseUrl}/usercenter/login/pcLogin`,
		{ phone, password: rawEncrypt(password, modulus, public_exponent), loginType: 'yunkecn', companyCode, smsCode: '', validCode: '', codeUuid: '' },
		{ headers: { cookie: cookiesOf(key.headers['set-cookie']) } },
	);
	expect(login.data).toMatchObject({ success: true, code: '10000' });
	const tree = await axios.post(
		`${baseUrl}/usercenter/dept/tree`,
		{ showUser: false, showUserStatus: '', queryQywxStatus: false },
		{ headers: { cookie: cookiesOf(login.headers['set-cookie']), company: companyCode, userid: login.data.data.id } },
	);
	expect(tree.data.success).toBe(true);
	expect(tree.data.data[0].name).toBe('云客演示科技有限公司');
});

test('the Zhibang login flow works by hand: txt: credentials, token in the body', async () => {
	const { baseUrl, username, password } = line.zhibang;
	const login = await axios.post(`${baseUrl}/webapi/v3/ov1/login`, {
		session: '',
		cmdkey: 'login',
		datas: [
			{ id: 'user', val: `txt:${username}` },
			{ id: 'password', val: `txt:${password}` },
			{ id: 'serialnum', val: 'txt:MANUAL01' },
			{ id: 'rndcode', val: '' },
		],
	});
	expect(login.data.header.status).toBe(0);
	const list = await axios.post(`${baseUrl}/sysa/mobilephone/salesmanage/custom/list.asp`, {
		session: login.data.header.session,
		cmdkey: 'refresh',
		datas: [{ id: 'pagesize', val: '5' }],
	});
	expect(list.data.header.status).toBe(0);
	expect(list.data.body.source.table.rows).toHaveLength(5);
});

test('stops on SIGTERM', async () => {
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	child.kill('SIGTERM');
	expect(await exited).toBe(0);
});
