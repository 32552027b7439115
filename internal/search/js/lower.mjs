// Prints search.js's lowercase mapping of every code point that it
// changes, as a JSON object {codePoint: lowered}, for the Go test that
// compares it with Go's unicode.ToLower.
import path from 'node:path';
import { lowerRune } from '../../../themes/default/assets/search/analysis.js';

const out = {};
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const l = lowerRune(cp);
  if (l !== cp) out[cp] = l;
}
process.stdout.write(JSON.stringify(out));
