// Runs queries through search.js's engine over a browser index on disk,
// for the Go ranking parity test.
// Usage: node rank.mjs BROWSER_DIR QUERIES.json OUT.json [TOP]
// QUERIES.json is an array of strings; OUT.json receives, per query,
// {total, ids, scores, matches, approximate, facets, error, bytes, fetched} for the
// TOP (default 10) hits, where facets maps field → value → count, and bytes
// and fetched tell what the query fetched to show its first page of
// results (the facet counts come after).
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../../themes/default/assets/search/query.js';
import { queryTerms, matches } from '../../../themes/default/assets/search/fragment.js';

async function main() {
  const [dir, queriesFile, outFile, topArg] = process.argv.slice(2);
  const top = Number(topArg || 10);
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  const out = [];
  for (const q of queries) {
    // A fresh engine per query, as a first query on a fresh page.
    let bytes = 0;
    const fetched = [];
    const engine = new Engine('', async (p, type) => {
      const buf = await fs.promises.readFile(path.join(dir, p));
      bytes += buf.length;
      fetched.push(p);
      return type === 'json' ? JSON.parse(buf.toString('utf8')) : new Uint8Array(buf);
    });
    try {
      const res = await engine.search(q);
      const hits = res.hits.slice(0, top);
      const recs = await engine.records(hits.map((h) => h.doc));
      // What the page fetches before it shows the hits; the facet counts
      // come after.
      const firstBytes = bytes, firstFetched = fetched.slice();
      const facets = await engine.facets(res);
      out.push({
        total: res.total,
        ids: recs.map((r) => r.id),
        scores: hits.map((h) => h.score),
        matches: recs.map((r) => matches(r.items, queryTerms(q)).map((m) => ({
          anchor: '#' + m.anchor, section: m.section,
          text: m.pieces.map((p) => (p.mark ? '<mark>' + p.text + '</mark>' : p.text)).join(''),
        }))),
        approximate: res.approximate,
        facets: Object.fromEntries(Object.entries(facets).map(([f, vs]) => [f, Object.fromEntries(vs.map((v) => [v.value, v.count]))])),
        bytes: firstBytes,
        fetched: firstFetched,
      });
    } catch (e) {
      out.push({ error: String(e && e.message ? e.message : e), total: 0, ids: [], scores: [] });
    }
  }
  fs.writeFileSync(outFile, JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
