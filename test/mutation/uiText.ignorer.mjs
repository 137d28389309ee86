// A Stryker ignorer: texts an n8n user reads in the editor (a parameter's label, its help and
// placeholder, an option's label) are not code in which a bug loses data or leaks a secret, and no
// honest test pins each of them, so their mutants are reported as ignored instead of surviving.
// Only the text values of an object that is an n8n parameter or option (it has a displayName) are
// ignored; its `name`, `value`, `default`, `type` and every error message are still mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const UI_TEXT_KEYS = new Set(['displayName', 'description', 'hint', 'placeholder', 'action']);

function keyName(property) {
	const key = property.node.key;
	if (!key) return undefined;
	return key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : undefined;
}

function isEditorEntry(objectPath) {
	return objectPath.node.properties.some(
		(property) =>
			property.type === 'ObjectProperty' &&
			!property.computed &&
			((property.key.type === 'Identifier' && property.key.name === 'displayName') ||
				(property.key.type === 'StringLiteral' && property.key.value === 'displayName')),
	);
}

export const strykerPlugins = [
	declareValuePlugin(PluginKind.Ignore, 'ui-text', {
		shouldIgnore(path) {
			// Walk up to the property whose value holds this node.
			for (let current = path; current?.parentPath; current = current.parentPath) {
				const parent = current.parentPath;
				if (parent.isObjectProperty() && parent.node.value === current.node) {
					if (
						UI_TEXT_KEYS.has(keyName(parent)) &&
						parent.parentPath.isObjectExpression() &&
						isEditorEntry(parent.parentPath)
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
