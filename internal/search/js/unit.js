// Unit checks of search.js's pure parts (run by TestSearchJSUnit):
// query parsing, highlighting and snippets.
'use strict';
const assert = require('assert');
const path = require('path');
const rs = require(path.join(__dirname, '../../../themes/default/assets/search.js'));

// Queries: bleve's syntax, and errors for what bleve rejects.
let pq = rs.parseQuery('+queue -cache "backed up" service:checkout-api title:sale^2 fail* 2024?');
assert.deepStrictEqual(pq.must.map((c) => c.text), ['queue']);
assert.deepStrictEqual(pq.mustNot.map((c) => c.text), ['cache']);
assert.deepStrictEqual(pq.should.map((c) => [c.kind, c.field, c.text]), [
  ['phrase', '', 'backed up'],
  ['match', 'service', 'checkout-api'],
  ['match', 'title', 'sale'],
  ['unsupported', '', 'fail*'],
  ['match', '', '2024'],
]);
assert.strictEqual(pq.should[2].boost, 2);
assert.deepStrictEqual(pq.approximate, ['phrases', 'wildcards']);
for (const bad of ['"unterminated', 'title:', '+', '-', ':', 'a^b', 'foo:>']) {
  assert.throws(() => rs.parseQuery(bad), rs.QueryError, bad);
}
assert.doesNotThrow(() => rs.parseQuery('('));
assert.deepStrictEqual(rs.parseQuery('why did it fail??').should.map((c) => c.text), ['why', 'did', 'it', 'fail']);

// Highlights: pieces of text, marks on the tokens whose terms match.
const terms = rs.queryTerms('queue consumers');
assert.deepStrictEqual([...terms].sort(), ['consum', 'queue']);
const pieces = rs.highlight("The queue's <b>consumers</b> lagged", terms);
assert.deepStrictEqual(pieces, [
  { text: 'The ', mark: false },
  { text: "queue's", mark: true },
  { text: ' <b>', mark: false },
  { text: 'consumers', mark: true },
  { text: '</b> lagged', mark: false },
]);

// Snippets: the passage with most matched terms, cut around the match.
const long = 'word '.repeat(100) + 'the queue backed up ' + 'word '.repeat(100);
const snip = rs.snippet(['nothing here', long, 'one queue'], new Set(['queue', 'back']), 80);
assert.strictEqual(snip[0].text, '…');
assert.ok(snip.some((p) => p.mark && p.text === 'queue'));
assert.ok(snip.some((p) => p.mark && p.text === 'backed'));
assert.ok(snip.map((p) => p.text).join('').length < 100);
assert.deepStrictEqual(rs.snippet(['plain text'], new Set(['zzz'])), [{ text: 'plain text', mark: false }]);

// Postings: the varint format of internal/search/browser.go.
assert.deepStrictEqual(rs.decodePostings('ABAC'), { docs: [0, 1, 3], freqs: [1, 2, 1], lens: null });
console.log('search.js unit checks passed');
