import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { idText, integerValue, invalidParameter, listItems } from '../../shared/validation';

// Reading and checking the Huawei node's parameters (the descriptions only declare them).

export const VDN_MAX = 99999;
/** Agent work numbers, the same range in every operation. */
export const WORK_NO_MAX = 999999;
/** A CMS group ID: digits (about 30) on the servers documented; letters, _ and - inside are kept as text. */
export const GROUP_ID = /^[0-9A-Za-z_][0-9A-Za-z_-]{0,63}$/;

/** The { ccId?, vdn } every body starts with; ccId (Options) is left out when the user gave none. */
export function vdnAndCallCenter(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return callCenterAndVdn(
		context,
		context.getNodeParameter('options', itemIndex, {}) as IDataObject,
		context.getNodeParameter('vdn', itemIndex),
		itemIndex,
	);
}

/** The same from values already read (a trigger's poll reads its parameters without an item). */
export function callCenterAndVdn(
	context: Pick<IExecuteFunctions, 'getNode'>,
	options: IDataObject,
	vdn: unknown,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	const { ccId } = options;
	if (ccId !== undefined && ccId !== null && ccId !== '') {
		body.ccId = integerValue(context, ccId, 'Call Center ID', itemIndex, 1, 65535);
	}
	body.vdn = integerValue(context, vdn, 'VDN', itemIndex, 1, VDN_MAX);
	return body;
}

/** A group ID (about 30 digits), kept as text; a JSON number that lost digits is refused. */
export function groupIdValue(
	context: Pick<IExecuteFunctions, 'getNode'>,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = idText(context, value, label, itemIndex);
	if (id === '') throw invalidParameter(context, label, itemIndex, 'must not be empty', value);
	if (!GROUP_ID.test(id))
		throw invalidParameter(
			context,
			label,
			itemIndex,
			'must be a group ID (digits or letters, no spaces)',
			value,
		);
	return id;
}

/** The group ID of a resource locator parameter (from the list or by ID). */
export function groupIdParameter(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	return groupIdValue(
		context,
		context.getNodeParameter(name, itemIndex, '', { extractValue: true }),
		label,
		itemIndex,
	);
}

/** Agent work numbers ("57005, 57006" or a list), duplicates dropped; an empty list is `[]`. */
export function workNosValue(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number[] {
	const workNos = new Set<number>();
	for (const item of listItems(value)) {
		const text =
			typeof item === 'number' && Number.isSafeInteger(item)
				? String(item)
				: typeof item === 'string'
					? item.trim()
					: '';
		if (!/^\d{1,6}$/.test(text)) {
			throw invalidParameter(
				context,
				label,
				itemIndex,
				`must list work numbers (whole numbers from 0 to ${WORK_NO_MAX})`,
				item,
			);
		}
		workNos.add(Number(text));
	}
	return [...workNos];
}

/**
 * Like workNosValue, but never empty: an empty list sent to batchdeletegroupmember removes every
 * member of the VDN, so no member change ever sends one.
 */
export function requiredWorkNos(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number[] {
	const workNos = workNosValue(context, value, label, itemIndex);
	if (workNos.length === 0) {
		throw invalidParameter(
			context,
			label,
			itemIndex,
			'must list at least one work number (an empty list is never sent: the API would take it as every agent of the VDN)',
			value,
		);
	}
	return workNos;
}

/** A list of group IDs (comma-separated text or a list), duplicates dropped, never empty. */
export function groupIdsValue(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string[] {
	const ids = new Set<string>();
	for (const item of listItems(value)) ids.add(groupIdValue(context, item, label, itemIndex));
	if (ids.size === 0)
		throw invalidParameter(context, label, itemIndex, 'must list at least one group ID', value);
	return [...ids];
}
