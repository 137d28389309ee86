import { resolve } from 'path';

/** The repository root (this file runs from dist/test). */
export const PACKAGE_ROOT = resolve(__dirname, '../..');
