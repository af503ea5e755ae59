// Build steps besides tsc: clean dist/ and copy node and credential icons next to the compiled files,
// where n8n looks them up (`icon: 'file:yunke.svg'` is resolved relative to the .node.js/.credentials.js).
const { src, dest, series } = require('gulp');
const { rm } = require('node:fs/promises');
const { spawn } = require('node:child_process');
const path = require('node:path');

function clean() {
	return rm(path.join(__dirname, 'dist'), { recursive: true, force: true });
}

function compile(done) {
	const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	tsc.on('exit', (code) => done(code === 0 ? undefined : new Error(`tsc exited with ${code}`)));
}

function icons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = icons;
exports.build = series(clean, compile, icons);
exports.default = exports.build;
