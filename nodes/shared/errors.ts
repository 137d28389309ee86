import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Context } from './runState';

/** The error as the node reports it: n8n's own errors as they are, anything else as a NodeApiError. */
export function asApiError(context: Context, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(context.getNode(), error as JsonObject);
}

/** Without Continue On Fail, a failure stops the node: the error is thrown, naming its item. */
export function throwUnlessContinueOnFail(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): void {
	if (context.continueOnFail()) return;
	const nodeError = asApiError(context, error);
	nodeError.context.itemIndex ??= itemIndex;
	throw nodeError;
}
