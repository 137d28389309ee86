import { CMS_CALLS } from '../../transport/calls';
import { relationOperation } from './relation';

/** Stop a quality inspection group inspecting the given groups (deleteqcrelationconf; field names inferred). */
export const { description, execute } = relationOperation('delete', CMS_CALLS.deleteInspection);
