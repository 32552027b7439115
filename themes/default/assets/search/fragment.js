// Fragments: the query's terms marked in a result's texts, with the
// analyzer's own tokens, as [{text, mark}] pieces.
import { analyze, analyzeTokens } from './analysis.js';
import { parseQuery, fieldName, TEXT_FIELDS } from './query.js';


// queryTerms is the set of text terms a query looks for, for highlights.
export function queryTerms(q) {
  var set = new Set();
  var pq;
  try { pq = parseQuery(q); } catch (e) { return set; }
  pq.should.concat(pq.must).forEach(function (cl) {
    var f = (fieldName(cl.field));
    if (cl.kind !== 'unsupported' && (f === '' || TEXT_FIELDS.indexOf(f) >= 0)) {
      analyze(cl.text).forEach(function (t) { set.add(t); });
    }
  });
  return set;
}

// highlight splits text into [{text, mark}] pieces, marking the tokens
// whose analyzed term is in terms.
export function highlight(text, terms) {
  var out = [];
  var at = 0;
  analyzeTokens(text).forEach(function (t) {
    if (!terms.has(t.term)) return;
    if (t.start > at) out.push({ text: text.slice(at, t.start), mark: false });
    out.push({ text: text.slice(t.start, t.end), mark: true });
    at = t.end;
  });
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

// snippet picks the passage with the most matched terms and cuts a window
// of about width characters around its first match.
export function snippet(passages, terms, width) {
  width = width || 220;
  var best = null, bestCount = -1;
  for (var i = 0; i < passages.length; i++) {
    var toks = analyzeTokens(passages[i]);
    var seen = new Set();
    var first = -1;
    toks.forEach(function (t) {
      if (terms.has(t.term)) {
        seen.add(t.term);
        if (first < 0) first = t.start;
      }
    });
    if (seen.size > bestCount) {
      best = { text: passages[i], first: first };
      bestCount = seen.size;
    }
  }
  if (!best) return [];
  var text = best.text;
  var start = 0;
  if (best.first > width / 3) {
    start = text.lastIndexOf(' ', best.first - Math.floor(width / 3));
    start = start < 0 ? 0 : start + 1;
  }
  var end = Math.min(text.length, start + width);
  if (end < text.length) {
    var sp = text.lastIndexOf(' ', end);
    if (sp > start + width / 2) end = sp;
  }
  var pieces = highlight(text.slice(start, end), terms);
  if (start > 0) pieces.unshift({ text: '…', mark: false });
  if (end < text.length) pieces.push({ text: '…', mark: false });
  return pieces;
}
