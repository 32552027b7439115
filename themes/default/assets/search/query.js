// Queries: a port of bleve's query-string lexer and of the parts of its
// grammar the browser index can answer, the searcher tree that
// internal/search's rewrite and bleve build for it, and bleve's BM25 and
// TF-IDF scoring over the index's own statistics, so that the top results
// equal `retro search`'s (internal/search's TestRankingParity checks that).
import { analyze, analyzeKeyword, analyzePairs } from './analysis.js';
import { IndexReader } from './index.js';

var RESERVED = '+-=&|><!(){}[]^"~*?:\\/ ';

function unescape(c) {
  return RESERVED.indexOf(c) >= 0 ? c : '\\' + c;
}

function isDigit(c) { return /^\p{Nd}$/u.test(c); }
function isSpace(c) { return /^\s$/u.test(c) || c === '\u0085'; }

// lexQuery returns tokens {t: type, s: text}; it throws on an
// unterminated phrase, as bleve does.
export function lexQuery(q) {
  var toks = [];
  var chars = Array.from(q);
  var i = 0;
  while (i < chars.length) {
    var c = chars[i];
    if (c === '"') {
      var buf = '', esc = false, closed = false;
      for (i++; i < chars.length; i++) {
        var d = chars[i];
        if (!esc && d === '"') { closed = true; i++; break; }
        if (!esc && d === '\\') { esc = true; continue; }
        if (esc) { esc = false; buf += unescape(d); } else buf += d;
      }
      if (!closed) throw new QueryError('unterminated quote');
      toks.push({ t: 'PHRASE', s: buf });
      continue;
    }
    if ('+-:><='.indexOf(c) >= 0) {
      toks.push({ t: c });
      i++;
      continue;
    }
    if (c === '^' || c === '~') {
      var b = '', e = false;
      for (i++; i < chars.length; i++) {
        var f = chars[i];
        if (!e && f === ' ') { i++; break; }
        if (!e && f === '\\') { e = true; continue; }
        if (e) { e = false; b += unescape(f); } else b += f;
      }
      toks.push({ t: c === '^' ? 'BOOST' : 'TILDE', s: b === '' ? '1' : b });
      continue;
    }
    if (c !== '\\' && isSpace(c)) { i++; continue; }
    // A string or a number: ends at an unescaped space, colon, ^ or ~.
    var s = '', inEsc = false, number = true, seenDot = false, any = false;
    for (; i < chars.length; i++) {
      var g = chars[i];
      if (!inEsc && (g === ' ' || g === ':' || g === '^' || g === '~')) {
        if (g === ' ') i++;
        break;
      }
      if (!inEsc && g === '\\') { inEsc = true; continue; }
      if (inEsc) {
        inEsc = false;
        s += unescape(g);
        number = false;
      } else {
        if (!(isDigit(g) || (g === '.' && !seenDot && any))) number = false;
        if (g === '.') seenDot = true;
        s += g;
      }
      any = true;
    }
    if (!any && s === '') continue;
    toks.push({ t: number && isDigit(s[0]) ? 'NUMBER' : 'STRING', s: s });
  }
  return toks;
}

export function QueryError(message) {
  this.name = 'QueryError';
  this.message = message;
}
QueryError.prototype = Object.create(Error.prototype);

// parseQuery returns {must, should, mustNot} lists of clauses
// {kind: 'match'|'phrase'|'unsupported', field, text, boost}, and
// `approximate` when a part of the query can only be approximated here.
export function parseQuery(q) {
  var toks = lexQuery(trimQuestion(q));
  var res = { must: [], should: [], mustNot: [], approximate: [] };
  var i = 0;
  function peek(k) { return toks[i + (k || 0)] || { t: 'EOF' }; }
  while (i < toks.length) {
    var prefix = 'should';
    if (peek().t === '+') { prefix = 'must'; i++; } else if (peek().t === '-') { prefix = 'mustNot'; i++; }
    var tok = peek();
    var clause;
    if ((tok.t === 'STRING' || tok.t === 'NUMBER') && peek(1).t === ':') {
      var field = tok.s;
      i += 2;
      var v = peek();
      if (v.t === 'STRING' || v.t === 'NUMBER') {
        clause = valueClause(v.s, field);
        i++;
      } else if (v.t === 'PHRASE') {
        clause = { kind: 'phrase', field: field, text: v.s };
        i++;
      } else if (v.t === '>' || v.t === '<') {
        i++;
        if (peek().t === '=') i++;
        if (peek().t === 'EOF') throw new QueryError('syntax error: unexpected end of query');
        i++;
        clause = { kind: 'unsupported', field: field, text: 'range', what: 'ranges' };
      } else if (v.t === '-' && peek(1).t === 'NUMBER') {
        clause = valueClause('-' + peek(1).s, field);
        i += 2;
      } else {
        throw new QueryError('syntax error after "' + field + ':"');
      }
    } else if (tok.t === 'STRING' || tok.t === 'NUMBER') {
      clause = valueClause(tok.s, '');
      i++;
    } else if (tok.t === 'PHRASE') {
      clause = { kind: 'phrase', field: '', text: tok.s };
      i++;
    } else if (tok.t === 'EOF') {
      throw new QueryError('syntax error: unexpected end of query');
    } else {
      throw new QueryError('syntax error near "' + (tok.s || tok.t) + '"');
    }
    if (peek().t === 'TILDE') {
      res.approximate.push('fuzzy matches');
      clause.fuzzy = true;
      i++;
    }
    if (peek().t === 'BOOST') {
      var bv = parseFloat(peek().s);
      if (isNaN(bv)) throw new QueryError('invalid boost ' + peek().s);
      clause.boost = bv;
      i++;
    }
    if (clause.kind === 'phrase') res.approximate.push('phrases');
    if (clause.what) res.approximate.push(clause.what);
    res[prefix].push(clause);
  }
  return res;
}

// trimQuestion drops the question marks that end a query, which people
// type as punctuation, not as bleve's one-letter wildcard; `retro
// search` does the same.
export function trimQuestion(q) {
  q = q.replace(/ +$/, '');
  while (q.slice(-1) === '?' && q.slice(-2) !== '\\?') q = q.slice(0, -1).replace(/ +$/, '');
  return q;
}

function valueClause(s, field) {
  if (s.length > 1 && s[0] === '/' && s[s.length - 1] === '/') return { kind: 'unsupported', field: field, text: s, what: 'regular expressions' };
  if (/[*?]/.test(s)) return { kind: 'unsupported', field: field, text: s, what: 'wildcards' };
  return { kind: 'match', field: field, text: s };
}


var FIELD_ALIASES = {
  services: 'service', teams: 'team', tags: 'tag', categories: 'category',
  recommendation: 'recommendations', date: 'started'
};
// fieldName resolves a field as typed: any case, singular or plural.
export function fieldName(f) {
  f = f.toLowerCase();
  return FIELD_ALIASES[f] || f;
}
export var TEXT_FIELDS = ['title', 'summary', 'impact', 'body', 'timeline', 'analysis', 'recommendations', 'labels'];


// plan turns a parsed query into bleve's searcher tree, as
// internal/search's rewrite and bleve build it. Nodes:
//   {op: 'term', field, term, boost}
//   {op: 'or', children}   (a disjunction: score × matched/total)
//   {op: 'and', children}  (a conjunction: sum)
// A clause that analyzes to nothing is dropped, as in bleve's
// query-string mode. The plan's `pairs` is the bonus that internal/search's
// withBonuses adds: a disjunction of the pairs of the adjacent plain words
// and of the quoted phrases (queryPairs).
function plan(pq, manifest) {
  var kwFields = manifest.facets.concat(manifest.keywords);
  function terms(field, text, boost) {
    var toks = kwFields.indexOf(field) >= 0 ? analyzeKeyword(text) : analyze(text);
    return toks.map(function (t) { return { op: 'term', field: field, term: t, boost: boost }; });
  }
  function node(cl) {
    var boost = cl.boost === undefined ? 1 : cl.boost;
    var field = fieldName(cl.field);
    if (cl.kind === 'unsupported') {
      // Wildcards, regular expressions and ranges need the term
      // dictionary or values the browser index does not carry. As a
      // should clause such a query still counts in bleve's coordination
      // factor, so it stays as a clause that matches nothing.
      return { op: 'or', children: [] };
    }
    if (field !== '' && field !== 'title' && field !== '_all' &&
      TEXT_FIELDS.indexOf(field) >= 0) {
      field = ''; // searched in all text here: the browser has no per-field postings
    }
    var leaves;
    if (field === '' || field === '_all') {
      var all = terms('_all', cl.text, boost);
      if (all.length === 0) return null;
      return cl.kind === 'phrase' ? { op: 'and', children: all } : { op: 'or', children: all };
    }
    // A field the index does not have still makes term searchers, with
    // no postings, that weigh in bleve's query norm.
    leaves = terms(field, cl.text, boost);
    if (leaves.length === 0) return null;
    return cl.kind === 'phrase' ? { op: 'and', children: leaves } : { op: 'or', children: leaves };
  }
  function group(list, op) {
    var ch = [];
    for (var i = 0; i < list.length; i++) {
      var n = node(list[i]);
      // Outside should clauses an unsupported clause is left out: it
      // would exclude everything (must) or nothing (must not).
      if (n && (op === 'or' || n.children === undefined || n.children.length > 0)) ch.push(n);
    }
    return ch.length ? { op: op, children: ch } : null;
  }
  var pairs = queryPairs(pq);
  var must = group(pq.must, 'and');
  var should = group(pq.should, 'or');
  return {
    must: must, should: should, mustNot: group(pq.mustNot, 'or'),
    pairs: pairs.length ? {
      op: 'or',
      children: pairs.map(function (p) { return { op: 'term', field: 'pairs', term: p, boost: manifest.pairBoost }; })
    } : null
  };
}

// queryPairs are the terms of the plan's pairs bonus: the pairs of
// adjacent terms that runs of plain words (unfielded, unboosted, not
// fuzzy) among a parsed query's optional clauses give, and those of such
// quoted phrases among its required and optional ones.
export function queryPairs(pq) {
  var pairs = [];
  var run = [];
  function flush() {
    if (run.length > 1) {
      analyzePairs(run.join(' ')).forEach(function (p) { if (pairs.indexOf(p) < 0) pairs.push(p); });
    }
    run = [];
  }
  pq.should.forEach(function (cl) {
    if (cl.kind === 'match' && cl.field === '' && !cl.fuzzy && (cl.boost === undefined || cl.boost === 1)) run.push(cl.text);
    else flush();
  });
  flush();
  pq.must.concat(pq.should).forEach(function (cl) {
    if (cl.kind === 'phrase' && cl.field === '' && !cl.fuzzy && (cl.boost === undefined || cl.boost === 1)) {
      analyzePairs(cl.text).forEach(function (p) { if (pairs.indexOf(p) < 0) pairs.push(p); });
    }
  });
  return pairs;
}

function leaves(n, out) {
  if (!n) return out;
  if (n.op === 'term') out.push(n);
  else if (n.children) n.children.forEach(function (c) { leaves(c, out); });
  return out;
}

// Engine answers queries from the browser index at `base` (see
// IndexReader).
export function Engine(base, fetchFile) {
  IndexReader.call(this, base, fetchFile);
}
Engine.prototype = Object.create(IndexReader.prototype);
Engine.prototype.constructor = Engine;

// search runs query q and resolves to {total, matched: Map doc → score
// before filters, hits: [{doc, score}], approximate: [...]}, hits sorted by
// score then document number. filters: {field: [term, ...]} keeps hits
// with one of the terms in every listed field.
Engine.prototype.search = function (q, filters) {
  var self = this;
  filters = filters || {};
  var pq;
  try {
    pq = parseQuery(q);
  } catch (e) {
    return Promise.reject(e);
  }
  return this.manifest().then(function (m) {
    var tree = plan(pq, m);
    var all = leaves(tree.must, []).concat(leaves(tree.should, []), leaves(tree.mustNot, []),
      leaves(tree.pairs, []));
    var needs = [];
    var kwNeeded = {};
    all.forEach(function (l) {
      if (l.field === '_all' || l.field === 'title' || l.field === 'pairs' ||
        m.facets.indexOf(l.field) >= 0 || m.keywords.indexOf(l.field) >= 0) {
        needs.push(self.postings(m, l.field, l.term).then(function (p) { l.postings = p; }));
      } else {
        l.postings = { docs: [], freqs: [], lens: [] };
      }
    });
    // The keyword tables are not needed to rank or show the hits (see
    // facets), only to filter them.
    var kw = {};
    Object.keys(filters).forEach(function (f) {
      needs.push(self.keywordField(m, f).then(function (k) { kw[f] = k; }));
    });
    return Promise.all(needs).then(function () {
      return score(m, tree, kw, filters, pq.approximate);
    });
  });
};

// BM25's parameters, bleve's.
var K1 = 1.2, B = 0.75;

// score evaluates the searcher tree as bleve does. A term in a field with
// an average length in the manifest (_all, title, pairs) scores with
// bleve's BM25, idf · (tf · k1) / (tf + k1 · (1 − b + b · fieldLength /
// avg)) with idf = ln(1 + (N − df + 0.5) / (df + 0.5)); a term in another
// field with its TF-IDF, tf · norm · idf with idf = 1 + ln(N / (df + 1)).
// Either is then multiplied by boost · idf · queryNorm, where tf = √freq,
// norm = float32(1/√fieldLength) (fieldLength = 1/norm²) and queryNorm =
// 1/√(Σ (boost · idf)²) over the must, should and pair terms. A
// disjunction multiplies the sum of its matching children by the share of
// children that matched; a conjunction sums.
function score(m, tree, kw, filters, approximate) {
  var N = m.docs;
  var avg = m.avg || {};
  var sumSq = 0;
  [tree.must, tree.should, tree.pairs].forEach(function (t) { sumSq += weight(t); });
  function idf(l) {
    var df = l.postings.docs.length;
    return avg[l.field] > 0 ? Math.log(1 + (N - df + 0.5) / (df + 0.5)) : 1 + Math.log(N / (df + 1));
  }
  function weight(n) {
    if (!n) return 0;
    if (n.op === 'term') {
      n.idf = idf(n);
      var w = n.boost * n.idf;
      return w * w;
    }
    var s = 0;
    for (var i = 0; i < n.children.length; i++) s += weight(n.children[i]);
    return s;
  }
  var qnorm = 1 / Math.sqrt(sumSq);
  leaves(tree.mustNot, []).forEach(function (l) { l.idf = idf(l); });

  // evaluate returns a Map doc → score of the docs n matches.
  function evaluate(n) {
    var res = new Map();
    if (!n) return res;
    if (n.op === 'term') {
      var p = n.postings;
      var qw = n.boost * n.idf * qnorm;
      var a = avg[n.field] > 0 ? avg[n.field] : 0;
      for (var i = 0; i < p.docs.length; i++) {
        var d = p.docs[i];
        var norm = Math.fround(1 / Math.sqrt(p.lens[i]));
        var tf = Math.sqrt(p.freqs[i]);
        var s;
        if (a > 0) {
          var fieldLength = 1 / (norm * norm);
          s = n.idf * (tf * K1) / (tf + K1 * (1 - B + (B * fieldLength / a)));
        } else {
          s = tf * norm * n.idf;
        }
        if (qw !== 1) s = s * qw;
        res.set(d, s);
      }
      return res;
    }
    var parts = n.children.map(evaluate);
    if (n.op === 'and') {
      var first = parts[0];
      first.forEach(function (_, d) {
        var sum = 0;
        for (var k = 0; k < parts.length; k++) {
          var v = parts[k].get(d);
          if (v === undefined) return;
          sum += v;
        }
        res.set(d, sum);
      });
      return res;
    }
    // or
    var docs = new Set();
    parts.forEach(function (pm) { pm.forEach(function (_, d) { docs.add(d); }); });
    docs.forEach(function (d) {
      var sum = 0, count = 0;
      for (var k = 0; k < parts.length; k++) {
        var v = parts[k].get(d);
        if (v !== undefined) { sum += v; count++; }
      }
      res.set(d, sum * (count / parts.length));
    });
    return res;
  }

  var must = tree.must ? evaluate(tree.must) : null;
  var should = tree.should ? evaluate(tree.should) : null;
  var not = tree.mustNot ? evaluate(tree.mustNot) : new Map();
  var matched = new Map();
  if (must) {
    must.forEach(function (s, d) {
      var sh = should ? should.get(d) : undefined;
      matched.set(d, sh === undefined ? s : s + sh);
    });
  } else if (should) {
    matched = should;
  } else if (tree.mustNot) {
    for (var d = 0; d < N; d++) matched.set(d, 1);
  }
  not.forEach(function (_, d) { matched.delete(d); });
  if (tree.pairs) {
    var pairs = evaluate(tree.pairs);
    matched.forEach(function (s, d) {
      var x = pairs.get(d);
      if (x !== undefined) matched.set(d, s + x);
    });
  }

  var hits = [];
  matched.forEach(function (s, d) { if (passes(kw, filters, d, null)) hits.push({ doc: d, score: s }); });
  hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  var seen = {};
  var approx = approximate.filter(function (a) { return seen[a] ? false : (seen[a] = true); });
  return { total: hits.length, matched: matched, hits: hits, approximate: approx };
}

// passes tells whether document d has one of the filtered values in every
// filtered field but except; kw holds the filtered fields.
function passes(kw, filters, d, except) {
  for (var f in filters) {
    if (f === except || !filters[f] || filters[f].length === 0) continue;
    var terms = (kw[f] && kw[f].docTerms[d]) || [];
    var ok = false;
    for (var i = 0; i < filters[f].length; i++) if (terms.indexOf(filters[f][i]) >= 0) { ok = true; break; }
    if (!ok) return false;
  }
  return true;
}

// facets resolves to the facet counts of a search's result res, made with
// the same filters: {field: [{value, label, count}]}, each field's counts
// over the matches that pass the filters of the other fields. The page
// asks for them once the hits are on screen: they need the facet table,
// which grows with the archive, and no hit does.
Engine.prototype.facets = function (res, filters) {
  var self = this;
  filters = filters || {};
  return this.manifest().then(function (m) {
    var fields = m.facets.slice();
    Object.keys(filters).forEach(function (f) { if (fields.indexOf(f) < 0) fields.push(f); });
    var kw = {};
    return Promise.all(fields.map(function (f) {
      return self.keywordField(m, f).then(function (k) { kw[f] = k; });
    })).then(function () { return facetCounts(m.facets, kw, filters, res.matched); });
  });
};

function facetCounts(fields, kw, filters, matched) {
  var facets = {};
  fields.forEach(function (f) {
    var counts = new Map();
    matched.forEach(function (_, d) {
      if (!passes(kw, filters, d, f)) return;
      var terms = (kw[f] && kw[f].docTerms[d]) || [];
      var seen = {};
      terms.forEach(function (t) {
        if (seen[t]) return;
        seen[t] = 1;
        counts.set(t, (counts.get(t) || 0) + 1);
      });
    });
    var labels = (kw[f] && kw[f].labels) || new Map();
    var list = [];
    counts.forEach(function (c, t) { list.push({ value: t, label: labels.get(t) || t, count: c }); });
    (filters[f] || []).forEach(function (t) {
      if (!counts.has(t)) list.push({ value: t, label: labels.get(t) || t, count: 0 });
    });
    list.sort(function (a, b) {
      if (f === 'year') return b.value < a.value ? -1 : b.value > a.value ? 1 : 0;
      if (f === 'severity') return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
      return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    facets[f] = list;
  });
  return facets;
}
