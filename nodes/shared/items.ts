import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Runs `operation` for every input item, in order. Every result is paired with its item; with
 * Continue On Fail a failing item yields one error item instead of stopping the node.
 */
export async function executeForEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			output.push(failedItem.call(this, error, itemIndex));
		}
	}
	return output;
}

/** The error item for Continue On Fail, or the error rethrown with its item index. */
export function failedItem(this: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	if (this.continueOnFail()) {
		const json: IDataObject = { error: error.message };
		const { description } = error as NodeApiError;
		if (description) json.description = description;
		return { json, pairedItem: { item: itemIndex } };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		throw error;
	}
	throw new NodeOperationError(this.getNode(), error, { itemIndex });
}
