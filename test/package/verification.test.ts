/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * n8n's verification guidelines, checked on the built package: no standalone logic node (every
 * node has credentials or is a trigger), and every node is usable by n8n's loader as registered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

/** The class a built file exports, instantiated (what n8n's loader does). */
function load<T>(file: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(path.join(ROOT, file)) as Record<string, new () => T>;
	const [Class] = Object.values(exported);
	return new Class();
}

const loadNode = (file: string) => load<INodeType>(file);
const credentialNames = manifest.n8n.credentials.map((file) => load<ICredentialType>(file).name);

test.each(manifest.n8n.nodes)('%s has credentials or is a trigger', (file) => {
	const { description } = loadNode(file);
	const isTrigger = description.polling === true || description.group.includes('trigger') || (description.inputs as unknown[]).length === 0;
	const credentials = description.credentials ?? [];
	expect(isTrigger || credentials.length > 0).toBe(true);
	// Only this package's own credentials (n8n's no-credential-reuse rule).
	expect(credentials.every((c) => credentialNames.includes(c.name))).toBe(true);
});

test('the manifest lists no standalone logic node: the admission check is an operation of the Zhibang node', () => {
	expect(manifest.n8n.nodes.some((file) => /Admission/i.test(file))).toBe(false);
	const zhibang = loadNode('dist/nodes/Zhibang/Zhibang.node.js').description;
	const resource = zhibang.properties.find((p) => p.name === 'resource');
	expect(resource?.options?.map((o) => (o as { value: string }).value)).toContain('lead');
});
