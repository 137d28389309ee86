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

/** resultCode, or its 8.13-era equivalent ("0" = success) when only returnCode is sent. */
export function effectiveResultCode(response: CmsResponse): string | undefined {
	if (response.resultCode !== undefined) return String(response.resultCode);
	if (response.returnCode !== undefined)
		return String(response.returnCode) === '0' ? SUCCESS_CODE : String(response.returnCode);
	return undefined;
}

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
