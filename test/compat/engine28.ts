/**
 * The one place where n8n 2.8 behaves differently from the n8n 2.41 that test/engine models, for
 * what this package uses: the CLI's CredentialsHelper.preAuthentication (packages/cli/src/
 * credentials-helper.ts; compared in the published n8n@2.8.4 and n8n@2.41.1 packages).
 *
 * n8n 2.8 persists `Object.assign(credentials, output)`: the credential data the request was made
 * with (as the node passed it in `credentialsDecrypted`, defaults filled in, expressions resolved)
 * merged with what the hook returned. 2.41 re-reads the stored row and writes only the hook's output
 * over it, keeping fields that hold expressions, and gives the hook helpers restricted to the
 * credential's allowed domains. Everything else the harness relies on (the login conditions: empty
 * expirable field, `credentialsExpired`, credential test; `authenticate`; getDecrypted) is the same.
 */
import { CredentialStore, TestCredentialsHelper } from '../engine/credentials';
import { Engine, type LoadedPackage } from '../engine/engine';
import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestHelper, INode } from './types';

export class CredentialsHelper28 extends TestCredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		store: CredentialStore,
	) {
		super(credentialTypes, store);
	}

	/** n8n@2.8.4 dist/credentials-helper.js, preAuthentication, line for line. */
	override async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes[typeName];
		const expirableProperty = credentialType.properties.find((p) => p.type === 'hidden' && p?.typeOptions?.expirable === true);
		if (expirableProperty?.name === undefined) return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirableProperty.name] === '' || credentialsExpired || isTestingCredentials) {
			this.preAuthentications[typeName] = (this.preAuthentications[typeName] ?? 0) + 1;
			const output = (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
			if (output[expirableProperty.name] === undefined) return undefined;
			if (node.credentials) {
				await this.updateCredentials(node.credentials[typeName], typeName, Object.assign(credentials, output));
				return Object.assign(credentials, output);
			}
		}
		return undefined;
	}
}

/** The repository's engine harness with n8n 2.8's credentials helper. */
export class Engine28 extends Engine {
	constructor(pkg: LoadedPackage, store = new CredentialStore()) {
		super(pkg, store);
		// `helper` is a readonly field of the harness; n8n's additionalData reads it per execution.
		Object.defineProperty(this, 'helper', { value: new CredentialsHelper28(pkg.credentialTypes, store), enumerable: true });
	}
}
