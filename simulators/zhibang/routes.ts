/**
 * The Zhibang routes: one handler per mobilephone page (login, customers, contacts, follow-ups,
 * assignment, reference lists), the answers they share, and the v3 `customer/edit` endpoint.
 */
import type { SimRequest, SimResponse } from '../common/wire';
import type { Session, ZhibangAuth } from './auth';
import { assignForm, contactGroups, customerDetail, customerForm, replyForm } from './bills';
import { addFollowup, saveContact } from './contact-writes';
import { assignCustomer, saveCustomer, v3EditCustomer } from './customer-writes';
import type { ZhibangUser } from './data';
import type { ZhibangKnobs } from './knobs';
import { CONTACT_COLS, CUSTOMER_COLS, USER_COLS, contactRow, customerRow, filterContacts, filterCustomers, pageTable } from './lists';
import type { ReferenceLists, WriteResult } from './model';
import type { ZhibangStore } from './store';
import { Datas, billBody, htmlError, messageBody, METHOD_NOT_ALLOWED, sourceBody, zbDoc, type TableCol, type TablePage } from './wire';

/** What the handlers need of the simulator. */
export interface ZhibangService {
	knobs(): ZhibangKnobs;
	store(): ZhibangStore;
	auth(): ZhibangAuth;
	/** Reference lists in effect. */
	lists(): ReferenceLists;
	readonly users: readonly ZhibangUser[];
	bump(counter: string): void;
	/** The PostClass body, or undefined if unreadable. */
	parseBody(req: SimRequest): Record<string, unknown> | undefined;
}

export interface Ctx {
	req: SimRequest;
	body: Record<string, unknown>;
	datas: Datas;
	cmdkey: string;
	/** The `session` of the PostClass body. */
	token: string;
	/** A datas value, falling back to the URL query for the ids that may travel there. */
	param(id: string): string;
}

export interface Handler {
	/** Canonical operation name for `counters.ops`. */
	op(ctx: Ctx): string;
	/** Needs a live session. */
	auth: boolean;
	run(ctx: Ctx, session: Session | undefined): SimResponse;
}

const SAVE = '__sys_dosave';

export function ok(token: string, body: Record<string, unknown>): SimResponse {
	return { json: zbDoc(token, body) };
}

export function bizError(svc: ZhibangService, token: string, message: string): SimResponse {
	svc.bump('businessErrors');
	return { json: zbDoc(token, messageBody(message), svc.knobs().businessErrorStatus, message) };
}

function actor(svc: ZhibangService, session: Session | undefined): ZhibangUser {
	return svc.users.find((u) => u.ord === session?.userOrd) ?? svc.users[0];
}

/** Whether a save persists now: not while `saveWithoutPersist` is counting down. */
function persists(svc: ZhibangService): boolean {
	return !(svc.knobs().saveWithoutPersist > 0);
}

/** Count a successful save: a write, or one more answered-but-lost save (counting the knob down). */
function countSave(svc: ZhibangService, persist: boolean): void {
	if (persist) svc.bump('writes');
	else {
		svc.knobs().saveWithoutPersist--;
		svc.bump('unpersistedSaves');
	}
}

/** Run a write: persist unless `saveWithoutPersist` is counting down; answer 保存成功 or the error. */
function write(svc: ZhibangService, ctx: Ctx, run: (persist: boolean) => WriteResult): SimResponse {
	const persist = persists(svc);
	const result = run(persist);
	if (!result.ok) return bizError(svc, ctx.token, result.error);
	countSave(svc, persist);
	return ok(ctx.token, messageBody('保存成功'));
}

/** A source body shaped by the `pageBlock` and `rowShape` knobs. */
function tableBody(knobs: ZhibangKnobs, cols: TableCol[], rows: Array<Array<string | number>>, page: TablePage): Record<string, unknown> {
	const shaped =
		knobs.rowShape === 'object' ? rows.map((row) => Object.fromEntries(cols.map((col, i) => [col.id, row[i]])) as unknown as Array<string | number>) : rows;
	return sourceBody(cols, shaped, knobs.pageBlock === 'absent' ? undefined : page);
}

/** A list page: without `refresh` only the UI skeleton (no rows), as the real server does. */
function listPage(svc: ZhibangService, ctx: Ctx, cols: TableCol[], rows: () => Array<Record<string, string | number>>, defaultSort: string): SimResponse {
	const knobs = svc.knobs();
	const opts = {
		defaultPageSize: knobs.defaultPageSize,
		maxPageSize: knobs.maxPageSize,
		defaultSort,
		shuffle: knobs.columnOrder === 'shuffled',
		seed: knobs.seed,
		lyingPager: knobs.lyingPager,
	};
	if (ctx.cmdkey.toLowerCase() !== 'refresh') {
		const table = pageTable(cols, [], new Datas([]), opts);
		return ok(ctx.token, sourceBody(table.cols, []));
	}
	const table = pageTable(cols, rows(), ctx.datas, opts);
	return ok(ctx.token, tableBody(knobs, table.cols, table.rows, table.page));
}

function simpleTable(svc: ZhibangService, ctx: Ctx, cols: string[], rows: Array<Array<string | number>>): SimResponse {
	const captions: Record<string, string> = { id: 'ID', text: '名称', parent: '上级ID', ord: '用户ID', name: '姓名', dept: '部门' };
	const page = { recordcount: rows.length, pagesize: Math.max(rows.length, 1), pagecount: rows.length ? 1 : 0, pageindex: 1 };
	return ok(ctx.token, tableBody(svc.knobs(), cols.map((id) => ({ id, caption: captions[id] ?? id })), rows, page));
}

/** `allocate` / `edit=1` / save on one page (custom/add, person/add): the op name of a request. */
function formOp(kind: string, ctx: Ctx): string {
	if (ctx.cmdkey === SAVE) return `${kind}.save`;
	if (ctx.cmdkey) return `${kind}.${ctx.cmdkey}`;
	return ctx.param('edit') === '1' ? `${kind}.detail` : `${kind}.allocate`;
}

export function buildHandlers(svc: ZhibangService): Record<string, Handler> {
	const store = () => svc.store();
	const unsupported = (ctx: Ctx) => bizError(svc, ctx.token, `不支持的命令: ${ctx.cmdkey}`);
	const users = (ctx: Ctx) =>
		svc.users
			.filter((u) => !u.frozen)
			.map((u) => ({ ord: u.ord, name: u.name, dept: u.dept }))
			.filter((u) => {
				const name = ctx.datas.str('name');
				return !name || u.name.includes(name);
			});
	const customerAdd: Handler = {
		auth: true,
		op: (ctx) => formOp('customer', ctx),
		run: (ctx, session) => {
			if (ctx.cmdkey === SAVE) return write(svc, ctx, (persist) => saveCustomer(store(), ctx.datas, ctx.param('intsort'), actor(svc, session), persist));
			if (ctx.cmdkey) return unsupported(ctx);
			if (ctx.param('edit') === '1') {
				const c = store().customers.get(Number(ctx.datas.str('ord')));
				if (!c) return bizError(svc, ctx.token, '客户不存在或已被删除');
				return ok(ctx.token, billBody('custom_add', '客户详情', c.ord, customerDetail(store().customerView(c), svc.knobs().detailFields)));
			}
			const intsortRaw = ctx.param('intsort');
			const intsort = intsortRaw === '2' ? 2 : intsortRaw === '1' ? 1 : 0;
			const { ord, khid } = store().allocateCustomer(intsort);
			return ok(ctx.token, billBody('custom_add', '添加客户', ord, customerForm(khid, intsort)));
		},
	};
	const assign: Handler = {
		auth: true,
		op: (ctx) => (ctx.cmdkey === SAVE ? 'customer.assign' : 'customer.assign.form'),
		run: (ctx, session) => {
			const datatype = ctx.param('datatype') || 'tel';
			if (datatype !== 'tel') return bizError(svc, ctx.token, '不支持的数据类型');
			if (ctx.cmdkey === SAVE) return write(svc, ctx, (persist) => assignCustomer(store(), ctx.datas, actor(svc, session), persist));
			if (ctx.cmdkey) return unsupported(ctx);
			const c = store().customers.get(Number(ctx.datas.str('ord')));
			if (!c) return bizError(svc, ctx.token, '客户不存在或已被删除');
			return ok(ctx.token, billBody('order', '客户指派', c.ord, assignForm(c)));
		},
	};
	const reply: Handler = {
		auth: true,
		op: (ctx) => (ctx.cmdkey === SAVE ? 'followup.save' : 'followup.form'),
		run: (ctx, session) => {
			const datatype = ctx.param('datatype') || 'tel';
			if (ctx.cmdkey === SAVE) return write(svc, ctx, (persist) => addFollowup(store(), datatype, ctx.datas, actor(svc, session), persist));
			if (ctx.cmdkey) return unsupported(ctx);
			return ok(ctx.token, billBody('reply', '添加洽谈进展', ctx.datas.str('ord'), replyForm()));
		},
	};
	const contactAdd: Handler = {
		auth: true,
		op: (ctx) => formOp('contact', ctx),
		run: (ctx, session) => {
			if (ctx.cmdkey === SAVE) return write(svc, ctx, (persist) => saveContact(store(), ctx.datas, actor(svc, session), persist));
			if (ctx.cmdkey) return unsupported(ctx);
			const detailFields = svc.knobs().detailFields;
			if (ctx.param('edit') === '1') {
				const p = store().contacts.get(Number(ctx.datas.str('ord')));
				if (!p) return bizError(svc, ctx.token, '联系人不存在或已被删除');
				return ok(ctx.token, billBody('person_add', '联系人详情', p.ord, contactGroups(detailFields, store().contactView(p))));
			}
			const ord = store().allocateContact();
			return ok(ctx.token, billBody('person_add', '添加联系人', ord, contactGroups(detailFields, undefined, ctx.datas.str('company'))));
		},
	};
	const table = (op: string, run: (ctx: Ctx) => SimResponse): Handler => ({ auth: true, op: () => op, run });
	const enumList = table('enum', (ctx) => {
		const lists = svc.lists();
		const byId: Record<string, Array<{ id: number; text: string }>> = { '13': lists.ly, '11': lists.trade, '14': lists.jz, '98': lists.methods };
		const items = byId[ctx.param('enumid')] ?? [];
		return simpleTable(svc, ctx, ['id', 'text'], items.map((e) => [e.id, e.text]));
	});
	const tree = (op: string, pick: (l: ReferenceLists) => Array<{ id: number; text: string; parent: number }>): Handler =>
		table(op, (ctx) => simpleTable(svc, ctx, ['id', 'text', 'parent'], pick(svc.lists()).map((e) => [e.id, e.text, e.parent])));
	return {
		login: { auth: false, op: () => 'login', run: (ctx) => svc.auth().login(ctx.datas) },
		logout: {
			auth: false,
			op: () => 'logout',
			run: (ctx) => {
				if (ctx.token) svc.auth().revoke(ctx.token, 'logout');
				return ok('', messageBody('退出成功'));
			},
		},
		'salesmanage/custom/add': customerAdd,
		'salesmanage/custom/list': table('customer.list', (ctx) =>
			listPage(svc, ctx, CUSTOMER_COLS, () => filterCustomers(store().customerViews(), ctx.datas, ctx.param('stype')).map(customerRow), '-date1'),
		),
		'systemmanage/order': assign,
		'systemmanage/reply': reply,
		'salesmanage/person/add': contactAdd,
		'salesmanage/person/list': table('contact.list', (ctx) =>
			listPage(svc, ctx, CONTACT_COLS, () => filterContacts(store().contactViews(), ctx.datas).map(contactRow), '-ord'),
		),
		source: enumList,
		'systemmanage/telsort_list': tree('categories', (l) => l.categories),
		'systemmanage/area_list': tree('areas', (l) => l.areas),
		'systemmanage/reply_temp_list': table('templates', (ctx) => simpleTable(svc, ctx, ['id', 'text'], svc.lists().templates.map((e) => [e.id, e.text]))),
		'systemmanage/gate_list': table('users', (ctx) => simpleTable(svc, ctx, ['ord', 'name', 'dept'], users(ctx).map((u) => [u.ord, u.name, u.dept]))),
		'officemanage/businesscard/list': table('users', (ctx) => listPage(svc, ctx, USER_COLS, () => users(ctx), 'ord')),
	};
}

/** `/webapi/v3/sales/customer/edit`: the `zbapi-token` header, plain JSON, `{Code, Msg}` answers. */
export function v3CustomerEdit(svc: ZhibangService, req: SimRequest): SimResponse {
	if (req.method !== 'POST') return htmlError(405, METHOD_NOT_ALLOWED);
	const token = String(req.headers['zbapi-token'] ?? '').trim();
	if (req.fault?.kind === 'throttle') return { json: { Code: 300, Msg: svc.knobs().throttleMessage } };
	const denied = (): SimResponse => {
		svc.bump('rejectedSessions');
		return { json: { Code: 400, Msg: 'token验证失败' } };
	};
	if (req.fault?.kind === 'expire') {
		svc.auth().revoke(token, 'expired');
		return denied();
	}
	const session = svc.auth().check(token);
	if (typeof session === 'string') return denied();
	const body = svc.parseBody(req);
	if (!body) return { json: { Code: 300, Msg: '请求数据格式不正确' } };
	const persist = persists(svc);
	const result = v3EditCustomer(svc.store(), body, actor(svc, session), persist);
	if (result.Code === 200) countSave(svc, persist);
	else svc.bump('businessErrors');
	return { json: result };
}
