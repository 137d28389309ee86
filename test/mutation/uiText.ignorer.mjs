// A Stryker ignorer: texts an n8n user reads in the editor (a parameter's label, its help and
// placeholder, an option's label) are not code in which a bug loses data or leaks a secret, and no
// honest test pins each of them, so their mutants are reported as ignored instead of surviving.
// Only the text values of an object that is an n8n parameter (it has a displayName) are ignored, and
// the label (`name`) and help of an entry of a parameter's `options` list (it has a `value`); a
// parameter's `name`, an option's `value`, `default`, `type` and every error message are still mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const UI_TEXT_KEYS = new Set(['displayName', 'description', 'hint', 'placeholder', 'action']);

function keyName(property) {
	const key = property.node.key;
	if (!key) return undefined;
	return key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : undefined;
}

/** Whether the object literal has a plain (not computed) key `wanted`. */
const hasKey = (objectPath, wanted) =>
	objectPath.node.properties.some(
		(property) =>
			property.type === 'ObjectProperty' && !property.computed && keyName({ node: property }) === wanted,
	);

/** An n8n parameter: it has a displayName. */
const isEditorEntry = (objectPath) => hasKey(objectPath, 'displayName');

/** An entry of an n8n parameter's `options` list: `{ name, value }`, its name the label shown. */
function isOptionEntry(objectPath) {
	const list = objectPath.parentPath;
	return (
		hasKey(objectPath, 'value') &&
		list?.isArrayExpression() &&
		list.parentPath?.isObjectProperty() &&
		keyName(list.parentPath) === 'options'
	);
}

const OPTION_TEXT_KEYS = new Set(['name', 'description', 'action']);

export const strykerPlugins = [
	declareValuePlugin(PluginKind.Ignore, 'ui-text', {
		shouldIgnore(path) {
			// Walk up to the property whose value holds this node.
			for (let current = path; current?.parentPath; current = current.parentPath) {
				const parent = current.parentPath;
				// A node's or credential's class field: its displayName, description.
				if (parent.isClassProperty() && parent.node.value === current.node) {
					return UI_TEXT_KEYS.has(keyName(parent))
						? 'Text an n8n user reads in the editor (test/mutation/uiText.ignorer.mjs)'
						: undefined;
				}
				if (parent.isObjectProperty() && parent.node.value === current.node) {
					const entry = parent.parentPath;
					if (
						entry.isObjectExpression() &&
						((UI_TEXT_KEYS.has(keyName(parent)) && isEditorEntry(entry)) ||
							(OPTION_TEXT_KEYS.has(keyName(parent)) && isOptionEntry(entry)))
					) {
						return 'Text an n8n user reads in the editor (test/mutation/uiText.ignorer.mjs)';
					}
					return undefined;
				}
				if (!current.isExpression() && !current.isTemplateElement?.()) return undefined;
			}
			return undefined;
		},
	}),
];
