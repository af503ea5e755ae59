/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run simulate` — start both simulators until stopped (Ctrl+C).
 *
 *   npm run simulate -- [--yunke-port 18080] [--yunke-crm2-port 18081] [--zhibang-port 18090]
 *                       [--host 127.0.0.1] [--latency-ms 0] [--now 2026-03-02T09:30:00+08:00]
 *
 * `--now` pins both simulators' clocks (epoch ms, or an ISO date-time; one without a zone is Beijing
 * time): they start at that instant and run on with real time, and the Yunke call history ends
 * there. Without it both follow the wall clock. GET|POST <baseUrl>/__sim/clock reads or moves a
 * clock later ({"now": ms | ISO} or {"advanceMs": n}).
 *
 * Prints once, on stdout, one JSON line with the base URLs and demo logins:
 *   {"yunke":{"baseUrl","phone","password","companyCode",...},"zhibang":{"baseUrl","username","password",...}}
 * Everything else goes to stderr (a banner with the clock). Each simulator has a control surface under /__sim/.
 */
import { parseClockTime } from '../simulators/common/clock';
import { formatShanghai, startYunkeSimulator } from '../simulators/yunke';
import { startZhibangSimulator } from '../simulators/zhibang';

export const DEFAULT_PORTS = { yunke: 18080, yunkeCrm2: 18081, zhibang: 18090 };

function option(args: string[], name: string, fallback: string): string {
	const index = args.indexOf(`--${name}`);
	if (index >= 0 && args[index + 1] !== undefined) return args[index + 1];
	const inline = args.find((a) => a.startsWith(`--${name}=`));
	return inline ? inline.slice(name.length + 3) : fallback;
}

/** The banner's clock line: Beijing wall time and UTC, pinned (with --now) or the wall clock. */
function clockLine(ms: number, pinned: boolean): string {
	const when = `${formatShanghai(ms)} Beijing (${new Date(ms).toISOString()})`;
	return pinned ? `${when}, pinned with --now, runs on from there / 由 --now 固定起点` : `${when}, wall clock / 系统时间`;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args.includes('--help')) {
		process.stderr.write(
			[
				'npm run simulate -- [--yunke-port N] [--yunke-crm2-port N] [--zhibang-port N] [--host H] [--latency-ms N] [--now TIME]',
				'  --now TIME  pin both simulators\' clocks: epoch ms or an ISO date-time (no zone = Beijing time),',
				'              e.g. --now 2026-03-02T09:30:00+08:00; the Yunke call history ends there. Default: the wall clock.',
				'',
			].join('\n'),
		);
		return;
	}
	const host = option(args, 'host', '127.0.0.1');
	const latencyMs = Number(option(args, 'latency-ms', '0'));
	const nowText = option(args, 'now', '');
	// Parsed before anything listens, so a bad value fails with its message and nothing to stop.
	const now = nowText === '' ? undefined : parseClockTime(nowText);
	const yunke = await startYunkeSimulator({
		ports: [Number(option(args, 'yunke-port', String(DEFAULT_PORTS.yunke))), Number(option(args, 'yunke-crm2-port', String(DEFAULT_PORTS.yunkeCrm2)))],
		host,
		knobs: { latencyMs },
		now,
	});
	const zhibang = await startZhibangSimulator({ port: Number(option(args, 'zhibang-port', String(DEFAULT_PORTS.zhibang))), host, knobs: { latencyMs }, now });

	const line = {
		yunke: {
			baseUrl: yunke.baseUrl,
			phone: yunke.demo.phone,
			password: yunke.demo.password,
			companyCode: yunke.demo.companyCode,
			crm2BaseUrl: yunke.baseUrls[1],
			control: `${yunke.baseUrl}/__sim/`,
		},
		zhibang: {
			baseUrl: zhibang.baseUrl,
			username: zhibang.demo.username,
			password: zhibang.demo.password,
			control: `${zhibang.baseUrl}/__sim/`,
		},
	};
	process.stdout.write(`${JSON.stringify(line)}\n`);
	process.stderr.write(
		[
			'Simulators running (Ctrl+C to stop) / 模拟器已启动（Ctrl+C 停止）',
			`  Yunke 云客    ${yunke.baseUrl}  (crm2: ${yunke.baseUrls[1]})  login ${yunke.demo.phone} / ${yunke.demo.password}, company ${yunke.demo.companyCode}`,
			`  Zhibang 智邦  ${zhibang.baseUrl}  login ${zhibang.demo.username} / ${zhibang.demo.password}`,
			`  Clock 时钟    ${clockLine(yunke.clock.now(), now !== undefined)}`,
			`  Control: GET|POST <baseUrl>/__sim/ (reset, expire-sessions, knobs, counters, faults, clock)`,
			'',
		].join('\n'),
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await Promise.all([yunke.close(), zhibang.close()]);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
	process.stderr.write(`simulate failed: ${error.message}\n`);
	process.exit(1);
});
