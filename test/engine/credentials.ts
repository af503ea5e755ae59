/**
 * A credentials helper that behaves like n8n's own (packages/cli/src/credentials-helper.ts):
 * - `preAuthentication` runs the credential type's hook when its hidden `expirable` field is empty,
 *   when the credentials are expired, or during a credential test, and persists the result
 *   through `updateCredentials` (non-expression keys only), then merges it into the caller's object;
 * - `authenticate` applies function-form and generic (`={{$credentials.x}}`) authentication;
 * - `getDecrypted` re-reads the store on every call and returns a copy, as n8n re-reads its DB.
 * The store stands in for n8n's credentials table: tests can read what was persisted.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** Stand-in for n8n's credentials table. Shared between "processes" in tests that simulate workers. */
export class CredentialStore {
	private readonly rows = new Map<string, StoredCredential>();
	/** Every persisted update, in order (type, id, the keys written). */
	readonly writes: Array<{ id: string; type: string; keys: string[] }> = [];

	add(type: string, data: ICredentialDataDecryptedObject, id = String(this.rows.size + 1), name = `${type} ${id}`): INodeCredentialsDetails {
		this.rows.set(id, { id, name, type, data: structuredClone(data) });
		return { id, name };
	}

	get(id: string): StoredCredential {
		const row = this.rows.get(id);
		if (!row) throw new Error(`Credential ${id} not found`);
		return structuredClone(row);
	}

	update(id: string, data: ICredentialDataDecryptedObject): void {
		const row = this.rows.get(id);
		if (!row) throw new Error(`Credential ${id} not found`);
		const keys = Object.keys(data).filter((key) => JSON.stringify(data[key]) !== JSON.stringify(row.data[key]));
		row.data = structuredClone(data);
		this.writes.push({ id, type: row.type, keys });
	}

	/** Overwrite fields directly, e.g. to plant a stale session as if another worker had written it. */
	patch(id: string, data: ICredentialDataDecryptedObject): void {
		const row = this.rows.get(id);
		if (!row) throw new Error(`Credential ${id} not found`);
		row.data = { ...row.data, ...structuredClone(data) };
	}
}

class StoredCredentials implements ICredentials {
	data: string | undefined;

	constructor(
		readonly id: string,
		readonly name: string,
		readonly type: string,
		private plain: ICredentialDataDecryptedObject,
	) {
		this.data = JSON.stringify(plain);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.plain);
	}

	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.plain = structuredClone(data);
	}

	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>, toDelete: string[] = []): Promise<void> {
		const next = { ...this.plain, ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.plain = next;
	}
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** How often each credential type's preAuthentication hook actually ran. */
	readonly preAuthentications: Record<string, number> = {};

	constructor(
		private readonly types: Record<string, ICredentialType>,
		readonly store: CredentialStore,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Workflow and node are required for generic authentication');
			const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolve = (text: string) =>
						isExpression(text)
							? String(
									workflow.expression.getSimpleParameterValue(node, text, 'internal', { $credentials: credentials }, undefined, '') ?? '',
								)
							: text;
					options[outerKey] ??= {};
					options[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (expirable?.name === undefined || typeof type.preAuthentication !== 'function') return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;

		this.preAuthentications[typeName] = (this.preAuthentications[typeName] ?? 0) + 1;
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (!reference) return undefined;
		const stored = this.store.get(String(reference.id)).data;
		const toPersist: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(stored[key])) toPersist[key] = value;
		}
		await this.updateCredentials(reference, typeName, toPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const row = this.store.get(String(nodeCredentials.id));
		return new StoredCredentials(row.id, row.name, type, row.data);
	}

	/** Like n8n: the stored data with the type's defaults filled in, read afresh on every call. */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(String(nodeCredentials.id)).data;
		for (const property of this.getCredentialsProperties(type)) {
			if (data[property.name] === undefined && property.default !== undefined) {
				data[property.name] = property.default as ICredentialDataDecryptedObject[string] & {};
			}
		}
		return data;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.update(String(nodeCredentials.id), data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
