/**
 * Zhibang → Lead → Check Admission (线索准入) in the real n8n engine: a mixed batch routed to the
 * operation's two outputs, Admitted and Rejected, without any credential.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Engine, loadPackage, shutdownEngine } from '../engine/engine';
import { ADMISSION_BATCH as BATCH, GOOD_LEAD as good } from '../support/leads';
import { ADMISSION_FIELDS_MAPPED, admissionWorkflow as workflow, ZHIBANG_NODE } from '../support/workflows';

let engine: Engine;

beforeAll(async () => {
	engine = new Engine(await loadPackage());
});

afterAll(async () => {
	await shutdownEngine();
});

describe('Zhibang → Lead → Check Admission', () => {
	it('has two outputs, Admitted and Rejected, only for this operation, and needs no credential', () => {
		const type = engine.nodeTypes.getByNameAndVersion(ZHIBANG_NODE, 1);
		expect(type.description).toMatchObject({ name: 'zhibang', usableAsTool: true });
		const outputsOf = (parameters: INodeParameters) => {
			const json = workflow([good], parameters);
			const workflowObject = engine.workflow(json);
			const nodeObject = workflowObject.getNode('Admission') as INode;
			return NodeHelpers.getNodeOutputs(workflowObject, nodeObject, type.description);
		};
		expect(outputsOf({})).toEqual([
			{ type: 'main', displayName: 'Admitted / 准入' },
			{ type: 'main', displayName: 'Rejected / 拒绝' },
		]);
		expect(outputsOf({ resource: 'customer', operation: 'upsert' })).toEqual(['main']);
		const credential = type.description.credentials?.find((c) => c.name === 'zhibangApi');
		expect(credential?.displayOptions).toEqual({ hide: { resource: ['lead'] } });
	});

	it('routes a mixed batch with the default expressions and rules', async () => {
		const result = await engine.run(workflow(BATCH));
		expect(result.error).toBeUndefined();
		const admitted = result.output('Admission', 0);
		const rejected = result.output('Admission', 1);
		expect(admitted.map((i) => i.json.id)).toEqual([1, 2, 3, 4, 5]);
		expect(rejected.map((i) => i.json.id)).toEqual([6, 7, 8, 9, 10, 11, 12]);

		// Admitted items pass through unchanged, plus the normalised mobile; pairing kept.
		expect(admitted[1].json).toEqual({ ...BATCH[1], normalizedMobile: '13900139000' });
		expect(admitted.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));

		const rules = (i: number) => (rejected[i].json.failedRules as IDataObject[]).map((f) => f.rule);
		expect(rejected.map((_, i) => rules(i))).toEqual([
			['mobile'],
			['name'],
			['company'],
			['phoneVerified'],
			['score'],
			['mobile', 'name', 'company', 'phoneVerified', 'score'],
			['mobile', 'phoneVerified', 'score'],
		]);
		expect(rejected[0].json).toMatchObject({
			...BATCH[5],
			failedRules: [{ rule: 'mobile', reasonZh: '手机号不是有效的 11 位大陆手机号', reasonEn: 'the mobile is not a valid 11-digit mainland China number' }],
		});
		expect(rejected[4].json.rejectionReason).toBe('评分 59 低于准入线 60 / the score 59 is below the threshold 60');
		expect(rejected.map((i) => i.pairedItem)).toEqual([5, 6, 7, 8, 9, 10, 11].map((item) => ({ item })));
	});

	it('applies switched-off rules and an edited threshold', async () => {
		const result = await engine.run(workflow(BATCH, { checkPhoneVerified: false, checkCompany: false, minScore: 50 }));
		expect(result.output('Admission', 0).map((i) => i.json.id)).toEqual([1, 2, 3, 4, 5, 8, 9, 10]);
		expect(result.output('Admission', 1).map((i) => i.json.id)).toEqual([6, 7, 11, 12]);
	});

	it('reads other field names through expressions', async () => {
		const items = [
			{ phone: '138 0013 8000', nick: '李四', org: '', kind: 'person', ok: 1, rating: 61 },
			{ phone: '138 0013 8000', nick: '李四', org: '', kind: 'company', ok: 1, rating: 61 },
		];
		const result = await engine.run(workflow(items, ADMISSION_FIELDS_MAPPED));
		expect(result.output('Admission', 0).map((i) => i.json)).toEqual([{ ...items[0], normalizedMobile: '13800138000' }]);
		expect((result.output('Admission', 1)[0].json.failedRules as IDataObject[]).map((f) => f.rule)).toEqual(['company']);
	});

	it('flags a title-only name (刘总) on Admitted, and rejects it when asked to', async () => {
		const items = [{ ...good, id: 21, name: '刘总' }, { ...good, id: 22 }];
		const flagged = await engine.run(workflow(items));
		expect(flagged.output('Admission', 0).map((i) => i.json)).toEqual([
			{ ...items[0], normalizedMobile: '13800138000', nameIsTitleOnly: true },
			{ ...items[1], normalizedMobile: '13800138000' },
		]);
		const strict = await engine.run(workflow(items, { rejectTitleOnlyName: true }));
		expect(strict.output('Admission', 0).map((i) => i.json.id)).toEqual([22]);
		expect(strict.output('Admission', 1)[0].json).toMatchObject({ id: 21, rejectionReason: '姓名“刘总”只是称谓，不是真实姓名 / the name “刘总” is only a title, not a real name' });
	});

	it('fails on a bad threshold, or routes the item to Rejected with continueOnFail', async () => {
		const failed = await engine.run(workflow([good], { minScore: 150 }));
		expect(failed.nodeError('Admission')?.message).toMatch(/Minimum Score must be between 0 and 100/);
		const tolerated = await engine.run(workflow([good], { minScore: 150 }, { continueOnFail: true }));
		expect(tolerated.output('Admission', 0)).toEqual([]);
		expect(tolerated.output('Admission', 1)[0].json).toMatchObject({ id: 1, error: expect.stringMatching(/最低评分/) });
	});
});
