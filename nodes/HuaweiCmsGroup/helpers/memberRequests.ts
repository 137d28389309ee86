import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asApiError, throwUnlessContinueOnFail } from '../../shared/errors';
import type { ItemOutcome } from '../../shared/operations';
import { inTurn, runState, runUnderPace } from '../../shared/runState';
import { Previewed } from '../../shared/transport';
import { integerValue } from '../../shared/validation';
import { type CmsResponse, writeResult } from './envelope';
import { cmsApiRequest } from '../transport';
import { type CmsCall, CMS_CALLS } from '../transport/calls';

/** One input item's share of a member change. */
export interface MemberChange {
	itemIndex: number;
	/** The body without workNos; items with equal bodies share requests. */
	body: IDataObject;
	workNos: number[];
}

export interface MemberRequest {
	body: IDataObject;
	workNos: Set<number>;
	itemIndexes: Set<number>;
}

/**
 * Combines the work numbers of items that change the same target (same body) into as few requests
 * as possible, at most `workNosPerRequest` each (an item with more gets requests of its own).
 */
export function planMemberRequests(
	changes: MemberChange[],
	workNosPerRequest: number,
): MemberRequest[] {
	const requests: MemberRequest[] = [];
	const open = new Map<string, MemberRequest>();
	for (const change of changes) {
		const key = JSON.stringify(change.body);
		let request = open.get(key);
		const added = request
			? change.workNos.filter((workNo) => !request!.workNos.has(workNo)).length
			: change.workNos.length;
		if (request && request.workNos.size + added > workNosPerRequest) request = undefined;
		if (!request && change.workNos.length > workNosPerRequest) {
			for (let start = 0; start < change.workNos.length; start += workNosPerRequest) {
				const piece = change.workNos.slice(start, start + workNosPerRequest);
				requests.push({
					body: change.body,
					workNos: new Set(piece),
					itemIndexes: new Set([change.itemIndex]),
				});
			}
			open.delete(key);
			continue;
		}
		if (!request) {
			request = { body: change.body, workNos: new Set(), itemIndexes: new Set() };
			requests.push(request);
			open.set(key, request);
		}
		change.workNos.forEach((workNo) => request!.workNos.add(workNo));
		request.itemIndexes.add(change.itemIndex);
	}
	return requests;
}

/**
 * Member Add and Remove over all items: read and check every item first (bad input stops the node
 * before any request, unless Continue On Fail), then send the changes combined per target. Every
 * item gets one outcome: the result of its request(s), or the error of its failed one.
 */
export async function executeMemberChanges(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	call: CmsCall,
	readChange: (itemIndex: number) => MemberChange,
): Promise<ItemOutcome[]> {
	const changes: MemberChange[] = [];
	const failures = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			changes.push(readChange(itemIndex));
		} catch (error) {
			throwUnlessContinueOnFail(this, error, itemIndex);
			failures.set(itemIndex, error);
		}
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const workNosPerRequest = integerValue(
		this,
		options.workNosPerRequest ?? 100,
		'Work Numbers per Request',
		0,
		1,
		1000,
	);
	const state = runState(this);

	// The requests go out under the run's pace like items do; those of one target (group, or VDN for
	// removals) take turns in order.
	const answers = new Map<number, { response: CmsResponse; requests: number }>();
	// Per item, the work numbers its answered requests changed: a later refusal must say them.
	const changed = new Map<number, Set<number>>();
	const requests = planMemberRequests(changes, workNosPerRequest);
	let stopped = false;
	await runUnderPace(
		this,
		requests.length,
		async (index) => {
			const request = requests[index];
			await inTurn(this, JSON.stringify(request.body), async () => {
				const pending = [...request.itemIndexes].filter((itemIndex) => !failures.has(itemIndex));
				if (pending.length === 0 || stopped) return;
				try {
					const response = await cmsApiRequest.call(
						this,
						call,
						{ ...request.body, workNos: [...request.workNos] },
						pending[0],
					);
					for (const itemIndex of pending) {
						answers.set(itemIndex, {
							response,
							requests: (answers.get(itemIndex)?.requests ?? 0) + 1,
						});
						const done = changed.get(itemIndex) ?? new Set();
						for (const workNo of request.workNos) done.add(workNo);
						changed.set(itemIndex, done);
					}
				} catch (error) {
					if (error instanceof Previewed) {
						// Preview Only: each item sharing this request would send it (the first has it noted); the next requests are noted too.
						for (const itemIndex of pending.slice(1)) state.notePreview(itemIndex, error.request);
						return;
					}
					for (const itemIndex of pending) failures.set(itemIndex, error);
					if (!this.continueOnFail()) stopped = true;
				}
			});
		},
		() => stopped,
	);
	const changeOf = new Map(changes.map((change) => [change.itemIndex, change]));
	// An item whose requests were partly applied says exactly which work numbers were changed.
	for (const [itemIndex, error] of failures) {
		const change = changeOf.get(itemIndex);
		const done = changed.get(itemIndex);
		if (change && done?.size) failures.set(itemIndex, partlyDone(this, error, call, change, done));
	}
	if (stopped) {
		// Without Continue On Fail the node stops at a failed request, naming its first item.
		const first = Math.min(...failures.keys());
		throwUnlessContinueOnFail(this, failures.get(first), first);
	}
	return items.map((_item, itemIndex): ItemOutcome => {
		if (failures.has(itemIndex)) return { status: 'rejected', reason: failures.get(itemIndex) };
		if (state.previewOnly) return { status: 'fulfilled', value: {} };
		const answer = answers.get(itemIndex);
		// No answer and no failure: its requests were never sent (n8n canceled the execution).
		if (!answer) return { status: 'rejected', reason: state.canceledError() };
		const { response, requests } = answer;
		const change = changeOf.get(itemIndex)!;
		return {
			status: 'fulfilled',
			value: writeResult(response, { ...change.body, workNos: change.workNos, requests }),
		};
	});
}

/**
 * A failed item's error once some of its requests were applied: what was changed, and what was not, each
 * work number named (a person or a re-run must finish the work). Neither list is empty: some request of the
 * item was answered, and the refused one holds work numbers no other request of the item has.
 */
function partlyDone(
	context: IExecuteFunctions,
	error: unknown,
	call: CmsCall,
	change: MemberChange,
	done: Set<number>,
): NodeApiError {
	const cause = asApiError(context, error);
	const changedNos = change.workNos.filter((workNo) => done.has(workNo));
	const notChanged = change.workNos.filter((workNo) => !done.has(workNo));
	const verb = call === CMS_CALLS.addMembers ? 'added' : 'removed';
	return new NodeApiError(context.getNode(), {} as JsonObject, {
		itemIndex: change.itemIndex,
		message: `${cause.message}. Part of the item was done: ${changedNos.length} work numbers ${verb} (${changedNos.join(', ')}), ${notChanged.length} not (${notChanged.join(', ')})`,
		description: `${cause.description ? `${cause.description} ` : ''}Running the item again is safe: ${verb === 'added' ? 'adding' : 'removing'} again changes nothing for those already ${verb}.`,
		httpCode: (cause as NodeApiError).httpCode ?? undefined,
	});
}
