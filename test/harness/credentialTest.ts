import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	NodeApiError,
} from 'n8n-workflow';

import type { WorkflowDefinition } from './engine';
import { credentialTypesByName, loadOptionsContext } from './engine';

// Sends each credential type's own `test` request the way n8n's credential tester does: through
// httpRequestWithAuthentication (so through the credential's authenticate), then applies its rules
// (a responseCode rule names what a failed status means).
export async function testCredential(
	type: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	workflow: WorkflowDefinition,
	nodeName: string,
): Promise<string> {
	const { request, rules = [] } = credentialTypesByName[type].test!;
	// n8n resolves the request's expressions first; these only read $credentials (with the fields' defaults).
	const fields = Object.fromEntries(
		credentialTypesByName[type].properties.map((property) => [property.name, property.default]),
	);
	const values = { ...fields, ...credentials[type] };
	const resolve = (text: string) =>
		text.startsWith('=')
			? text
					.slice(1)
					.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_match, name: string) =>
						String(values[name]),
					)
			: text;
	const options = { ...request, url: resolve(String(request.url)) } as IHttpRequestOptions;
	const context = await loadOptionsContext(workflow, nodeName, credentials);
	try {
		const answer = (await context.helpers.httpRequestWithAuthentication.call(context, type, {
			...options,
			json: true,
		})) as Record<string, unknown>;
		// As n8n's tester: a success whose body has key = value fails with that rule's message.
		for (const rule of rules) {
			const { key, value, message } = rule.properties as {
				key?: string;
				value: unknown;
				message: string;
			};
			if (
				(rule.type as string) === 'responseSuccessBody' &&
				key !== undefined &&
				answer?.[key] === value
			)
				return `Error: ${message}`;
		}
		return 'OK';
	} catch (error) {
		const status = Number((error as NodeApiError).httpCode);
		const rule = rules.find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		return `Error: ${rule ? rule.properties.message : (error as Error).message}`;
	}
}
