// Tests of query.js: bleve's query-string syntax, and the engine over a
// tiny index held in memory.
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseQuery, QueryError, Engine } from '../../../themes/default/assets/search/query.js';
import { fnv1a, VERSION } from '../../../themes/default/assets/search/index.js';
import { bytesOf, utf8 } from './bits.mjs';

test('parseQuery follows bleve and rejects what bleve rejects', () => {
  // Queries: bleve's syntax, and errors for what bleve rejects.
  let pq = parseQuery('+queue -cache "backed up" service:checkout-api title:sale^2 fail* 2024?');
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
    assert.throws(() => parseQuery(bad), QueryError, bad);
  }
  assert.doesNotThrow(() => parseQuery('('));
  assert.deepStrictEqual(parseQuery('why did it fail??').should.map((c) => c.text), ['why', 'did', 'it', 'fail']);
});

test('a frequent term whose own file holds another term is in its shard', async () => {
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
        version: VERSION, docs: 1, pairBoost: 2, avg: { _all: 1, title: 1, pairs: 1 }, shards: 1, chunk: 4, chunks: 1, facets: [], keywords: [],
        frequent: varint(fnv1a('queue') >>> 12), len: { _all: [1, 0], title: [1, 0], pairs: [1, 0] },
      },
      'terms/f0.bin': new Uint8Array(record('other')),
      'terms/0.bin': new Uint8Array(record('queue')),
    };
    const fetched = [];
    const engine = new Engine('', async (p) => { fetched.push(p); return files[p]; });
    const res = await engine.search('queue');
    assert.strictEqual(res.total, 1);
    assert.deepStrictEqual(fetched, ['manifest.json', 'terms/f0.bin', 'terms/0.bin']);
});

test('an index of another format version is refused', async () => {
  const engine = new Engine('', async () => ({ version: VERSION - 1, docs: 0 }));
  await assert.rejects(engine.search('queue'), /format version/);
});
