/**
 * n8n types for the compat tests, taken from the repository's n8n-workflow: the types the engine
 * harness (test/engine, test/support) is written against, so the root's `tsc -p tsconfig.dev.json`
 * checks these files the same way whether or not test/compat/node_modules is installed. (A bare
 * 'n8n-workflow' here would resolve to test/compat/node_modules once installed and mix two copies of
 * the types.) Type-only: erased at run time, where everything resolves to test/compat/node_modules.
 */
export type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
} from '../../node_modules/n8n-workflow';
