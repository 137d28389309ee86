import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Context } from './runState';
import { booleanValue } from './validation';

// Preview Only (Send Nothing): a write goes down the same road as ever (parameters checked, reads
// made, the body built and encoded) up to the point where it would leave; there it is written down
// instead of sent. Each item then outputs what it would have sent, and the reads that ran for it.

export const previewOnlyField: INodeProperties = {
	displayName: 'Preview Only (Send Nothing)',
	name: 'previewOnly',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description:
		'Whether to send no change: each item outputs the requests it would send (method, URL, body, credential; never a secret). Reads needed to build them still run and are listed as sent.',
};

/** One request as it would leave (or did, for a read): never a header, so never a signature or a password. */
export interface PreviewedRequest extends IDataObject {
	method: string;
	url: string;
	body?: string;
	contentType?: string;
	credential: string;
	/** true: a read that ran to build the change; false: a write that was not sent. */
	sent: boolean;
}

/** Thrown where a write would have been sent: it ends the item's work (nothing after a write can be known). */
export class Previewed extends NodeOperationError {
	constructor(
		context: Context,
		readonly request: PreviewedRequest,
	) {
		super(context.getNode(), `Preview only: ${request.method} ${request.url} was not sent`);
	}
}

const previewing = new WeakMap<Context, boolean>();
const requestsByItem = new WeakMap<Context, Map<number, PreviewedRequest[]>>();

/** Whether this run only previews its writes (the node's switch, read once, strictly). */
export function previewOnly(context: Context): boolean {
	let cached = previewing.get(context);
	if (cached === undefined) {
		cached = 'getInputData' in context && booleanValue(context, context.getNodeParameter('previewOnly', 0, false), 'Preview Only (Send Nothing)', 0);
		previewing.set(context, cached);
	}
	return cached;
}

/** The preview of a request the credential resolved (its URL, query, body and content type; no header else). */
export function previewedRequest(context: Context, credentialType: string, resolved: IHttpRequestOptions, sent: boolean): PreviewedRequest {
	const url = new URL(resolved.url);
	for (const [name, value] of Object.entries(resolved.qs ?? {})) url.searchParams.append(name, String(value));
	const contentType = (resolved.headers as Record<string, string> | undefined)?.['Content-Type'];
	const body = resolved.body === undefined ? undefined : String(resolved.body);
	return {
		method: resolved.method ?? 'GET',
		url: url.href,
		...(body !== undefined && { body }),
		...(contentType && { contentType }),
		credential: context.getNode().credentials?.[credentialType]?.name ?? credentialType,
		sent,
	};
}

/** Notes a request for an item's preview: a read that ran for it, or a write it would send. */
export function notePreviewed(context: Context, itemIndex: number | undefined, request: PreviewedRequest): void {
	let byItem = requestsByItem.get(context);
	if (!byItem) requestsByItem.set(context, (byItem = new Map()));
	const key = itemIndex ?? 0;
	const requests = byItem.get(key) ?? [];
	requests.push(request);
	byItem.set(key, requests);
}

/** An item's preview: its requests in order, reads that ran and the writes it would send (none: nothing would change). */
export function previewItem(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const requests = requestsByItem.get(context)?.get(itemIndex) ?? [];
	return { preview: true, writes: requests.filter((request) => !request.sent).length, requests };
}
