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

// Postings: the bit stream of internal/search/browser.go, for documents
// 0, 1, 3 with frequencies 1, 2, 1 and lengths 5, 7, 5 (lenMin 5, lenK 1).
// TestBitWriter writes the same bits.
const bytesOf = (bits) => {
  const b = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') b[i >> 3] |= 0x80 >> (i & 7);
  return b;
};
const postingBits = '00100' + '00000' + '0000' + '0' + '0' + '00' + '0' + '10' + '100' + '10' + '0' + '00';
assert.deepStrictEqual(rs.decodePostings(bytesOf(postingBits), [5, 1]), { docs: [0, 1, 3], freqs: [1, 2, 1], lens: [5, 7, 5] });
assert.deepStrictEqual(rs.decodePostings(new Uint8Array(0), [0, 0]), { docs: [], freqs: [], lens: [] });
assert.throws(() => rs.decodePostings(bytesOf('00100'), [0, 0]), /truncated/);

// Term files: records of term, byte lengths, _all and title postings.
const utf8 = (t) => [...new TextEncoder().encode(t)];
const tf = new Uint8Array([5, ...utf8('queue'), 2, 0, 0xAA, 0xBB, 3, ...utf8('東'), 0, 1, 0xCC]);
const decoded = rs.decodeTermFile(tf);
assert.deepStrictEqual([...decoded.keys()], ['queue', '東']);
assert.deepStrictEqual([...decoded.get('queue').all], [0xAA, 0xBB]);
assert.deepStrictEqual([...decoded.get('queue').title], []);
assert.deepStrictEqual([...decoded.get('東').title], [0xCC]);
assert.throws(() => rs.decodeTermFile(new Uint8Array([5, 65])), /truncated/);

// Keyword tables: per field, its terms (front-coded) and labels, then its
// combinations of values and one a document, fixed or in runs.
// Field a, terms [x, xy], x written X: combinations [], [x, xy], [xy, xy];
// documents use 1, 0, 2 (mode 0, fixed width). Field b, terms [z]:
// combinations [z], []; 19 documents with z then one without (mode 1,
// runs). TestBitWriter writes the same bits; TestKeywordRoundTrip covers
// every mode.
const pad = (bits) => bits + '0'.repeat((8 - (bits.length % 8)) % 8);
const fieldA = '00' + '00100' + '00001' + '1' + '011' + '0' + '1' + '011' + '1' + '1' + '01' + '00' + '10';
const fieldB = '01' + '011' + '00000' + '010' + '1' + '011' + '000010011' + '0' + '1' + '1';
const headA = [2, 0, 1, ...utf8('x'), 1, 1, ...utf8('y'), 1, 0, 1, ...utf8('X')];
const headB = [1, 0, 1, ...utf8('z'), 0];
const tableA = new Uint8Array([...headA, ...bytesOf(pad(fieldA))]);
const kw = rs.decodeKeywords(new Uint8Array([...tableA, ...tableA]), ['a', 'c'], 3);
assert.deepStrictEqual([...kw.a.lens], [2, 0, 2]);
assert.deepStrictEqual(kw.a.docTerms, [['x', 'xy'], [], ['xy']]);
assert.deepStrictEqual(kw.a.postings.get('x'), { docs: [0], freqs: [1] });
assert.deepStrictEqual(kw.a.postings.get('xy'), { docs: [0, 2], freqs: [1, 2] });
assert.deepStrictEqual(kw.a.labels, new Map([['x', 'X']]));
assert.deepStrictEqual(kw.c, kw.a);
assert.strictEqual(kw.a.postings.get('constructor'), undefined);
const tableB = new Uint8Array([...headB, ...bytesOf(pad(fieldB))]);
const kwb = rs.decodeKeywords(tableB, ['b'], 20);
assert.deepStrictEqual([...kwb.b.lens], [...Array(19).fill(1), 0]);
assert.deepStrictEqual(kwb.b.postings.get('z').docs, [...Array(19).keys()]);
assert.throws(() => rs.decodeKeywords(tableB, ['b'], 10), /bad keyword data/);
assert.throws(() => rs.decodeKeywords(tableB.subarray(0, 3), ['b'], 20), /truncated/);

// Frequent terms: the manifest lists their hashes; a term whose hash is
// listed but whose own file holds another term is in its shard.
(async () => {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const varint = (v) => {
    let out = '';
    for (; v >= 32; v = Math.floor(v / 32)) out += b64[32 | (v % 32)];
    return out + b64[v];
  };
  const posting = bytesOf('010' + '00000' + '0000' + '0' + '0' + '0'); // document 0, frequency 1, length 1
  const record = (term) => [utf8(term).length, ...utf8(term), posting.length, 0, ...posting];
  const files = {
    'manifest.json': {
      version: 2, docs: 1, titleBoost: 2, shards: 1, chunk: 4, chunks: 1, facets: [], keywords: [],
      frequent: varint(rs.fnv1a('queue') >>> 8), len: { _all: [1, 0], title: [1, 0] },
    },
    'terms/f0.bin': new Uint8Array(record('other')),
    'terms/0.bin': new Uint8Array(record('queue')),
  };
  const fetched = [];
  const engine = new rs.Engine('', async (p) => { fetched.push(p); return files[p]; });
  const res = await engine.search('queue');
  assert.strictEqual(res.total, 1);
  assert.deepStrictEqual(fetched, ['manifest.json', 'terms/f0.bin', 'terms/0.bin']);
  console.log('search.js unit checks passed');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
