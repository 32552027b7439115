// Tests of fragment.js: highlights, and the items where a result matched,
// by the rules internal/search/evidence.go applies (TestMatchesParity
// holds the two to each other over a built index).
import assert from 'node:assert/strict';
import test from 'node:test';
import { queryTerms, highlight, matches, fragment, lead } from '../../../themes/default/assets/search/fragment.js';

test('queryTerms are the analyzed words of the text clauses, excluded ones left out', () => {
  assert.deepEqual([...queryTerms('queue consumers')].sort(), ['consum', 'queue']);
  assert.deepEqual([...queryTerms('"rate limit" -cache service:checkout-api title:stall')].sort(), ['limit', 'rate', 'stall']);
  assert.deepEqual([...queryTerms('"unterminated')], []);
});

test('highlight marks the tokens whose terms the query has', () => {
  const pieces = highlight("The queue's <b>consumers</b> lagged", queryTerms('queue consumers'));
  assert.deepEqual(pieces, [
    { text: 'The ', mark: false },
    { text: "queue's", mark: true },
    { text: ' <b>', mark: false },
    { text: 'consumers', mark: true },
    { text: '</b> lagged', mark: false },
  ]);
});

test('matches rank items by distinct terms, then page order; an anchor once; three at most', () => {
  const items = [
    { anchor: 'summary', section: 'Summary', text: 'Checkout was throttled.' },
    { anchor: 'timeline-1', section: 'Timeline', text: 'Error rate rises' },
    { anchor: 'timeline-2', section: 'Timeline', text: 'Our rate limit was lowered' },
    { anchor: 'rec-R1', section: 'Recommendations', text: 'Alert before the rate limit' },
    { anchor: 'what-went-well', section: 'What went well', text: 'The limit showed' },
    { anchor: 'what-went-well', section: 'What went well', text: 'Rate and limit again' },
  ];
  const got = matches(items, queryTerms('rate limit'));
  assert.deepEqual(got.map((m) => m.anchor), ['timeline-2', 'rec-R1', 'what-went-well']);
  assert.deepEqual(got[0].pieces, [
    { text: 'Our ', mark: false },
    { text: 'rate', mark: true },
    { text: ' ', mark: false },
    { text: 'limit', mark: true },
    { text: ' was lowered', mark: false },
  ]);
  assert.equal(got[2].pieces.map((p) => p.text).join(''), 'Rate and limit again');
  // A phrase beats its words scattered.
  const phrase = matches([
    { anchor: 'timeline-1', section: 'Timeline', text: 'The limit on the error rate' },
    { anchor: 'timeline-2', section: 'Timeline', text: 'The rate limit fired' },
  ], queryTerms('rate limit'));
  assert.deepEqual(phrase.map((m) => m.anchor), ['timeline-2', 'timeline-1']);
  assert.deepEqual([...queryTerms('"rate limit" queue').pairs], ['rate limit']);
  assert.deepEqual([...queryTerms('rate limit').pairs], ['rate limit']);
  assert.deepEqual([...queryTerms('rate -limit').pairs], []);
  assert.deepEqual(matches(items, queryTerms('zzz')), []);
  assert.deepEqual(matches(items, new Set()), []);
});

test('a fragment is cut around the first match, at spaces, with ellipses', () => {
  const text = 'word '.repeat(100) + 'the queue backed up ' + 'word '.repeat(100);
  const items = [{ anchor: 'what-went-well', section: 'What went well', text }];
  const [m] = matches(items, queryTerms('queue backed'));
  assert.equal(m.pieces[0].text, '…');
  assert.equal(m.pieces[m.pieces.length - 1].text, '…');
  assert.ok(m.pieces.some((p) => p.mark && p.text === 'queue'));
  assert.ok(m.pieces.some((p) => p.mark && p.text === 'backed'));
  const shown = m.pieces.map((p) => p.text).join('');
  assert.ok(shown.length <= 202, shown);
  assert.ok(shown.indexOf('queue') > 50 && shown.indexOf('queue') < 70, shown);
  assert.deepEqual(fragment('short text', []), [{ text: 'short text', mark: false }]);
  assert.deepEqual(lead(items).pieces.map((p) => p.text).join('').slice(0, 9), 'word word');
  assert.equal(lead([]), null);
});
