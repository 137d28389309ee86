import type { IDataObject } from 'n8n-workflow';

import { SUCCESS_CODE } from './resultCodes';

/** The CMS envelope; servers of 8.13 and earlier also (or only) send returnCode / description. */
export interface CmsResponse {
	[field: string]: unknown;
	resultCode?: string;
	resultDesc?: unknown;
	returnCode?: string;
	description?: unknown;
}

/** A result code as the API writes them: a few digits or letters (anything else is no code, and is never shown). */
const isCode = (value: unknown): value is string | number =>
	(typeof value === 'string' && /^\s*[0-9A-Za-z_-]{1,16}\s*$/.test(value)) ||
	(typeof value === 'number' && Number.isSafeInteger(value));

/**
 * resultCode, or its 8.13-era equivalent ("0" = success) when only returnCode is sent; undefined
 * when the answer has no code that is text or a whole number (null, an object...). When both are
 * sent they must agree on success: resultCode 0100000 with returnCode "1" ("failed") is no success.
 */
export function effectiveResultCode(response: CmsResponse): string | undefined {
	const { resultCode, returnCode } = response;
	if (resultCode !== undefined) {
		if (!isCode(resultCode)) return undefined;
		const code = String(resultCode).trim();
		if (code === SUCCESS_CODE && returnCode !== undefined && String(returnCode).trim() !== '0')
			return CONTRADICTION;
		return code;
	}
	if (!isCode(returnCode)) return undefined;
	return String(returnCode).trim() === '0' ? SUCCESS_CODE : String(returnCode).trim();
}

/** What effectiveResultCode gives for an answer that says success in one field and failure in the other. */
export const CONTRADICTION = 'contradiction';

/** The data of a query: a list in resultDesc, or in description on servers of 8.13 and earlier; undefined if neither is a list. */
export function resultList(response: CmsResponse): IDataObject[] | undefined {
	if (Array.isArray(response.resultDesc)) return response.resultDesc as IDataObject[];
	if (Array.isArray(response.description)) return response.description as IDataObject[];
	return undefined;
}

/** A write's output: { success, resultCode, resultDesc, ...fields } (the raw envelope repeats them in older fields). */
export function writeResult(response: CmsResponse, fields: IDataObject): IDataObject {
	return {
		success: true,
		resultCode: effectiveResultCode(response) ?? SUCCESS_CODE,
		resultDesc:
			(typeof response.resultDesc === 'string' ? response.resultDesc : response.description) ?? '',
		...fields,
	};
}
