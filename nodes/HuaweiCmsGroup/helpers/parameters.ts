import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { integerInRange, invalidParameter, requiredText } from '../../shared/validation';

export const VDN_MAX = 99999;
export const WORK_NO_MAX = 999999;

/** The { ccId?, vdn } every body starts with; ccId is left out when the user gave none. */
export function vdnAndCallCenter(context: IExecuteFunctions, itemIndex: number, collection = 'options'): IDataObject {
	const body: IDataObject = {};
	const ccId = (context.getNodeParameter(collection, itemIndex, {}) as IDataObject).ccId;
	if (ccId !== undefined && ccId !== null && ccId !== '') {
		body.ccId = integerInRange(context, ccId, 'Call Center ID', itemIndex, 1, 65535);
	}
	body.vdn = integerInRange(context, context.getNodeParameter('vdn', itemIndex), 'VDN', itemIndex, 1, VDN_MAX);
	return body;
}

/** A group ID from a resource locator (list or by ID): a non-blank string, kept as text. */
export function groupIdParameter(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = requiredText(context, value, label, itemIndex, 64).trim();
	if (!/^[0-9A-Za-z_-]+$/.test(id)) {
		throw invalidParameter(context, label, itemIndex, 'must be a group ID (digits or letters, no spaces)', value);
	}
	return id;
}

/** Splits "1, 2 3" (or takes a list or a number) into its items. */
function listItems(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'number') return [value];
	if (typeof value === 'string') return value.split(/[\s,;]+/).filter((part) => part !== '');
	return value === undefined || value === null ? [] : [value];
}

/**
 * Agent work numbers: whole numbers 0..999999, duplicates dropped. Never empty: an empty list
 * sent to batchdeletegroupmember removes every member of the VDN.
 */
export function workNosParameter(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number[] {
	const workNos = new Set<number>();
	for (const item of listItems(value)) {
		const text = typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : '';
		if (!/^\d{1,6}$/.test(text)) {
			throw invalidParameter(context, label, itemIndex, `must list work numbers (whole numbers from 0 to ${WORK_NO_MAX})`, item);
		}
		workNos.add(Number(text));
	}
	if (workNos.size === 0) {
		throw invalidParameter(context, label, itemIndex, 'must list at least one work number (an empty list is never sent: the API would take it as every agent of the VDN)', value);
	}
	return [...workNos];
}

/** A list of group IDs (comma-separated text or a list), duplicates dropped, never empty. */
export function groupIdsParameter(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string[] {
	const ids = new Set<string>();
	for (const item of listItems(value)) {
		const id = String(item).trim();
		if (!/^[0-9A-Za-z_-]{1,64}$/.test(id)) throw invalidParameter(context, label, itemIndex, 'must list group IDs', item);
		ids.add(id);
	}
	if (ids.size === 0) throw invalidParameter(context, label, itemIndex, 'must list at least one group ID', value);
	return [...ids];
}
