/**
 * Deterministic data of the Yunke simulator: department trees, agents and call logs per company,
 * plus the queries the business endpoints run on them.
 *
 * Time zone: every wall-clock string (startCallTime, createdTime, the list filters, the report dates)
 * is Asia/Shanghai time, UTC+8 all year (China has no DST). Internally calls keep `startMs` (epoch ms).
 */
import { Random } from '../common/random';
import { DAY_MS, formatShanghai, parseShanghai, SHANGHAI_OFFSET_MS } from '../common/time';
import type { Agent, CallInput, CallRecord, Department, UserStatus, YunkeKnobs } from './types';
import { YUNKE_DEMO } from './types';

/** Seconds → `HH:mm:ss`. */
export function formatDuration(seconds: number): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${p(Math.floor(seconds / 3600))}:${p(Math.floor((seconds % 3600) / 60))}:${p(seconds % 60)}`;
}

/** The call-log value for an agent whose department was deleted (docs/protocol/yunke.md §5.3, a real value). */
export const MISSING_DEPARTMENT = '该部门不存在';

/** A stored call: the public record plus what the filters need. */
export interface StoredCall {
	record: CallRecord;
	companyCode: string;
	userId: string;
	deptId: string;
	startMs: number;
	hasRecording: boolean;
}

interface CompanyData {
	departments: Department[];
	agents: Agent[];
	/** Newest first (startMs desc, then id asc). */
	calls: StoredCall[];
}

const AGENT_NAMES = [
	'张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴婷', '徐强', '孙丽',
	'马超', '朱琳', '胡斌', '郭敏', '何军', '林晓', '罗涛', '高翔',
];
const CUSTOMER_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林'];
const CUSTOMER_GIVEN = ['先生', '女士', '总', '经理', '建国', '秀英', '志强', '海燕', '明', '婷婷', '俊杰', '丽华'];
const CUSTOMER_COMPANIES = [
	'杭州云帆贸易有限公司', '上海明德教育科技有限公司', '深圳前海数智科技有限公司', '北京华信咨询有限公司',
	'广州天河建材有限公司', '苏州工业园区精工机械厂', '成都锦程物流有限公司', '南京博远医疗器械有限公司',
	'武汉长江传媒有限公司', '厦门海湾食品有限公司', '青岛蓝海水产有限公司', '宁波甬港电子有限公司',
];

/**
 * Calls the demo company always has in the day before the anchor, whatever the hour or seed:
 * connected outbound calls long enough to pass admission, from namesakes (two different callers
 * called 刘总, 张先生 or 王建国) and callers recorded under a title only. Part of `callCount`.
 */
export const STORY_CALLS: ReadonlyArray<{ hoursAgo: number; name: string; number: string; seconds: number }> = [
	{ hoursAgo: 0.5, name: '刘总', number: '13800008000', seconds: 200 },
	{ hoursAgo: 2, name: '刘总', number: '13900006001', seconds: 95 },
	{ hoursAgo: 3.5, name: '张先生', number: '13700001234', seconds: 100 },
	{ hoursAgo: 5, name: '张先生', number: '13600005678', seconds: 50 },
	{ hoursAgo: 7.5, name: '李女士', number: '13500002468', seconds: 70 },
	{ hoursAgo: 9, name: '王建国', number: '13300001357', seconds: 95 },
	{ hoursAgo: 13, name: '王建国', number: '13300002468', seconds: 190 },
];

interface CompanyPlan {
	companyCode: string;
	departments: Array<[id: string, name: string, parentId: string]>;
	/** Agents per department id; `null` = the agent who left (deleted department). */
	agentsPerDept: Array<[deptId: string, count: number]>;
	departedAgents: number;
	/** Share of calls made by departed agents. */
	departedShare: number;
}

const PLANS: CompanyPlan[] = [
	{
		companyCode: '2fy7qa',
		departments: [
			['d_root', '云客演示科技有限公司', '0'],
			['d_sales1', '销售一部', 'd_root'],
			['d_sales2', '销售二部', 'd_root'],
			['d_tele_a', '电销A组', 'd_sales2'],
			['d_tele_b', '电销B组', 'd_sales2'],
			['d_service', '客服部', 'd_root'],
		],
		agentsPerDept: [
			['d_sales1', 3],
			['d_sales2', 1],
			['d_tele_a', 3],
			['d_tele_b', 3],
			['d_service', 2],
		],
		departedAgents: 1,
		departedShare: 0.05,
	},
	{
		companyCode: 'k8m3zq',
		departments: [
			['d_k8_root', '云客华南分公司', '0'],
			['d_k8_gz', '广州销售部', 'd_k8_root'],
			['d_k8_sz', '深圳销售部', 'd_k8_root'],
		],
		agentsPerDept: [
			['d_k8_gz', 2],
			['d_k8_sz', 2],
		],
		departedAgents: 0,
		departedShare: 0,
	},
];

/** Department id the departed agents point at; it is in no tree. */
const DISSOLVED_DEPT = 'd_dissolved';

function compareCalls(a: StoredCall, b: StoredCall): number {
	return b.startMs - a.startMs || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0);
}

/** The data knobs (DATA_KNOBS); `storyCalls` makes the first generated calls of the demo company the STORY_CALLS. */
export type GenerateOptions = Pick<YunkeKnobs, 'seed' | 'callCount' | 'days' | 'anchorTime' | 'missingRecordingRate' | 'storyCalls'>;

/** All companies' data. Build with `YunkeDataset.generate`. */
export class YunkeDataset {
	private readonly byCompany = new Map<string, CompanyData>();
	private readonly ids = new Set<string>();
	private insertSeq = 0;

	private constructor(private readonly options: GenerateOptions) {}

	static generate(options: GenerateOptions): YunkeDataset {
		const ds = new YunkeDataset(options);
		PLANS.forEach((plan, index) => ds.generateCompany(plan, index));
		return ds;
	}

	get companyCodes(): string[] {
		return [...this.byCompany.keys()];
	}

	departments(companyCode?: string): Department[] {
		return this.all(companyCode).flatMap((c) => c.departments);
	}

	agents(companyCode?: string): Agent[] {
		return this.all(companyCode).flatMap((c) => c.agents);
	}

	calls(companyCode?: string): StoredCall[] {
		return this.all(companyCode).flatMap((c) => c.calls);
	}

	company(companyCode: string): CompanyData | undefined {
		return this.byCompany.get(companyCode);
	}

	findCall(id: string): StoredCall | undefined {
		for (const data of this.byCompany.values()) {
			const hit = data.calls.find((c) => c.record.id === id);
			if (hit) return hit;
		}
		return undefined;
	}

	/** The department and all its descendants. */
	subtree(companyCode: string, deptId: string): Set<string> {
		const depts = this.company(companyCode)?.departments ?? [];
		const out = new Set<string>();
		if (!depts.some((d) => d.id === deptId)) return out;
		const walk = (id: string) => {
			out.add(id);
			for (const d of depts) if (d.parentId === id) walk(d.id);
		};
		walk(deptId);
		return out;
	}

	/**
	 * Add calls. Missing fields are filled deterministically (seeded by `seed` and the insertion
	 * order); a missing `startCallTime` means `defaultAt`. Returns the stored public records.
	 */
	insert(inputs: CallInput[], defaultAt: number, defaultCompany = '2fy7qa'): CallRecord[] {
		const touched = new Set<string>();
		const out: CallRecord[] = [];
		for (const input of inputs) {
			const companyCode = input.companyCode ?? defaultCompany;
			const data = this.byCompany.get(companyCode);
			if (!data) throw new Error(`unknown companyCode ${companyCode}`);
			const rng = new Random((this.options.seed ^ 0x5eed) + 7919 * ++this.insertSeq);
			let agent: Agent | undefined;
			if (input.userId !== undefined) {
				agent = data.agents.find((a) => a.id === input.userId);
				if (!agent) throw new Error(`unknown agent userId ${input.userId}`);
			} else if (input.userIdName !== undefined) {
				agent = data.agents.find((a) => a.name === input.userIdName);
			}
			agent ??= rng.pick(data.agents.filter((a) => a.status === 1));
			let startMs = defaultAt;
			if (input.startCallTime !== undefined) {
				startMs = parseShanghai(String(input.startCallTime));
				if (Number.isNaN(startMs)) throw new Error(`bad startCallTime ${input.startCallTime}`);
			}
			const call = this.makeCall(rng, data, agent, Math.floor(startMs / 1000) * 1000, input);
			this.add(data, call);
			touched.add(companyCode);
			out.push({ ...call.record });
		}
		for (const code of touched) this.byCompany.get(code)!.calls.sort(compareCalls);
		return out;
	}

	private all(companyCode?: string): CompanyData[] {
		if (companyCode === undefined) return [...this.byCompany.values()];
		const data = this.byCompany.get(companyCode);
		return data ? [data] : [];
	}

	private add(data: CompanyData, call: StoredCall): void {
		if (this.ids.has(call.record.id)) throw new Error(`duplicate call id ${call.record.id}`);
		this.ids.add(call.record.id);
		data.calls.push(call);
	}

	private generateCompany(plan: CompanyPlan, index: number): void {
		const rng = new Random(this.options.seed + 1_000_003 * (index + 1));
		const departments: Department[] = plan.departments.map(([id, name, parentId]) => ({
			id,
			name,
			parentId,
			companyCode: plan.companyCode,
		}));
		const names = [...AGENT_NAMES];
		const agents: Agent[] = [];
		const newAgent = (deptId: string, status: UserStatus): Agent => {
			const name = names.splice(rng.int(0, names.length - 1), 1)[0];
			const agent: Agent = {
				id: `u_${rng.hex(12)}`,
				name,
				phone: rng.mobile(),
				deptId,
				status,
				companyCode: plan.companyCode,
			};
			agents.push(agent);
			return agent;
		};
		for (const [deptId, count] of plan.agentsPerDept) for (let i = 0; i < count; i++) newAgent(deptId, 1);
		for (let i = 0; i < plan.departedAgents; i++) newAgent(DISSOLVED_DEPT, 2);
		const data: CompanyData = { departments, agents, calls: [] };
		this.byCompany.set(plan.companyCode, data);

		const active = agents.filter((a) => a.status === 1);
		const departed = agents.filter((a) => a.status === 2);
		const count = index === 0 ? this.options.callCount : Math.ceil(this.options.callCount / 10);
		const days = Math.max(1, Math.round(this.options.days));
		const story = index === 0 && this.options.storyCalls ? STORY_CALLS : [];
		for (let i = 0; i < count; i++) {
			const agent = departed.length && rng.chance(plan.departedShare) ? rng.pick(departed) : rng.pick(active);
			// A story call still draws its time and fields, so the calls after it stay as they were.
			const drawn = this.pickTime(rng, this.options.anchorTime, days);
			const s = story[i];
			const startMs = Math.floor((s ? this.options.anchorTime - s.hoursAgo * 3600_000 : drawn) / 1000) * 1000;
			const input: CallInput = s
				? { planCustomerName: s.name, callNumber: s.number, planCustomerCompany: '', callStatus: 2, callSeconds: s.seconds, incomingCall: 0 }
				: {};
			let call = this.makeCall(rng, data, agent, startMs, input);
			while (this.ids.has(call.record.id)) call = this.makeCall(rng, data, agent, startMs, input);
			this.add(data, call);
		}
		data.calls.sort(compareCalls);
	}

	/**
	 * A start time inside (to − days, to]: a day back from `to`, then mostly office hours
	 * (08:30–21:00 Shanghai) and sometimes any time of day. Always three draws, so the other
	 * fields of a call do not depend on the anchor; only the timestamps move with it.
	 */
	private pickTime(rng: Random, to: number, days: number): number {
		const day = rng.int(0, days - 1);
		const office = !rng.chance(0.1);
		const u = rng.next();
		const secondOfDay = office ? 8.5 * 3600 + u * 12.5 * 3600 : u * 86_400;
		const local = to + SHANGHAI_OFFSET_MS - day * DAY_MS;
		const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS;
		let t = midnight + secondOfDay * 1000;
		if (t > to) t -= DAY_MS; // later today than the anchor: the same time the day before
		return t;
	}

	private makeCall(rng: Random, data: CompanyData, agent: Agent, startMs: number, input: CallInput): StoredCall {
		const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));
		const dept = data.departments.find((d) => d.id === agent.deptId);
		// Draw every random value in a fixed order so a record does not depend on which fields were given.
		const draw = {
			id: `phone-${rng.hex(32)}`,
			callNumber: rng.mobile(),
			customerName: rng.chance(0.2) ? '' : rng.pick(CUSTOMER_SURNAMES) + rng.pick(CUSTOMER_GIVEN),
			customerCompany: rng.chance(0.4) ? '' : rng.pick(CUSTOMER_COMPANIES),
			connected: rng.chance(0.55),
			incoming: rng.chance(0.3) ? 1 : 0,
			seconds: Math.min(3600, Math.round(Math.exp(rng.next() * 6.5)) + 2),
			ringConnected: rng.int(2, 25),
			ringMissed: rng.int(0, 45),
			progress: rng.pick([0, 0, 0, 1, 2, 3, 4]),
			noRecording: rng.chance(this.options.missingRecordingRate),
		};
		let callStatus = num(input.callStatus);
		if (callStatus === undefined) {
			const given = num(input.callSeconds);
			callStatus = given !== undefined ? (given > 0 ? 2 : 0) : draw.connected ? 2 : 0;
		}
		const connected = callStatus === 2;
		const callSeconds = num(input.callSeconds) ?? (connected ? draw.seconds : 0);
		const startCallTime = formatShanghai(startMs);
		const id = input.id !== undefined ? String(input.id) : draw.id;
		const hasRecording =
			input.recordFile !== undefined ? input.recordFile !== '' : connected && callSeconds > 0 && !draw.noRecording;
		const record: CallRecord = {
			id,
			callNumber: input.callNumber ?? draw.callNumber,
			planCustomerName: input.planCustomerName ?? draw.customerName,
			planCustomerCompany: input.planCustomerCompany ?? draw.customerCompany,
			userIdName: input.userIdName ?? agent.name,
			departmentList: input.departmentList ?? (dept ? dept.name : MISSING_DEPARTMENT),
			callStatus,
			startCallTime,
			callSeconds,
			callDuration: input.callDuration ?? (connected && callSeconds > 0 ? formatDuration(callSeconds) : ''),
			progress: num(input.progress) ?? draw.progress,
			simPhone: input.simPhone ?? agent.phone,
			createdTime: input.createdTime ?? startCallTime,
			ringSecond: num(input.ringSecond) ?? (connected ? draw.ringConnected : draw.ringMissed),
			incomingCall: num(input.incomingCall) ?? draw.incoming,
			recordFile: hasRecording ? `/oss/record/${id}.mp3` : '',
		};
		return { record, companyCode: data.departments[0].companyCode, userId: agent.id, deptId: agent.deptId, startMs, hasRecording };
	}
}

/** The demo login users of a company, as dept-tree users. */
export function loginUsersOf(companyCode: string): Array<{ id: string; name: string; phone: string; deptId: string; status: UserStatus }> {
	const out: Array<{ id: string; name: string; phone: string; deptId: string; status: UserStatus }> = [];
	for (const account of Object.values(YUNKE_DEMO.accounts)) {
		for (const m of account.memberships) {
			if (m.companyCode !== companyCode) continue;
			out.push({ id: m.userId, name: account.name, phone: account.phone, deptId: m.deptId, status: account.state === 'disabled' ? 0 : 1 });
		}
	}
	return out;
}
