// The browser index reader: decodes the files of search/browser/ as
// internal/search/browserindex/FORMAT.md describes them, and fetches each
// at most once. internal/search/browserindex's Reader resolves the same
// files for the benchmark, and a test holds the two to each other.
import { Bits, decodeInts, uvarint } from './codes.js';

// parallel arrays of document numbers, frequencies and field lengths;
// lenCode is the manifest's [lenMin, lenK] for the field.
export function decodePostings(bytes, lenCode) {
  var docs = [], freqs = [], lens = [];
  if (!bytes || bytes.length === 0) return { docs: docs, freqs: freqs, lens: lens };
  var r = new Bits(bytes, 0);
  var n = r.expGolomb();
  var kGap = r.bits(5), kFreq = r.bits(4);
  var lenMin = lenCode[0], lenK = lenCode[1];
  var prev = -1;
  for (var i = 0; i < n; i++) {
    var doc = prev + 1 + r.rice(kGap);
    docs.push(doc);
    freqs.push(r.rice(kFreq) + 1);
    lens.push(r.rice(lenK) + lenMin);
    prev = doc;
  }
  return { docs: docs, freqs: freqs, lens: lens };
}

// decodeTermFile splits a term file into a Map term → {all, title} of
// the bytes of its posting lists.
export function decodeTermFile(bytes) {
  var out = new Map();
  var utf8 = new TextDecoder('utf-8', { fatal: true });
  var pos = { at: 0 };
  while (pos.at < bytes.length) {
    var tl = uvarint(bytes, pos);
    var term = utf8.decode(bytes.subarray(pos.at, pos.at + tl));
    pos.at += tl;
    var al = uvarint(bytes, pos);
    var ttl = uvarint(bytes, pos);
    var all = bytes.subarray(pos.at, pos.at + al);
    var title = bytes.subarray(pos.at + al, pos.at + al + ttl);
    pos.at += al + ttl;
    if (pos.at > bytes.length) throw new Error('truncated index data');
    out.set(term, { all: all, title: title });
  }
  return out;
}

// decodeKeywords decodes a keyword table (facets.bin) of
// fields for n documents. Per field: {postings: Map term → {docs, freqs},
// lens: values a document, docTerms: per document, its distinct terms,
// labels: Map term → the value as written, where it differs}.
export function decodeKeywords(bytes, fields, n) {
  var utf8 = new TextDecoder('utf-8', { fatal: true });
  var pos = { at: 0 };
  var out = {};
  function text(len) {
    if (pos.at + len > bytes.length) throw new Error('truncated index data');
    var t = bytes.subarray(pos.at, pos.at + len);
    pos.at += len;
    return t;
  }
  fields.forEach(function (f) {
    // Terms, front-coded, and labels.
    var nt = uvarint(bytes, pos);
    var terms = [], labels = new Map();
    var prev = new Uint8Array(0);
    for (var ti = 0; ti < nt; ti++) {
      var shared = uvarint(bytes, pos);
      var rest = text(uvarint(bytes, pos));
      if (shared > prev.length) throw new Error('bad keyword data');
      var tb = new Uint8Array(shared + rest.length);
      tb.set(prev.subarray(0, shared));
      tb.set(rest, shared);
      terms.push(utf8.decode(tb));
      prev = tb;
    }
    for (var li = uvarint(bytes, pos); li > 0; li--) {
      var lt = uvarint(bytes, pos);
      if (lt >= terms.length) throw new Error('bad keyword data');
      labels.set(terms[lt], utf8.decode(text(uvarint(bytes, pos))));
    }
    // The values of every document: lists of ids, or combinations.
    var r = new Bits(bytes, pos.at);
    var mode = r.bits(2);
    var combos = [], codes = new Uint32Array(n);
    function check(id) {
      if (id >= terms.length) throw new Error('bad keyword data');
      return id;
    }
    if (mode === 3) {
      var ks = r.bits(5), kf = r.bits(5), kg = r.bits(5);
      var seen = new Map();
      for (var d = 0; d < n; d++) {
        var size = r.rice(ks);
        var ids = [];
        for (var k = 0; k < size; k++) ids.push(check(k === 0 ? r.rice(kf) : ids[k - 1] + r.rice(kg)));
        // Documents with the same values share one combination.
        var key = ids.join(',');
        var c = seen.get(key);
        if (c === undefined) {
          seen.set(key, c = combos.length);
          combos.push(ids);
        }
        codes[d] = c;
      }
    } else {
      var nc = r.expGolomb();
      var b = r.bits(5);
      for (var ci = 0; ci < nc; ci++) {
        var ids2 = [];
        for (var k2 = r.expGolomb(); k2 > 0; k2--) ids2.push(check(r.bits(b)));
        combos.push(ids2);
      }
      var cw = 0;
      while (Math.pow(2, cw) < nc) cw++;
      if (mode === 0) {
        for (var d2 = 0; d2 < n; d2++) codes[d2] = r.bits(cw);
      } else if (mode === 1) {
        var at = 0;
        for (var runs = r.expGolomb(); runs > 0; runs--) {
          var len = r.expGolomb() + 1;
          var code = r.bits(cw);
          if (at + len > n) throw new Error('bad keyword data');
          codes.fill(code, at, at + len);
          at += len;
        }
        if (at !== n) throw new Error('bad keyword data');
      } else {
        var kc = r.bits(5);
        for (var d3 = 0; d3 < n; d3++) codes[d3] = r.rice(kc);
      }
    }
    var distinct = combos.map(function (ids) {
      return ids.filter(function (v, i) { return i === 0 || ids[i - 1] !== v; })
        .map(function (i) { return terms[i]; });
    });
    pos.at = r.align();
    var res = { postings: new Map(), lens: new Uint32Array(n), docTerms: new Array(n), labels: labels };
    for (var doc = 0; doc < n; doc++) {
      var combo = combos[codes[doc]];
      if (!combo) throw new Error('bad keyword data');
      res.lens[doc] = combo.length;
      res.docTerms[doc] = distinct[codes[doc]];
      for (var j = 0; j < combo.length; j++) {
        var t = terms[combo[j]];
        var p = res.postings.get(t);
        if (!p) res.postings.set(t, p = { docs: [], freqs: [] });
        if (p.docs[p.docs.length - 1] === doc) p.freqs[p.freqs.length - 1]++;
        else { p.docs.push(doc); p.freqs.push(1); }
      }
    }
    out[f] = res;
  });
  return out;
}

export function fnv1a(str) {
  var bytes = new TextEncoder().encode(str);
  var h = 0x811c9dc5;
  for (var i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// IndexReader reads the browser index at `base` (a URL ending in '/'). fetchFile(path, type) must return a promise of the file,
// parsed when type is 'json' and as a Uint8Array when it is 'bytes'; it
// defaults to fetch(). Every file is fetched at most once.
export function IndexReader(base, fetchFile) {
  this.base = base;
  this.fetchFile = fetchFile || function (path, type) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error('fetching ' + path + ': HTTP ' + r.status);
      return type === 'json' ? r.json() : r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
    });
  };
  this.cache = new Map();
  this.postingCache = new Map();
}

// load fetches a file once; decode (optional) turns it into what is kept.
IndexReader.prototype.load = function (path, decode) {
  if (!this.cache.has(path)) {
    var type = /\.json$/.test(path) ? 'json' : 'bytes';
    var p = this.fetchFile(path, type);
    if (decode) p = p.then(decode);
    var self = this;
    p.catch(function () { self.cache.delete(path); });
    this.cache.set(path, p);
  }
  return this.cache.get(path);
};

// VERSION is the format version this reader reads; it refuses any other.
export var VERSION = 7;

IndexReader.prototype.manifest = function () {
  return this.load('manifest.json', function (m) {
    if (!m || m.version !== VERSION) throw new Error('the search index has format version ' + (m && m.version) + ', not ' + VERSION + ': rebuild the site');
    return m;
  });
};


// frequentFile returns the own file that may hold a frequent term, or
// null: the manifest lists the top 20 bits of the frequent terms' FNV-1a,
// ascending, as differences.
IndexReader.prototype.frequentFile = function (manifest, term) {
  if (this.frequentFor !== manifest) {
    var hs = decodeInts(manifest.frequent || '');
    for (var i = 1; i < hs.length; i++) hs[i] += hs[i - 1];
    this.frequent = hs;
    this.frequentFor = manifest;
  }
  var h = fnv1a(term) >>> 12;
  var lo = 0, hi = this.frequent.length - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (this.frequent[mid] < h) lo = mid + 1;
    else if (this.frequent[mid] > h) hi = mid - 1;
    else return 'terms/f' + mid + '.bin';
  }
  return null;
};

// postings returns {docs, freqs, lens} of a term in _all, title, pairs
// or a keyword field (the record of a pair or a keyword value holds its
// postings where a word's holds _all's).
IndexReader.prototype.postings = function (manifest, field, term) {
  var key = field + '\u0000' + term;
  if (this.postingCache.has(key)) return Promise.resolve(this.postingCache.get(key));
  var self = this;
  // A keyword field's value is named field NUL value; a text term (or
  // pair) by itself.
  var name = field === '_all' || field === 'title' || field === 'pairs' ? term : key;
  // A frequent term has a file of its own; the others share hash shards.
  var shard = 'terms/' + (fnv1a(name) % manifest.shards) + '.bin';
  var own = this.frequentFile(manifest, name);
  var entry = (own ? this.load(own, decodeTermFile) : Promise.resolve(new Map())).then(function (file) {
    // Another term with the same hash has the file: look in the shard.
    return file.has(name) ? file : self.load(shard, decodeTermFile);
  });
  return entry.then(function (file) {
    var e = file.get(name);
    var p = decodePostings(e ? (field === 'title' ? e.title : e.all) : null, manifest.len[field]);
    self.postingCache.set(key, p);
    return p;
  });
};

// keywordField returns {postings: Map term → {docs, freqs}, lens: per-doc
// token count, docTerms: per-doc list of terms, labels} of a facet field,
// from the facet table; null for another field.
IndexReader.prototype.keywordField = function (manifest, field) {
  if (manifest.facets.indexOf(field) < 0) return Promise.resolve(null);
  return this.load('facets.bin', function (bytes) {
    return decodeKeywords(bytes, manifest.facets, manifest.docs);
  }).then(function (t) { return t[field]; });
};

// decodeItems reads the items of a display record: runs of one section,
// [section, anchor, text, anchor, text, ...], where anchor "" is the
// previous item's and 1 the previous one with its trailing number plus
// one. sections are the manifest's.
export function decodeItems(runs, sections) {
  var items = [], anchor = '';
  runs.forEach(function (run) {
    var section = sections[run[0]] || '';
    for (var i = 1; i + 1 < run.length; i += 2) {
      var a = run[i];
      if (a === 1) {
        var m = /^(.*?)([0-9]+)$/.exec(anchor);
        anchor = m ? m[1] + (parseInt(m[2], 10) + 1) : anchor;
      } else if (a !== '') {
        anchor = String(a);
      }
      items.push({ anchor: anchor, section: section, text: run[i + 1] });
    }
  });
  return items;
}

// records resolves to the display records of documents: {doc, id, title,
// url, date, severity, status, services, items: [{anchor, section, text}]}.
IndexReader.prototype.records = function (docs) {
  var self = this;
  return this.manifest().then(function (m) {
    return Promise.all(docs.map(function (d) {
      return self.load('docs/' + Math.floor(d / m.chunk) + '.json').then(function (chunk) {
        var r = chunk[d % m.chunk];
        var url = r[2] || (m.url ? m.url[0] + r[0] + m.url[1] : '');
        var items = decodeItems(r[7] || [], m.sections);
        return { doc: d, id: r[0], title: r[1], url: url, date: r[3], severity: r[4], status: r[5], services: r[6] || [], items: items };
      });
    }));
  });
};
