// Evidence: the items of a result that hold the query's words, and the
// fragments that show them, by the rules of internal/search/evidence.go
// (`retro search` applies the same to the whole texts): an item matches
// when it holds one of the query's terms; items rank by how many distinct
// terms they hold plus how many of the query's pairs of adjacent terms
// they hold adjacent, then in page order; an anchor is shown once; a fragment
// is about FRAGMENT_WIDTH characters from up to FRAGMENT_LEAD before the
// first match, cut at spaces. Pieces are [{text, mark}]: the page turns
// them into text nodes and <mark> elements.
import { analyzePairs, analyzeTokens } from './analysis.js';
import { parseQuery, fieldName, queryPairs, TEXT_FIELDS } from './query.js';

export var MAX_MATCHES = 3;
var FRAGMENT_WIDTH = 200;
var FRAGMENT_LEAD = 60;

// queryTerms is the set of text terms a query looks for: those of its
// text clauses, excluded ones left out. Its `pairs` are the pairs of
// adjacent terms that rank a result higher (queryPairs) and those of its
// phrases ("rate limit").
export function queryTerms(q) {
  var set = new Set();
  set.pairs = new Set();
  var pq;
  try { pq = parseQuery(q); } catch (e) { return set; }
  pq.should.concat(pq.must).forEach(function (cl) {
    var f = fieldName(cl.field);
    if (cl.kind !== 'unsupported' && (f === '' || f === '_all' || TEXT_FIELDS.indexOf(f) >= 0)) {
      analyzeTokens(cl.text).forEach(function (t) { set.add(t.term); });
      if (cl.kind === 'phrase') analyzePairs(cl.text).forEach(function (p) { set.pairs.add(p); });
    }
  });
  queryPairs(pq).forEach(function (p) { set.pairs.add(p); });
  return set;
}

// highlight splits text into pieces, marking the tokens whose analyzed
// term is in terms.
export function highlight(text, terms) {
  return mark(text, analyzeTokens(text).filter(function (t) { return terms.has(t.term); }), 0, text.length);
}

// mark returns the pieces of text[start:end], the tokens toks (in order)
// marked.
function mark(text, toks, start, end) {
  var out = [];
  var at = start;
  toks.forEach(function (t) {
    if (t.start < at || t.end > end) return;
    if (t.start > at) out.push({ text: text.slice(at, t.start), mark: false });
    out.push({ text: text.slice(t.start, t.end), mark: true });
    at = t.end;
  });
  if (at < end) out.push({ text: text.slice(at, end), mark: false });
  return out;
}

// matches picks the items that hold the query's terms, best first:
// [{anchor, section, pieces}].
export function matches(items, terms) {
  var cands = [];
  if (terms.size === 0) return [];
  var pairs = terms.pairs || new Set();
  items.forEach(function (it, i) {
    var toks = analyzeTokens(it.text);
    var hit = [], seen = new Set();
    toks.forEach(function (t, k) {
      if (terms.has(t.term)) {
        hit.push(t);
        seen.add(t.term);
      }
      if (k > 0 && toks[k - 1].pos + 1 === t.pos && pairs.has(toks[k - 1].term + ' ' + t.term)) seen.add(toks[k - 1].term + ' ' + t.term);
    });
    if (seen.size > 0) cands.push({ i: i, score: seen.size, toks: hit });
  });
  cands.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
  var out = [], shown = new Set();
  for (var k = 0; k < cands.length && out.length < MAX_MATCHES; k++) {
    var it = items[cands[k].i];
    if (shown.has(it.anchor)) continue;
    shown.add(it.anchor);
    out.push({ anchor: it.anchor, section: it.section, pieces: fragment(it.text, cands[k].toks) });
  }
  return out;
}

// fragment cuts a window of text around the first of the matched tokens
// and marks those inside it.
export function fragment(text, toks) {
  var w = window_(text, toks.length ? toks[0].start : 0);
  var pieces = mark(text, toks, w[0], w[1]);
  if (w[0] > 0) pieces.unshift({ text: '…', mark: false });
  if (w[1] < text.length) pieces.push({ text: '…', mark: false });
  return pieces;
}

// window_ is the [start, end) of the fragment around the match at first:
// from FRAGMENT_LEAD characters before it (after a space) to FRAGMENT_WIDTH
// characters on (at a space, when one is in its second half); characters
// are code points, offsets UTF-16 indexes.
function window_(text, first) {
  var start = 0;
  var back = first, n = 0;
  while (back > 0 && n < FRAGMENT_LEAD) {
    back -= isLow(text, back - 1) ? 2 : 1;
    n++;
  }
  if (n === FRAGMENT_LEAD && back > 0) {
    var sp = text.lastIndexOf(' ', back - 1);
    if (sp >= 0) start = sp + 1;
  }
  var end = start;
  for (var k = 0; k < FRAGMENT_WIDTH && end < text.length; k++) end += isLow(text, end + 1) ? 2 : 1;
  if (end < text.length) {
    var sp2 = text.lastIndexOf(' ', end - 1);
    if (sp2 >= start && sp2 - start > FRAGMENT_WIDTH / 2) end = sp2;
  }
  return [start, end];
}

// isLow: text[i] is the second half of a surrogate pair.
function isLow(text, i) {
  var c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0;
}

// lead is the opening of a text, for a result with no matched item (a
// match in the title or a facet): its first item, cut as a fragment is.
export function lead(items) {
  if (!items.length) return null;
  return { anchor: items[0].anchor, section: items[0].section, pieces: fragment(items[0].text, []) };
}
