/**
 * Reference data of the Zhibang simulator: users, enumerations (docs/protocol/zhibang.md §9), customer categories,
 * follow-up templates, areas, field captions, and the deterministic seed of customers/contacts.
 * Ids are "install data" in the real product, so every list here can be overridden by a knob.
 */
import { Random } from '../common/random';
import { formatShanghai } from '../common/time';
import type { ZhibangCustomer } from './model';

export interface ZhibangUser {
	ord: number;
	username: string;
	password: string;
	name: string;
	dept: string;
	deptId: number;
	title: string;
	/** Frozen by an administrator: login answers "账号已被冻结". */
	frozen: boolean;
}

export interface EnumItem {
	id: number;
	text: string;
}

export interface TreeItem extends EnumItem {
	parent: number;
}

export const ZHIBANG_DEMO: Readonly<{ username: string; password: string }> = { username: 'api_user', password: 'Zb@2026pass' };

/** A stable serial number the demo scripts and tests use (≤20 alphanumerics). */
export const ZHIBANG_DEMO_SERIAL = 'n8nzhibang001';

export const ZHIBANG_USERS: readonly ZhibangUser[] = [
	{ ord: 60, username: 'api_user', password: 'Zb@2026pass', name: '接口账号', dept: '信息部', deptId: 1, title: 'API账号', frozen: false },
	{ ord: 61, username: 'zhangwei', password: 'Sales@2026', name: '张伟', dept: '销售一部', deptId: 2, title: '金牌销售', frozen: false },
	{ ord: 62, username: 'lina', password: 'Sales@2026', name: '李娜', dept: '销售一部', deptId: 2, title: '销售代表', frozen: false },
	{ ord: 63, username: 'wangfang', password: 'Sales@2026', name: '王芳', dept: '销售二部', deptId: 3, title: '销售代表', frozen: false },
	{ ord: 64, username: 'liuyang', password: 'Sales@2026', name: '刘洋', dept: '销售二部', deptId: 3, title: '销售代表', frozen: false },
	{ ord: 65, username: 'chenjing', password: 'Sales@2026', name: '陈静', dept: '客服部', deptId: 4, title: '客服主管', frozen: false },
	{ ord: 66, username: 'frozen_user', password: 'Frozen@2026', name: '赵磊', dept: '销售二部', deptId: 3, title: '销售代表', frozen: true },
];

/** Users that own customers in the seed (the sales people). */
export const SALES_USER_IDS = [61, 62, 63, 64, 65];

/** enumid 13 客户来源 (ly). */
export const LY: EnumItem[] = [
	{ id: 171, text: '网站注册' },
	{ id: 172, text: '朋友介绍' },
	{ id: 173, text: '陌生开发' },
	{ id: 174, text: '广告宣传' },
	{ id: 977, text: 'VIP' },
];

/** enumid 11 行业 (trade). 137/139/966–968 are documented (docs/protocol/zhibang.md §9); the rest is plausible install data. */
export const TRADE: EnumItem[] = [
	{ id: 136, text: '电子' },
	{ id: 137, text: '银行' },
	{ id: 138, text: '保险' },
	{ id: 139, text: '印刷' },
	{ id: 140, text: '制造' },
	{ id: 141, text: '互联网' },
	{ id: 142, text: '教育' },
	{ id: 143, text: '医疗' },
	{ id: 966, text: '防水头' },
	{ id: 967, text: '交流接触器' },
	{ id: 968, text: '电表' },
];

/** enumid 14 价值评估 (jz). */
export const JZ: EnumItem[] = [
	{ id: 175, text: '很高' },
	{ id: 289, text: '较高' },
	{ id: 176, text: '一般' },
	{ id: 177, text: '较低' },
	{ id: 290, text: '很低' },
];

/** enumid 98 跟进方式 (follow-up `sort`). */
export const FOLLOW_METHODS: EnumItem[] = [
	{ id: 481, text: '电话' },
	{ id: 482, text: '邮件' },
	{ id: 483, text: '上门' },
	{ id: 484, text: '其他' },
];

/**
 * 客户分类 tree (telsort_list): categories have parent 0, follow-up stages (跟进程度) have their
 * category as parent. v1 `sort1` = "<category>,<stage>".
 */
export const CATEGORIES: TreeItem[] = [
	{ id: 3, text: '重点客户', parent: 0 },
	{ id: 7, text: '初步接触', parent: 3 },
	{ id: 8, text: '需求确认', parent: 3 },
	{ id: 9, text: '方案报价', parent: 3 },
	{ id: 17, text: '普通客户', parent: 0 },
	{ id: 146, text: '意向客户', parent: 17 },
	{ id: 148, text: '成交客户', parent: 17 },
	{ id: 21, text: '微信客户', parent: 0 },
	{ id: 211, text: '新关注', parent: 21 },
	{ id: 212, text: '已沟通', parent: 21 },
	{ id: 213, text: '已报价', parent: 21 },
	{ id: 22, text: '代理商', parent: 0 },
	{ id: 221, text: '洽谈中', parent: 22 },
	{ id: 222, text: '已签约', parent: 22 },
];

/** 洽谈进展 templates (reply_temp_list); 106–109 and 120 are documented (docs/protocol/zhibang.md §9). */
export const FOLLOW_TEMPLATES: EnumItem[] = [
	{ id: 106, text: '谈的很好，让发合同' },
	{ id: 107, text: '电话无人接听' },
	{ id: 108, text: '现在还没考虑' },
	{ id: 109, text: '今天谈的不错，让明天面谈' },
	{ id: 110, text: '已发送报价单，等待回复' },
	{ id: 111, text: '客户要求下周回访' },
	{ id: 112, text: '已添加微信，持续跟进' },
	{ id: 113, text: '需要技术人员支持' },
	{ id: 114, text: '客户对价格有异议' },
	{ id: 115, text: '已寄送样品' },
	{ id: 116, text: '客户暂无预算' },
	{ id: 117, text: '已约定上门拜访' },
	{ id: 118, text: '客户已转介绍' },
	{ id: 119, text: '合同审批中' },
	{ id: 120, text: '正在考虑中' },
];

/** 区域 tree (area_list); 219 is the product's seed region. */
export const AREAS: TreeItem[] = [
	{ id: 216, text: '全国', parent: 0 },
	{ id: 219, text: '北京', parent: 216 },
	{ id: 220, text: '上海', parent: 216 },
	{ id: 221, text: '浙江', parent: 216 },
	{ id: 222, text: '广东', parent: 216 },
	{ id: 223, text: '江苏', parent: 216 },
	{ id: 224, text: '四川', parent: 216 },
	{ id: 225, text: '湖北', parent: 216 },
];

/** Captions of the customer bill fields (docs/protocol/zhibang.md §5.2). Unknown ids are stored and shown with their id. */
export const CUSTOMER_FIELD_TEXT: Record<string, string> = {
	ord: '客户ID',
	name: '客户名称',
	khid: '客户编号',
	pym: '拼音码',
	intsort: '客户类型',
	sort1: '客户分类',
	ly: '客户来源',
	jf2: '积分',
	area: '客户区域',
	trade: '所属行业',
	jz: '价值评估',
	credit: '信用等级',
	url: '网址',
	bz: '币种',
	hk_xz: '回款限制',
	address: '客户地址',
	lng: '经度',
	lat: '纬度',
	zip: '邮编',
	faren: '法人代表',
	zijin: '注册资金',
	pernum1: '员工人数',
	pernum2: '年营业额',
	date1: '添加时间',
	person_name: '联系人姓名',
	'@personpym': '联系人拼音码',
	sex: '性别',
	age: '年龄',
	year1: '生日',
	part1: '部门',
	job: '职务',
	phone: '办公电话',
	fax: '传真',
	mobile: '手机',
	phone2: '家庭电话',
	email: '电子邮件',
	qq: 'QQ',
	weixinAcc: '微信',
	msn: 'MSN',
	jg: '籍贯',
	product: '主营产品',
	c2: '合作情况',
	c3: '竞争对手',
	c4: '其他说明',
	intro: '备注',
	fkdays: '付款天数',
	fkdate: '付款日期',
	cateid: '销售人员',
	cateName: '销售人员姓名',
	sort1Name: '客户分类名称',
	lyName: '客户来源名称',
	jzName: '价值评估名称',
	tradeName: '行业名称',
	person: '主联系人ID',
	addcate: '添加人员',
};
for (let i = 1; i <= 7; i++) {
	CUSTOMER_FIELD_TEXT[`bank_${i}`] = `开户信息${i}`;
	CUSTOMER_FIELD_TEXT[`bank2_${i}`] = `开票信息${i}`;
}
for (let i = 1; i <= 6; i++) CUSTOMER_FIELD_TEXT[`zdy${i}`] = `自定义${i}`;

/** Customer-form fields that belong to the primary contact of a company customer (intsort=1). */
export const PRIMARY_CONTACT_FIELDS = [
	'person_name',
	'@personpym',
	'sex',
	'age',
	'year1',
	'part1',
	'job',
	'phone',
	'fax',
	'mobile',
	'phone2',
	'email',
	'qq',
	'weixinAcc',
	'msn',
	'jg',
];

export const CONTACT_FIELD_TEXT: Record<string, string> = {
	ord: '联系人ID',
	company: '关联客户',
	name: '客户名称',
	person_name: '联系人姓名',
	pym: '拼音码',
	sex: '性别',
	age: '年龄',
	year1: '生日',
	part1: '部门',
	job: '职务',
	phone: '办公电话',
	fax: '传真',
	mobile: '手机',
	mobile2: '手机2',
	phone2: '家庭电话',
	email: '电子邮件',
	qq: 'QQ',
	weixinAcc: '微信',
	XiQueIntro: '喜鹊简介',
	msn: 'MSN',
	jg: '籍贯',
	zip: '邮编',
	joy: '爱好',
	intro: '备注',
	date1: '添加时间',
};

// ---------------------------------------------------------------------------------------------
// Seed

/** A seeded customer: one owner (0 = public pool), its pinyin code, and its contacts' fields (the first is the primary). */
export interface SeedCustomer
	extends Pick<ZhibangCustomer, 'intsort' | 'name' | 'khid' | 'sort1' | 'sort1Stage' | 'ly' | 'jz' | 'trade' | 'area' | 'addcate' | 'date1' | 'fields'> {
	pym: string;
	cateid: number;
	contacts: Array<Record<string, string>>;
}

const CITIES: Array<[string, string, number]> = [
	['杭州', 'HZ', 221],
	['上海', 'SH', 220],
	['北京', 'BJ', 219],
	['深圳', 'SZ', 222],
	['广州', 'GZ', 222],
	['苏州', 'SZ', 223],
	['南京', 'NJ', 223],
	['成都', 'CD', 224],
	['武汉', 'WH', 225],
	['宁波', 'NB', 221],
];
const WORDS: Array<[string, string]> = [
	['明辉', 'MH'],
	['华信', 'HX'],
	['恒达', 'HD'],
	['瑞丰', 'RF'],
	['天成', 'TC'],
	['金桥', 'JQ'],
	['远航', 'YH'],
	['博雅', 'BY'],
	['鼎盛', 'DS'],
	['汇通', 'HT'],
	['宏图', 'HT'],
	['新锐', 'XR'],
];
const INDUSTRIES: Array<[string, string, number]> = [
	['印刷', 'YS', 139],
	['科技', 'KJ', 141],
	['电子', 'DZ', 136],
	['机械', 'JX', 140],
	['教育咨询', 'JYZX', 142],
	['医疗器械', 'YLQX', 143],
	['包装', 'BZ', 139],
	['网络', 'WL', 141],
];
const SURNAMES: Array<[string, string]> = [
	['张', 'Z'],
	['王', 'W'],
	['李', 'L'],
	['赵', 'Z'],
	['陈', 'C'],
	['刘', 'L'],
	['杨', 'Y'],
	['黄', 'H'],
	['周', 'Z'],
	['吴', 'W'],
	['徐', 'X'],
	['孙', 'S'],
];
const GIVEN: Array<[string, string, '男' | '女']> = [
	['伟', 'W', '男'],
	['芳', 'F', '女'],
	['娜', 'N', '女'],
	['敏', 'M', '女'],
	['静', 'J', '女'],
	['强', 'Q', '男'],
	['磊', 'L', '男'],
	['洋', 'Y', '男'],
	['艳', 'Y', '女'],
	['军', 'J', '男'],
	['杰', 'J', '男'],
	['婷', 'T', '女'],
	['浩然', 'HR', '男'],
	['子涵', 'ZH', '女'],
];
const JOBS = ['总经理', '采购经理', '行政主管', '技术总监', '财务经理', '市场总监'];
const STREETS = ['人民路', '解放路', '建设路', '中山路', '科技园路', '文一路'];

/** The fixed "today" of the seed, so the seeded data never depends on the real clock. */
const SEED_BASE_MS = Date.UTC(2026, 0, 20, 2, 0, 0);

function personName(rng: Random): { name: string; pym: string; sex: '男' | '女' } {
	const [s, sp] = rng.pick(SURNAMES);
	const [g, gp, sex] = rng.pick(GIVEN);
	return { name: s + g, pym: sp + gp, sex };
}

/** Deterministic seed customers (oldest first), each company with a primary contact. */
export function seedCustomers(seed: number, count: number): SeedCustomer[] {
	const rng = new Random(seed);
	const names = new Set<string>();
	const out: SeedCustomer[] = [];
	const stagesOf = (cat: number) => CATEGORIES.filter((c) => c.parent === cat).map((c) => c.id);
	for (let i = 0; i < count; i++) {
		const intsort: 1 | 2 = rng.chance(0.75) ? 1 : 2;
		const [city, cityPy, area] = rng.pick(CITIES);
		let name = '';
		let pym = '';
		let trade = 0;
		const person = personName(rng);
		for (let attempt = 0; attempt < 50; attempt++) {
			if (intsort === 1) {
				const [w, wp] = rng.pick(WORDS);
				const [ind, indPy, tradeId] = rng.pick(INDUSTRIES);
				name = `${city}${w}${ind}有限公司`;
				pym = `${cityPy}${wp}${indPy}YXGS`;
				trade = tradeId;
			} else {
				const p = attempt === 0 ? person : personName(rng);
				name = p.name;
				pym = p.pym;
				trade = rng.chance(0.5) ? rng.pick(TRADE).id : 0;
			}
			if (!names.has(name)) break;
		}
		if (names.has(name)) name = `${name}${i + 1}`;
		names.add(name);
		const sort1 = rng.pick([3, 17, 17, 21, 22]);
		const stages = stagesOf(sort1);
		const sort1Stage = rng.chance(0.8) ? rng.pick(stages) : 0;
		const ly = rng.pick([171, 171, 172, 173, 173, 174, 977]);
		const cateid = rng.chance(0.2) ? 0 : rng.pick(SALES_USER_IDS);
		const dateMs = SEED_BASE_MS - rng.int(0, 400) * 86400_000 - rng.int(0, 9 * 3600) * 1000;
		const mobile = rng.mobile();
		const fields: Record<string, string> = {
			address: `${city}市${rng.pick(STREETS)}${rng.int(1, 999)}号`,
		};
		const contacts: Array<Record<string, string>> = [];
		if (intsort === 1) {
			fields.zip = String(rng.int(100000, 999999));
			fields.pernum1 = String(rng.pick([10, 50, 120, 300, 800]));
			contacts.push({
				person_name: person.name,
				pym: person.pym,
				sex: person.sex,
				job: rng.pick(JOBS),
				mobile,
				phone: `0${rng.int(10, 99)}-${rng.int(60000000, 89999999)}`,
				email: `${person.pym.toLowerCase()}${rng.int(10, 99)}@example.cn`,
			});
			if (rng.chance(0.3)) {
				const second = personName(rng);
				contacts.push({
					person_name: second.name,
					pym: second.pym,
					sex: second.sex,
					job: rng.pick(JOBS),
					mobile: rng.mobile(),
					phone: '',
					email: `${second.pym.toLowerCase()}${rng.int(10, 99)}@example.cn`,
				});
			}
		} else {
			fields.mobile = mobile;
			fields.sex = person.sex;
			fields.email = `${pym.toLowerCase()}${rng.int(10, 99)}@example.cn`;
			fields.phone = '';
		}
		out.push({
			intsort,
			name,
			khid: '',
			pym,
			sort1,
			sort1Stage,
			ly,
			jz: rng.pick(JZ).id,
			trade,
			area,
			cateid,
			addcate: cateid || 60,
			date1: formatShanghai(dateMs),
			fields,
			contacts,
		});
	}
	out.sort((a, b) => (a.date1 < b.date1 ? -1 : a.date1 > b.date1 ? 1 : 0));
	// Customer numbers: KH + date + per-day sequence; the four most recent website registrations
	// were synced from WeChat earlier and carry the integration's `WX{id}` numbers.
	const perDay: Record<string, number> = {};
	for (const c of out) {
		const day = c.date1.slice(0, 10).replace(/-/g, '');
		perDay[day] = (perDay[day] ?? 0) + 1;
		c.khid = `KH${day}${String(perDay[day]).padStart(3, '0')}`;
	}
	const wx = out.filter((c) => c.ly === 171).slice(-4);
	wx.forEach((c, i) => {
		c.khid = `WX${1001 + i}`;
		c.sort1 = 21;
		c.sort1Stage = 211;
	});
	return out;
}
