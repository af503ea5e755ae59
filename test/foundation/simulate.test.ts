/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run simulate` as a user runs it: a separate process that prints one JSON line, serves both
 * login flows to a plain HTTP client, and stops on SIGTERM; with `--now` both clocks are pinned.
 */
import axios from 'axios';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import forge from 'node-forge';

import { cookieHeaderFor } from '../support/cookies';
import { parseShanghai } from '../../simulators/yunke';

const root = path.resolve(__dirname, '../..');

interface SimulateLine {
	yunke: { baseUrl: string; phone: string; password: string; companyCode: string };
	zhibang: { baseUrl: string; username: string; password: string };
}

interface Simulate {
	child: ChildProcess;
	line: SimulateLine;
	/** Everything written to stderr so far (the banner comes right after the JSON line). */
	stderr: () => string;
}

/** Spawn `npm run simulate` on free ports and wait for its JSON line. */
async function startSimulate(extra: string[] = []): Promise<Simulate> {
	const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/simulate.ts', '--yunke-port', '0', '--yunke-crm2-port', '0', '--zhibang-port', '0', ...extra], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const first = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('simulate printed nothing within 20 s')), 20_000);
		createInterface({ input: child.stdout! }).once('line', (text) => {
			clearTimeout(timer);
			resolve(text);
		});
		child.once('exit', (code) => reject(new Error(`simulate exited with ${code}: ${stderr}`)));
	});
	return { child, line: JSON.parse(first) as SimulateLine, stderr: () => stderr };
}

/**
 * Stop a simulate process: SIGTERM, which tsx passes on to the node process it runs (a SIGKILL of
 * tsx would leave that one running, holding the pipes open), SIGKILL only if it does not exit.
 */
async function stopSimulate(proc: ChildProcess | undefined): Promise<void> {
	if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
	proc.kill('SIGTERM');
	const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

let child: ChildProcess;
let line: SimulateLine;

beforeAll(async () => {
	({ child, line } = await startSimulate());
}, 30_000);

afterAll(async () => {
	await stopSimulate(child);
});

function rawEncrypt(password: string, modulusHex: string, exponentHex: string): string {
	const n = new forge.jsbn.BigInteger(modulusHex, 16);
	const e = new forge.jsbn.BigInteger(exponentHex, 16);
	const m = new forge.jsbn.BigInteger(forge.util.bytesToHex(forge.util.encodeUtf8(password)), 16);
	return m.modPow(e, n).toString(16);
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
		{ headers: { cookie: cookieHeaderFor(key.headers['set-cookie']) } },
	);
	expect(login.data).toMatchObject({ success: true, code: '10000' });
	const tree = await axios.post(
		`${baseUrl}/usercenter/dept/tree`,
		{ showUser: false, showUserStatus: '', queryQywxStatus: false },
		{ headers: { cookie: cookieHeaderFor(login.headers['set-cookie']), company: companyCode, userid: login.data.data.id } },
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

describe('--now pins both clocks', () => {
	const PIN = '2026-03-01T09:30:00+08:00';
	const pinMs = Date.parse(PIN);
	let pinned: Simulate;
	/** Real time since just before the process was spawned: how far a pinned clock may have run on. */
	let spawnedAt: number;

	beforeAll(async () => {
		spawnedAt = performance.now();
		pinned = await startSimulate(['--now', PIN]);
	}, 30_000);

	afterAll(async () => {
		await stopSimulate(pinned?.child);
	});

	test('GET /__sim/clock of both simulators reports the pinned time (running on with real time)', async () => {
		for (const baseUrl of [pinned.line.yunke.baseUrl, pinned.line.zhibang.baseUrl]) {
			const { data } = await axios.get(`${baseUrl}/__sim/clock`);
			const ranOn = performance.now() - spawnedAt;
			expect(data).toMatchObject({ pinned: true, anchor: pinMs });
			expect(data.now).toBeGreaterThanOrEqual(pinMs);
			expect(data.now).toBeLessThanOrEqual(pinMs + ranOn + 1000);
			expect(Date.parse(data.iso)).toBe(data.now);
		}
	});

	test('the Yunke call history ends at the pinned time', async () => {
		const { data } = await axios.get(`${pinned.line.yunke.baseUrl}/__sim/calls`, { params: { limit: 1 } });
		expect(data.total).toBeGreaterThan(0);
		const newest = parseShanghai(data.calls[0].startCallTime);
		expect(newest).toBeLessThanOrEqual(pinMs);
		// Anchored to the pin, not to the wall clock: the newest call is from the day before it.
		expect(newest).toBeGreaterThan(pinMs - 86_400_000);
	});

	test('the banner names the pinned clock', () => {
		expect(pinned.stderr()).toMatch(/Clock 时钟 +2026-03-01 09:30:0\d Beijing \(2026-03-01T01:30:0\d\.\d{3}Z\), pinned with --now/);
	});

	test('a --now that is not a time: exit code 1 and the reason, nothing started', () => {
		const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/simulate.ts', '--yunke-port', '0', '--yunke-crm2-port', '0', '--zhibang-port', '0', '--now', 'next tuesday'], {
			cwd: root,
			encoding: 'utf8',
			timeout: 20_000,
		});
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/simulate failed: not a time: next tuesday/);
	}, 30_000);
});
