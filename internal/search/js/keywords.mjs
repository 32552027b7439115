// Decodes a keyword table with search.js, for the Go round-trip test.
// Usage: node keywords.mjs TABLE.bin SPEC.json OUT.json, where SPEC.json is
// {fields: [...], docs: N}; OUT.json receives, per field, {lens, docTerms,
// labels, postings} with maps as objects.
import fs from 'node:fs';
import path from 'node:path';
import { decodeKeywords } from '../../../themes/default/assets/search/index.js';

const [tableFile, specFile, outFile] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
const kw = decodeKeywords(new Uint8Array(fs.readFileSync(tableFile)), spec.fields, spec.docs);
const out = {};
for (const f of spec.fields) {
  out[f] = {
    lens: [...kw[f].lens],
    docTerms: kw[f].docTerms,
    labels: Object.fromEntries(kw[f].labels),
    postings: Object.fromEntries(kw[f].postings),
  };
}
fs.writeFileSync(outFile, JSON.stringify(out));
