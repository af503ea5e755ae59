/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- development tooling: runs on Node in this repository, never inside n8n */
/**
 * Every text a user reads in the editor has a Chinese form, on the built package as n8n loads it.
 * n8n 2.41 does not load node translations of community packages (see README, "Language"), so the
 * Chinese stands in the description itself: in the label, or — where n8n's lint fixes the English
 * label word for word (Return All, Limit, Simplify, Get Many …) — in the hint or option description
 * the editor shows beside it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

const HAN = /\p{Script=Han}/u;
const chinese = (...texts: Array<string | undefined>) => texts.some((text) => text !== undefined && HAN.test(text));

function load<T>(file: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(path.join(ROOT, file)) as Record<string, new () => T>;
	return new (Object.values(exported)[0])();
}

type Option = INodePropertyOptions | INodeProperties | INodePropertyCollection;
const isProperty = (option: Option): option is INodeProperties => 'type' in option && 'displayName' in option;
const isCollection = (option: Option): option is INodePropertyCollection => 'values' in option;

/** Every text the editor shows for these properties that has no Chinese form, as "where: text". */
function missing(where: string, properties: INodeProperties[]): string[] {
	const found: string[] = [];
	for (const property of properties) {
		if (property.type === 'hidden') continue;
		const at = `${where} › ${property.displayName}`;
		if (!chinese(property.displayName, property.hint)) found.push(`${at}: label`);
		// The "Add Field" button of a collection.
		if (['collection', 'fixedCollection'].includes(property.type) && !chinese(property.placeholder)) {
			found.push(`${at}: placeholder "${property.placeholder ?? ''}"`);
		}
		for (const option of (property.options ?? []) as Option[]) {
			if (isProperty(option)) found.push(...missing(at, [option]));
			else if (isCollection(option)) {
				if (!chinese(option.displayName)) found.push(`${at} › ${option.displayName}: label`);
				found.push(...missing(`${at} › ${option.displayName}`, option.values));
			} else if (!chinese(option.name, option.description)) found.push(`${at} › ${option.name}: option`);
		}
	}
	return found;
}

const nodes = manifest.n8n.nodes.map((file) => load<INodeType>(file).description);
const credentials = manifest.n8n.credentials.map((file) => load<ICredentialType>(file));

test.each(nodes.map((d) => [d.displayName, d] as const))('%s: every label, option, notice and button has a Chinese form', (_name, description) => {
	expect(chinese(description.displayName, description.description)).toBe(true);
	expect(missing(description.displayName, description.properties)).toEqual([]);
	// Named outputs (Lead → Check Admission) are bilingual.
	const outputs = JSON.stringify(description.outputs);
	for (const name of outputs.match(/displayName\\?":\s*\\?"([^"\\]+)/g) ?? []) expect(chinese(name)).toBe(true);
});

test.each(credentials.map((c) => [c.displayName, c] as const))('%s credential: every field has a Chinese form', (_name, credential) => {
	expect(chinese(credential.displayName)).toBe(true);
	expect(missing(credential.displayName, credential.properties)).toEqual([]);
});

test('the audit sees what it checks: a label without Chinese is reported', () => {
	const probe = [{ displayName: 'Plain', name: 'p', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }] }] as INodeProperties[];
	expect(missing('Probe', probe)).toEqual(['Probe › Plain: label', 'Probe › Plain › A: option']);
	expect(nodes.length).toBe(manifest.n8n.nodes.length);
});
