// Runs texts through search.js's analyzer for the Go parity test.
// Usage: node analyze.mjs IN.json OUT.json, where IN.json is an array of
// strings; OUT.json receives an array of arrays of terms.
import fs from 'node:fs';
import path from 'node:path';
import * as analysis from '../../../themes/default/assets/search/analysis.js';

const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
fs.writeFileSync(process.argv[3], JSON.stringify(texts.map((t) => analysis.analyze(t))));
