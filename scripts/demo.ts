/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * `npm run demo` — the README's main job: example workflow 1 (examples/workflows/1-call-logs-to-erp.json)
 * end to end in n8n's engine against both simulators, twice, with a bilingual summary.
 *
 *   npm run demo             # summary for people
 *   npm run demo -- --now 2026-03-01T03:00:00+08:00   # as if run at that moment (simulators and $now pinned)
 *   npm run demo -- --json   # one JSON line: {"runs":[{callsFetched, admitted, rejected, created, updated, unchanged, failed,
 *                            #   failures:[{callId,name,reason}], namesakes, titleOnlyNames, logins:{yunke,zhibang}}, …]}
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-yz-demo-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

import { shutdownEngine } from '../test/engine/engine';
import { parseClockTime } from '../simulators/common/clock';
import { startStory, type StoryFigures } from './story';
import { stopwatch } from './timing';

const RULES: Record<string, string> = {
	mobile: '手机号无效 / invalid mobile',
	name: '缺少姓名 / no name',
	company: '缺少公司 / no company',
	phoneVerified: '手机未验证 / phone not verified',
	score: '评分不足 / score too low',
};

const TIERS: Record<string, string> = {
	gold: '金牌销售 / gold sales',
	sales: '销售 / sales',
	pool: '公海 / public pool',
};

function describeRun(index: number, f: StoryFigures): string {
	const reasons = Object.entries(f.rejectedByRule)
		.map(([rule, n]) => `${RULES[rule] ?? rule} ${n}`)
		.join('，');
	const assigned = Object.entries(f.assignments)
		.map(([tier, n]) => `${TIERS[tier] ?? tier} ${n}`)
		.join('，');
	return [
		`第 ${index} 次运行 / Run ${index}  (${(f.ms / 1000).toFixed(2)} s)`,
		`  云客通话 / calls fetched            ${f.callsFetched}`,
		`  准入 / admitted                     ${f.admitted}`,
		`  拒绝 / rejected                     ${f.rejected}${reasons ? `  (${reasons})` : ''}`,
		`  客户 新建/更新/未变/失败 / customers created/updated/unchanged/failed   ${f.created} / ${f.updated} / ${f.unchanged} / ${f.failed}`,
		...f.failures.map((x) => `    失败 / failed: 通话 ${x.callId} ${x.name}: ${x.reason}`),
		`  重名客户（已追加手机尾号）/ namesakes saved with their mobile's last 4 digits   ${f.namesakes}`,
		`  仅称谓的姓名（如 刘总）/ title-only names (e.g. 刘总)   ${f.titleOnlyNames}`,
		`  分配 / assignments                  ${assigned || '0'}`,
		`  跟进记录 / follow-ups               ${f.followUps}`,
		`  登录 / logins  Yunke ${f.logins.yunke}, Zhibang ${f.logins.zhibang}`,
	].join('\n');
}

async function main(): Promise<void> {
	const json = process.argv.includes('--json');
	const say = (text: string) => {
		if (!json) process.stdout.write(`${text}\n`);
	};
	say('准备 n8n 内置节点与模拟器… / Preparing n8n built-in nodes and the simulators…');
	const elapsed = stopwatch();
	const at = process.argv.indexOf('--now');
	const story = await startStory(at > 0 ? { now: parseClockTime(process.argv[at + 1] ?? '') } : {});
	try {
		say(`云客模拟器 / Yunke simulator ${story.yunke.baseUrl}，智邦模拟器 / Zhibang simulator ${story.zhibang.baseUrl}`);
		say('运行示例工作流 1（两次）/ Running example workflow 1 (twice): examples/workflows/1-call-logs-to-erp.json\n');
		const runs: StoryFigures[] = [];
		for (let i = 1; i <= 2; i++) {
			const { figures } = await story.run();
			runs.push(figures);
			say(describeRun(i, figures));
			say('');
		}
		const total = { yunke: story.yunke.counters.logins, zhibang: story.zhibang.counters.logins };
		if (json) {
			process.stdout.write(
				`${JSON.stringify({
					runs: runs.map(({ callsFetched, admitted, rejected, created, updated, unchanged, failed, failures, namesakes, titleOnlyNames, logins }) => ({
						callsFetched,
						admitted,
						rejected,
						created,
						updated,
						unchanged,
						failed,
						failures,
						namesakes,
						titleOnlyNames,
						logins,
					})),
					logins: total,
					customersInErp: story.zhibang.customers().length,
					wallSeconds: elapsed() / 1000,
				})}\n`,
			);
		} else {
			say(`第二次运行新建客户 ${runs[1].created} 个（幂等）/ The second run created ${runs[1].created} customers (idempotent).`);
			say(`整个演示登录次数 / Logins for the whole demo: Yunke ${total.yunke}, Zhibang ${total.zhibang}`);
			say(`总耗时 / Wall time: ${(elapsed() / 1000).toFixed(1)} s`);
		}
	} finally {
		await story.close();
	}
}

main()
	.then(async () => {
		await shutdownEngine();
		process.exit(0);
	})
	.catch(async (error: Error) => {
		process.stderr.write(`demo failed: ${error.message}\n`);
		await shutdownEngine();
		process.exit(1);
	});
