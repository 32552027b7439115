// Tests of index.js: the codes of internal/search/browserindex/FORMAT.md,
// bit for bit as browserindex's TestBitWriter writes them.
import assert from 'node:assert/strict';
import test from 'node:test';
import { decodePostings, decodeTermFile, decodeKeywords, decodeItems } from '../../../themes/default/assets/search/index.js';
import { bytesOf, utf8 } from './bits.mjs';

test('postings, term files and keyword tables decode', () => {
  // Postings: the bit stream of internal/search/browser.go, for documents
  // 0, 1, 3 with frequencies 1, 2, 1 and lengths 5, 7, 5 (lenMin 5, lenK 1).
  // TestBitWriter writes the same bits.
  const postingBits = '00100' + '00000' + '0000' + '0' + '0' + '00' + '0' + '10' + '100' + '10' + '0' + '00';
  assert.deepStrictEqual(decodePostings(bytesOf(postingBits), [5, 1]), { docs: [0, 1, 3], freqs: [1, 2, 1], lens: [5, 7, 5] });
  assert.deepStrictEqual(decodePostings(new Uint8Array(0), [0, 0]), { docs: [], freqs: [], lens: [] });
  assert.throws(() => decodePostings(bytesOf('00100'), [0, 0]), /truncated/);

  // Term files: records of term, byte lengths, _all and title postings.
  const tf = new Uint8Array([5, ...utf8('queue'), 2, 0, 0xAA, 0xBB, 3, ...utf8('東'), 0, 1, 0xCC]);
  const decoded = decodeTermFile(tf);
  assert.deepStrictEqual([...decoded.keys()], ['queue', '東']);
  assert.deepStrictEqual([...decoded.get('queue').all], [0xAA, 0xBB]);
  assert.deepStrictEqual([...decoded.get('queue').title], []);
  assert.deepStrictEqual([...decoded.get('東').title], [0xCC]);
  assert.throws(() => decodeTermFile(new Uint8Array([5, 65])), /truncated/);

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
  const kw = decodeKeywords(new Uint8Array([...tableA, ...tableA]), ['a', 'c'], 3);
  assert.deepStrictEqual([...kw.a.lens], [2, 0, 2]);
  assert.deepStrictEqual(kw.a.docTerms, [['x', 'xy'], [], ['xy']]);
  assert.deepStrictEqual(kw.a.postings.get('x'), { docs: [0], freqs: [1] });
  assert.deepStrictEqual(kw.a.postings.get('xy'), { docs: [0, 2], freqs: [1, 2] });
  assert.deepStrictEqual(kw.a.labels, new Map([['x', 'X']]));
  assert.deepStrictEqual(kw.c, kw.a);
  assert.strictEqual(kw.a.postings.get('constructor'), undefined);
  const tableB = new Uint8Array([...headB, ...bytesOf(pad(fieldB))]);
  const kwb = decodeKeywords(tableB, ['b'], 20);
  assert.deepStrictEqual([...kwb.b.lens], [...Array(19).fill(1), 0]);
  assert.deepStrictEqual(kwb.b.postings.get('z').docs, [...Array(19).keys()]);
  assert.throws(() => decodeKeywords(tableB, ['b'], 10), /bad keyword data/);
  assert.throws(() => decodeKeywords(tableB.subarray(0, 3), ['b'], 20), /truncated/);
});

test('display items decode from runs of one section', () => {
  // The items that browserindex's TestDisplayChunk writes.
  const runs = [[0, 'summary', 'S'], [1, 'timeline-9', 'T9', 1, 'T10', 'timeline-12', 'T12'],
    [2, 'what-went-well', 'W1', '', 'W2'], [3, 'rec-R1', 'R1', 1, 'R2']];
  const items = decodeItems(runs, ['Summary', 'Timeline', 'What went well', 'Recommendations']);
  assert.deepStrictEqual(items.map((it) => [it.anchor, it.section, it.text]), [
    ['summary', 'Summary', 'S'], ['timeline-9', 'Timeline', 'T9'], ['timeline-10', 'Timeline', 'T10'],
    ['timeline-12', 'Timeline', 'T12'], ['what-went-well', 'What went well', 'W1'],
    ['what-went-well', 'What went well', 'W2'], ['rec-R1', 'Recommendations', 'R1'], ['rec-R2', 'Recommendations', 'R2'],
  ]);
});
