import { memberChangeOperation } from './change';

/** Replace all members of a group with the given users (PUT groups/{id}/users). */
export const { description, execute } = memberChangeOperation('set');
