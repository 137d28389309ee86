import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asApiError } from './retries';

// Node's codes for a certificate it cannot trust: self-signed (usual on premises), or signed by an
// authority it does not know.
const UNTRUSTED_CERTIFICATE = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Runs a request; an untrusted certificate becomes an error that names the credential's switch. */
export async function withTlsAdvice<T>(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex: number | undefined,
	send: () => Promise<T>,
): Promise<T> {
	try {
		return await send();
	} catch (error) {
		const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
		if (code && UNTRUSTED_CERTIFICATE.has(code)) {
			throw new NodeApiError(context.getNode(), { code }, {
				itemIndex,
				message: "The server's TLS certificate is not trusted (self-signed, or from an unknown authority)",
				description: 'If you trust this server, switch on "Ignore SSL Issues (Self-Signed Certificates)" in the credential.',
			});
		}
		throw asApiError(context, error);
	}
}
