// Runs texts through search.js's analyzer for the Go parity test.
// Usage: node analyze.js IN.json OUT.json, where IN.json is an array of
// strings; OUT.json receives an array of arrays of terms.
'use strict';
const fs = require('fs');
const path = require('path');
const rs = require(path.join(__dirname, '../../../themes/default/assets/search.js'));

const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
fs.writeFileSync(process.argv[3], JSON.stringify(texts.map((t) => rs.analyze(t))));
