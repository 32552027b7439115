// Tests of fragment.js: highlights and snippets.
import assert from 'node:assert/strict';
import test from 'node:test';
import { queryTerms, highlight, snippet } from '../../../themes/default/assets/search/fragment.js';

test('highlight marks the tokens whose terms the query has; snippet cuts around them', () => {
  // Highlights: pieces of text, marks on the tokens whose terms match.
  const terms = queryTerms('queue consumers');
  assert.deepStrictEqual([...terms].sort(), ['consum', 'queue']);
  const pieces = highlight("The queue's <b>consumers</b> lagged", terms);
  assert.deepStrictEqual(pieces, [
    { text: 'The ', mark: false },
    { text: "queue's", mark: true },
    { text: ' <b>', mark: false },
    { text: 'consumers', mark: true },
    { text: '</b> lagged', mark: false },
  ]);

  // Snippets: the passage with most matched terms, cut around the match.
  const long = 'word '.repeat(100) + 'the queue backed up ' + 'word '.repeat(100);
  const snip = snippet(['nothing here', long, 'one queue'], new Set(['queue', 'back']), 80);
  assert.strictEqual(snip[0].text, '…');
  assert.ok(snip.some((p) => p.mark && p.text === 'queue'));
  assert.ok(snip.some((p) => p.mark && p.text === 'backed'));
  assert.ok(snip.map((p) => p.text).join('').length < 100);
  assert.deepStrictEqual(snippet(['plain text'], new Set(['zzz'])), [{ text: 'plain text', mark: false }]);
});
