// Copies the icons into dist, where the compiled nodes and credentials find them by their `file:` paths.
const { src, dest } = require('gulp');

exports['build:icons'] = function buildIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
};
