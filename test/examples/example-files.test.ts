/**
 * The example workflows explain themselves: a sticky note in both languages on every one, and
 * every ID that belongs to the simulator (users 61 and 62) named in a note as something to replace.
 */
import type { INode } from 'n8n-workflow';

import { exampleFiles, readWorkflow } from '../../scripts/story';

const files = exampleFiles();

test('there are five examples, workflow 5 being the Yunke Trigger form of workflow 1', () => {
	expect(files.map((f) => f.split('/').pop())).toEqual([
		'1-call-logs-to-erp.json',
		'2-webhook-lead-to-erp.json',
		'3-new-call-recordings.json',
		'4-sync-health-alert.json',
		'5-new-calls-to-erp.json',
	]);
	const five = readWorkflow(files[4]);
	expect(five.nodes.some((n) => n.type === 'n8n-nodes-yunke-zhibang.yunkeTrigger')).toBe(true);
});

test.each(files)('%s has a bilingual sticky note that says what to replace', (file) => {
	const workflow = readWorkflow(file);
	const notes = (workflow.nodes as INode[]).filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
	expect(notes.length).toBeGreaterThan(0);
	const text = notes.join('\n');
	expect(text).toMatch(/[\u4e00-\u9fff]/);
	expect(text).toMatch(/Replace first/);
	// Hard-coded user IDs of the simulator are explained, not silently shipped.
	const usesDemoUsers = (workflow.nodes as INode[]).some((n) => ['61', '62'].includes(String(n.parameters.goldUserId ?? n.parameters.salesUserId ?? '')));
	if (usesDemoUsers) expect(text).toMatch(/61.*62/);
});
