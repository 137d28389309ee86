import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failedItem } from '../../shared/items';
import { cmsApiRequest, type CmsResponse } from '../transport';

/** One input item's share of a batched member change. */
export interface MemberChange {
	itemIndex: number;
	/** The body without workNos; items with equal bodies share calls. */
	body: IDataObject;
	workNos: number[];
}

interface Call {
	body: IDataObject;
	workNos: Set<number>;
	itemIndexes: Set<number>;
}

/**
 * Combines the work numbers of items that change the same target (same body) into as few calls as
 * possible, at most `chunkSize` work numbers each (an item with more gets calls of its own).
 */
export function planCalls(changes: MemberChange[], chunkSize: number): Call[] {
	const calls: Call[] = [];
	const open = new Map<string, Call>();
	for (const change of changes) {
		const key = JSON.stringify(change.body);
		let call = open.get(key);
		const added = call ? change.workNos.filter((workNo) => !call!.workNos.has(workNo)).length : change.workNos.length;
		if (call && call.workNos.size + added > chunkSize) call = undefined;
		if (!call && change.workNos.length > chunkSize) {
			for (let start = 0; start < change.workNos.length; start += chunkSize) {
				const piece = change.workNos.slice(start, start + chunkSize);
				calls.push({ body: change.body, workNos: new Set(piece), itemIndexes: new Set([change.itemIndex]) });
			}
			open.delete(key);
			continue;
		}
		if (!call) {
			call = { body: change.body, workNos: new Set(), itemIndexes: new Set() };
			calls.push(call);
			open.set(key, call);
		}
		change.workNos.forEach((workNo) => call!.workNos.add(workNo));
		call.itemIndexes.add(change.itemIndex);
	}
	return calls;
}

/**
 * Sends the planned calls and gives every input item exactly one output item, in input order:
 * the result of its call(s), the error of its failed call, or the error found while reading it.
 */
export async function sendMemberChanges(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	endpoint: string,
	changes: MemberChange[],
	invalid: Map<number, Error>,
	chunkSize: number,
	result: (change: MemberChange, response: CmsResponse, calls: number) => IDataObject,
): Promise<INodeExecutionData[]> {
	const responses = new Map<number, { response: CmsResponse; calls: number }>();
	const failures = new Map<number, Error>(invalid);
	for (const call of planCalls(changes, chunkSize)) {
		const pending = [...call.itemIndexes].filter((itemIndex) => !failures.has(itemIndex));
		if (pending.length === 0) continue;
		try {
			const response = await cmsApiRequest.call(this, 'POST', endpoint, { ...call.body, workNos: [...call.workNos] }, pending[0]);
			for (const itemIndex of pending) {
				responses.set(itemIndex, { response, calls: (responses.get(itemIndex)?.calls ?? 0) + 1 });
			}
		} catch (error) {
			failedItem.call(this, error as Error, pending[0]); // throws unless Continue On Fail is on
			for (const itemIndex of pending) failures.set(itemIndex, error as Error);
		}
	}
	const changeOf = new Map(changes.map((change) => [change.itemIndex, change]));
	return items.map((_item, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure) return failedItem.call(this, failure, itemIndex);
		const { response, calls } = responses.get(itemIndex)!;
		return { json: result(changeOf.get(itemIndex)!, response, calls), pairedItem: { item: itemIndex } };
	});
}
