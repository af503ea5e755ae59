/* eslint-disable @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Zhibang → Lead → Check Admission on n8n 2.8: a mixed batch routed to the operation's two outputs
 * (Admitted / Rejected, from the node's outputs expression) by WorkflowExecute 2.8, with reasons,
 * pairing, edited rules and continueOnFail, and no credential.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { shutdownEngine } from '../engine/engine';
import { ADMISSION_BATCH as BATCH, GOOD_LEAD as good } from '../support/leads';
import { ADMISSION_FIELDS_MAPPED, admissionWorkflow as workflow, ZHIBANG_NODE } from '../support/workflows';
import { Engine28 } from './engine28';
import { assertOnlyCompatN8n, loadStagedPackage } from './support';
import type { IDataObject } from './types';

let engine: Engine28;

before(async () => {
	engine = new Engine28(await loadStagedPackage());
});

after(async () => {
	await shutdownEngine();
	assertOnlyCompatN8n();
});

test('the outputs expression gives this operation two outputs on 2.8 too', () => {
	const type = engine.nodeTypes.getByNameAndVersion(ZHIBANG_NODE, 1);
	assert.equal(typeof type.description.outputs, 'string');
	assert.match(String(type.description.outputs), /Admitted.*Rejected/);
});

test('routes a mixed batch with the default rules: admitted pass through, rejected carry their reasons', async () => {
	const result = await engine.run(workflow(BATCH));
	assert.equal(result.error, undefined);
	const admitted = result.output('Admission', 0);
	const rejected = result.output('Admission', 1);
	assert.deepEqual(admitted.map((i) => i.json.id), [1, 2, 3, 4, 5]);
	assert.deepEqual(rejected.map((i) => i.json.id), [6, 7, 8, 9, 10, 11, 12]);
	assert.deepEqual(admitted[1].json, { ...BATCH[1], normalizedMobile: '13900139000' });
	assert.deepEqual(admitted.map((i) => i.pairedItem), [0, 1, 2, 3, 4].map((item) => ({ item })));
	assert.deepEqual(rejected.map((i) => i.pairedItem), [5, 6, 7, 8, 9, 10, 11].map((item) => ({ item })));
	assert.deepEqual(
		rejected.map((i) => (i.json.failedRules as IDataObject[]).map((f) => f.rule)),
		[['mobile'], ['name'], ['company'], ['phoneVerified'], ['score'], ['mobile', 'name', 'company', 'phoneVerified', 'score'], ['mobile', 'phoneVerified', 'score']],
	);
	assert.equal(rejected[4].json.rejectionReason, '评分 59 低于准入线 60 / the score 59 is below the threshold 60');
});

test('switched-off rules and an edited threshold; field names through expressions', async () => {
	const edited = await engine.run(workflow(BATCH, { checkPhoneVerified: false, checkCompany: false, minScore: 50 }));
	assert.deepEqual(edited.output('Admission', 0).map((i) => i.json.id), [1, 2, 3, 4, 5, 8, 9, 10]);
	assert.deepEqual(edited.output('Admission', 1).map((i) => i.json.id), [6, 7, 11, 12]);

	const items = [{ phone: '138 0013 8000', nick: '李四', org: '', kind: 'person', ok: 1, rating: 61 }];
	const mapped = await engine.run(workflow(items, ADMISSION_FIELDS_MAPPED));
	assert.deepEqual(mapped.output('Admission', 0).map((i) => i.json), [{ ...items[0], normalizedMobile: '13800138000' }]);
});

test('a bad threshold fails the node, or routes the item to Rejected with continueOnFail', async () => {
	const failed = await engine.run(workflow([good], { minScore: 150 }));
	assert.match(failed.nodeError('Admission')?.message ?? '', /Minimum Score must be between 0 and 100/);
	const tolerated = await engine.run(workflow([good], { minScore: 150 }, { continueOnFail: true }));
	assert.deepEqual(tolerated.output('Admission', 0), []);
	assert.match(String(tolerated.output('Admission', 1)[0].json.error), /最低评分/);
});
