import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failedItem } from '../../shared/items';
import { integerInRange } from '../../shared/validation';
import { sendMemberChanges, type MemberChange } from './batching';
import { writeResult } from '../transport';

/**
 * The shared flow of Member Add and Remove: read and check every item first (so bad input stops
 * the node before any request), then send the changes combined per target.
 */
export async function executeMemberChanges(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	endpoint: string,
	readChange: (itemIndex: number) => MemberChange,
): Promise<INodeExecutionData[]> {
	const changes: MemberChange[] = [];
	const invalid = new Map<number, Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			changes.push(readChange(i));
		} catch (error) {
			failedItem.call(this, error as Error, i); // throws unless Continue On Fail is on
			invalid.set(i, error as Error);
		}
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = integerInRange(this, options.batchSize ?? 100, 'Work Numbers per Request', 0, 1, 1000);
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	return await sendMemberChanges.call(this, items, endpoint, changes, invalid, batchSize, (change, response, calls) =>
		writeResult(response, { ...change.body, workNos: change.workNos, requests: calls }, simplify),
	);
}
