/*
 * retro search page: answers queries from the prebuilt browser index
 * (search/browser/, written by internal/search) on any static host.
 *
 * Parts, top to bottom:
 *   1. analysis: a port of bleve's `en` analyzer (Unicode word segmentation
 *      as in github.com/blevesearch/segment, the English possessive filter,
 *      Go's lowercase mapping, the English stop list, the Porter stemmer of
 *      github.com/blevesearch/go-porterstemmer). A Go test runs thousands of
 *      words through this and through bleve and compares the terms.
 *   2. queries: bleve's query-string syntax (plain words, "phrases",
 *      +required, -excluded, field:value, ^boost).
 *   3. the engine: loads only the index files a query needs and scores with
 *      bleve's TF-IDF formulas and the index's own statistics, so the top
 *      results equal `retro search`'s (another Go test checks that).
 *   4. the page: search as you type, facets, keyboard navigation, the query
 *      in the URL. Text from the archive only ever reaches the page through
 *      text nodes; <mark> elements are built here.
 *
 * Plain JavaScript, no build step, no external resources. Under Node it
 * exports its parts (module.exports) for the tests in internal/search/js/.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.RetroSearch = api;
    api.start();
  }
})(this, function () {
  'use strict';

  /* ------------------------------------------------------------------ */
  /* Index data (see internal/search/browser.go and bits.go).            */

  // The generated tables below are strings of base64url digits holding
  // variable-length integers, five bits a digit, least significant group
  // first, with the 32 bit set on every digit but the last.
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var B64V = new Int8Array(128).fill(-1);
  for (var bi = 0; bi < B64.length; bi++) B64V[B64.charCodeAt(bi)] = bi;

  function decodeInts(s) {
    var out = [];
    var v = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = B64V[s.charCodeAt(i)];
      if (d < 0) throw new Error('bad digit in index data');
      v += (d & 31) * Math.pow(2, shift);
      if (d & 32) {
        shift += 5;
      } else {
        out.push(v);
        v = 0;
        shift = 0;
      }
    }
    return out;
  }

  // Bits reads the bit streams of the index's .bin files (bytes, a
  // Uint8Array), most significant bit first, from byte offset `at`.
  function Bits(bytes, at) {
    this.b = bytes;
    this.p = (at || 0) * 8;
    this.end = bytes.length * 8;
  }
  Bits.prototype.bit = function () {
    if (this.p >= this.end) throw new Error('truncated index data');
    var p = this.p++;
    return (this.b[p >> 3] >> (7 - (p & 7))) & 1;
  };
  Bits.prototype.bits = function (n) {
    var v = 0;
    for (var i = 0; i < n; i++) v = v * 2 + this.bit();
    return v;
  };
  Bits.prototype.unary = function () {
    var q = 0;
    while (this.bit()) q++;
    return q;
  };
  Bits.prototype.rice = function (k) {
    var q = this.unary();
    return q * Math.pow(2, k) + this.bits(k);
  };
  Bits.prototype.expGolomb = function () {
    var zeros = 0;
    while (!this.bit()) zeros++;
    return (Math.pow(2, zeros) + this.bits(zeros)) - 1;
  };
  // align skips to the next byte and returns its offset.
  Bits.prototype.align = function () {
    this.p = Math.ceil(this.p / 8) * 8;
    return this.p / 8;
  };

  // uvarint reads a LEB128 varint at bytes[pos.at], advancing pos.at.
  function uvarint(bytes, pos) {
    var v = 0, mul = 1;
    for (;;) {
      if (pos.at >= bytes.length) throw new Error('truncated index data');
      var c = bytes[pos.at++];
      v += (c & 127) * mul;
      if (c < 128) return v;
      mul *= 128;
    }
  }

  // decodePostings decodes a posting list (bytes, a Uint8Array) into
  // parallel arrays of document numbers, frequencies and field lengths;
  // lenCode is the manifest's [lenMin, lenK] for the field.
  function decodePostings(bytes, lenCode) {
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
  function decodeTermFile(bytes) {
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

  // decodeKeywords decodes a keyword table (facets.bin, keywords.bin) of
  // fields for n documents. Per field: {postings: Map term → {docs, freqs},
  // lens: values a document, docTerms: per document, its distinct terms,
  // labels: Map term → the value as written, where it differs}.
  function decodeKeywords(bytes, fields, n) {
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

  /* ------------------------------------------------------------------ */
  /* 1. Analysis                                                          */

  // Word-break classes: WB property * 4 + script, as in segment's ragel
  // sources (Unicode 8.0). Generated by internal/search/wordbreak_test.go.
  // BEGIN GENERATED wordbreak
  var WB_TABLE =
    'KAUABYAAQUAEEAIEAwBBA0BBJ4BAAsBAAwBFZoBEA8BBZoBKAYkBAoBCAgBHAoBBAsBCAoBFWoBBeoBBpOoBELoBFAsBIEoBHAoB' +
    'BAoBRvDcAEoBBBoBCDoBAAwBAAoBGAoBAAsBACoBBAoBBToBByCoBBqEoBBGcAlFoBBlBoBCAoBHmBoBBAwBHsBcBAcBBcBBcBAc' +
    'IaMFCMAAoBAAsBLFgBGBwBCKcBAgBDqBoBAUcAJ4BBA4BAAwBBBoBAAcAiDoBBAoBAGcAAgBBFcABoBABcBDcABoBAJ4BACoBCAo' +
    'BPAgBAAoBAAcAdoBAacC4CoBAKcAAoBOJ4BAgBoBAIcABoBCAwBBAoBFVoBADcAAoBAIcAAoBACcAAoBAEcSYoBACckCUoBuBgBc' +
    'A1BoBACcAAoBARcAAoBAGcAJoBABcCJ4BBPoBACcBHoBCBoBCVoBBGoBBAoBDDoBCAcAAoBAGcCBcCCcAAoBIAcEBoBBCoBABcCJ' +
    '4BABoBPCcBFoBEBoBCVoBBGoBBBoBBBoBBBoBCAcBEcEBcCCcDAcHDoBBAoBHJ4BABcACoBAAcLCcBIoBBCoBBVoBBGoBBBoBBEo' +
    'BCAcAAoBAHcBCcBCcCAoBPBoBABcCJ4BJAoBHCcBHoBCBoBCVoBBGoBBBoBBEoBCAcAAoBAGcCBcCCcIBcEBoBBCoBABcCJ4BBAo' +
    'BQAcAAoBBFoBDCoBBDoBDBoBBAoBBBoBDBoBDCoBDLoBEEcDCcBDcCAoBGAcOJ4BQDcBHoBBCoBBWoBBPoBDAoBAGcBCcBDcHBcB' +
    'CoBFBoBABcCJ4BRCcBHoBBCoBBWoBBJoBBEoBCAcAAoBAGcBCcBDcHBcHAoBBBoBABcCJ4BBBoBOCcBHoBBCoBBoBoBCAoBAGcBC' +
    'cBDcAAoBIAcHCoBABcCJ4BKFoBCBcBRoBDXoBBIoBBAoBCGoBDAcEFcBAcBHcGJ4BCBc9BAcCGcMHcBJ4B3CAcCFcBBcLFcCJ4Bm' +
    'BAoBXBcGJ4BLAcBAcBAcEBcAHoBBjBoBETcBBcAEoBAKcBjBcJAckDTcBJ4BMDcECcBCcCGcDDcNLcBAcAJ4BADcClBoBBAoBFAo' +
    'BCqBoBBDoBA_HpBAoCoBBDoBCGoBBAoBBDoBCoBoBBDoBCgBoBBDoBCGoBBAoBBDoBCOoBB4BoBBDoBCiCoBCCcgBPoBQ1CoBCFo' +
    'BDrToBCQoBBZoBFqCoBDKoBHMoBBDoBACcLRoBACcLRoBABcMMoBBCoBBBcgCfcJAcCJ4BhBCcAAgBBJ4BG3CoBIoBoBAAcAAoBF' +
    'lCoBKeoBBLcELcKJ4BgEJ4BmBWoBAEc5BJcBccCAcAJ4BGJ4BWOchCEcAuBoBAQcAGoBEJ4BRIcMCcAdoBAMcABoBAJ4BArBoBAN' +
    'cMjBoBATcIJ4BDCoBAJ4BAjBoByCCcBUcADoBAAcADoBACcABoBBBcG_FoBA1BcGDcA1IoBCFoBClBoBCFoBCHoBBAoBBAoBBAoB' +
    'BeoBC0BoBBGoBBAoBDCoBBGoBDDoBCFoBEMoBFCoBBGoBPBcABgBIB0BKA0BCAsBABYAEgBQB8BDAwBPA8BLEgBBJgBBAoBNAoBQ' +
    'MoBzBgBcRAoBEAoBCJoBBAoBDEoBGAoBBAoBBAoBBDoBBKoBCDoBFEoBEAoBRoBoBtZzBoB24BuBoBBuBoBBkEoBGDoBACcABoBM' +
    'lBoBBAoBFAoBC3BoBHAoBPAcAWoBJGoBBGoBBGoBBGoBBGoBBGoBBGoBBGoBBfcvBAoBwCZCB4CCM1GCvBAqBBACZICADcABdBEk' +
    'BCCCAAqBAAoBE1CDCBcABkBACDA6CkBBDkBFoBoBD9CpBRaoB1BPkBAeBhCeBxCuBkBB3CkBoF1tGCqC1uUCqBskBoBjCtBoBCsI' +
    'oBDPoBAJ4BABoBUuBoBADcBJcBeoBABcAvCoBABclBIoBCmDoBCiBoBCHoB_BKoBAAcACoBAAcADoBAAcAWoBAEcYzBoBMBcAxBo' +
    'BAQcLJ4BGRcAFoBDAoBBAoBCJ4BAboBAHcCWoBAMcMcpBDDcAuBoBANcOAoBAJ4BLAcKJ4BGoBoBANcJCoBAAcAHoBABcCJ4BhBC' +
    'cyBAcBCcCBcFBcBAceKoBAEcCCoBABcKFoBCFoBCFoBJGoBBGoBBqBoBBJoBKyDoBAHcBBcCJ4BGj9KpBMWpBEwBpBkoItLCCpDC' +
    'mBGoBMEoBFAMAAcAJMBMMBEMBAMBBMBBMBJMAhDoBhBqLoBS_BoBC1BoBoBLoBEPcAAwBCAsBAAwBLPcDB8BYC8BAAwBBA0BBAwB' +
    'AAsBaEoBBmEoBCAgBHA0BEAwBBA0BLAsBAAwBFZoBEA8BBZoBL3BkBABcAepBDFpBCFpBCFpBCCpBcCgBELoBBZoBBSoBBBoBBOo' +
    'BCNoBiB6DoBlC0BoBoEAciEcoBDwBoBPAcffoBQaoBFlBoBAEcFdoBCjBoBEHoBBEoBqB9EoBCJ4B2CnBoBIzBoB8E2JoBJVoBKH' +
    'oB4EFoBCAoBBrBoBBBoBDAoBCWoBKWoBJeoBhCSoBBBoBKVoBKZoBmC3BoBGBoBgCAoBACcBBcFDcADoBBCoBBaoBECcEAcgBcoB' +
    'DcoBjBHoBBboBABcZ1BoBKVoBKSoBNRoBuDoCoB3ByBoBNyBoBtYCcA0BoBAOcfJ4BPDcAsBoBAKcCAgBSYoBHJ4BGCcAjBoBANc' +
    'BJ4BQiBoBAAcCAoBJCcAvBoBANcADoBFCcDJ4BAAoBBAoBjBRoBBYoBALcoCGoBBAoBBDoBBOoBBJoBHuBoBALcFJ4BGDcBHoBCB' +
    'oBCVoBBGoBBBoBBEoBCAcAAoBAGcCBcCCcCAoBGAcFEoBABcCGcDEcrIvBoBATcABoBBAoBIJ4BmFuBoBAGcCIcXDoBABciBvBoB' +
    'AQcDAoBLJ4BmBqBoBAMcIJ4BzCOcEJ4BmL_BoBAJ4BVAoBgO4BoBnoB5coBmDuDoBRjGoB81CuhBoBx-DmSoB5tI4RoBHeoBBJ4B' +
    'mDdoBCEcLvBoBAGcJDoBMJ4BJUoBFSoBwbkCoBLAoBAtBcQDcAMoBgjQAkBAAD-_CqDoBFMoBDIoBHJoBDBcBDgBhmFEcDFcAHgB' +
    'AHcCGceDc0ECc7N0CoBBmCoBBBoBCAoBCBoBCDoBBLoBBAoBBGoBBgCoBBDoBCHoBBGoBBboBBDoBBEoBBAoBDGoBBzKoBCYoBBY' +
    'oBBeoBBYoBBeoBBYoBBeoBBYoBBeoBBYoBBHoBCxB4BgQ2BcExBcIAcOAcWEcBOcwqDkGoBLGcppBDoBBaoBBBoBBAoBCAoBBJoB' +
    'BDoBBAoBBAoBGAoBEAoBBAoBBAoBBCoBBBoBBAoBCAoBBAoBBAoBBAoBBAoBBBoBBAoBCDoBBGoBBDoBBDoBBAoBBJoBBQoBFCoB' +
    'BEoBBQoB0TZoBGZoBGZoB8CZgCAAD_vD22pBCpB0hECL9GCCh0FC-qK9QCjvhWAgBe_CgBgEvHc';
  // END GENERATED wordbreak

  var WB = {
    Other: 0, Double_Quote: 1, Single_Quote: 2, Hebrew_Letter: 3, CR: 4, LF: 5,
    Newline: 6, Extend: 7, Format: 8, Katakana: 9, ALetter: 10, MidLetter: 11,
    MidNum: 12, MidNumLet: 13, Numeric: 14, ExtendNumLet: 15, Regional_Indicator: 16
  };
  var SCRIPT = { Hangul: 1, Han: 2, Hiragana: 3 };

  var runStart = [], runEnd = [], runClass = [];
  var asciiClass = new Uint8Array(128);
  (function () {
    var ints = decodeInts(WB_TABLE);
    var next = 0;
    for (var i = 0; i + 2 < ints.length; i += 3) {
      var start = next + ints[i];
      var end = start + ints[i + 1];
      runStart.push(start);
      runEnd.push(end);
      runClass.push(ints[i + 2]);
      next = end + 1;
    }
    for (var c = 0; c < 128; c++) asciiClass[c] = lookupClass(c);
  })();

  function lookupClass(cp) {
    var lo = 0, hi = runStart.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cp < runStart[mid]) hi = mid - 1;
      else if (cp > runEnd[mid]) lo = mid + 1;
      else return runClass[mid];
    }
    return 0;
  }

  function classOf(cp) {
    return cp < 128 ? asciiClass[cp] : lookupClass(cp);
  }

  // Symbols of the segmenter's patterns: predicates on a class.
  function wbOf(c) { return c >> 2; }
  var SYMBOLS = {
    x: function (c) { var w = c >> 2; return w === WB.Extend || w === WB.Format; },
    a: function (c) { var w = c >> 2; return w === WB.ALetter || w === WB.Hebrew_Letter; },
    l: function (c) { return (c >> 2) === WB.Hebrew_Letter; },
    n: function (c) { return (c >> 2) === WB.Numeric; },
    k: function (c) { return (c >> 2) === WB.Katakana; },
    m: function (c) { var w = c >> 2; return w === WB.MidLetter || w === WB.MidNumLet || w === WB.Single_Quote; },
    u: function (c) { var w = c >> 2; return w === WB.MidNum || w === WB.MidNumLet || w === WB.Single_Quote; },
    e: function (c) { return (c >> 2) === WB.ExtendNumLet; },
    s: function (c) { return (c >> 2) === WB.Single_Quote; },
    d: function (c) { return (c >> 2) === WB.Double_Quote; },
    h: function (c) { return (c & 3) === SCRIPT.Hangul; },
    c: function (c) { return (c & 3) === SCRIPT.Han; },
    i: function (c) { return (c & 3) === SCRIPT.Hiragana; }
  };

  // A tiny regular-expression compiler over symbols, for longest-match
  // scanning as ragel does. An upper-case letter X stands for the symbol x
  // followed by any number of Extend or Format (UAX#29 rule WB4).
  function compile(pattern) {
    var pos = 0;
    var states = []; // {sym, out, out1}; sym null = split, 'M' = match
    function state(sym, out, out1) {
      states.push({ sym: sym, out: out, out1: out1 });
      return states.length - 1;
    }
    // Fragments are {start, outs: [[stateIndex, 'out'|'out1'], ...]}.
    function patch(outs, target) {
      for (var i = 0; i < outs.length; i++) states[outs[i][0]][outs[i][1]] = target;
    }
    function symbolFrag(letter) {
      var lower = letter.toLowerCase();
      if (!SYMBOLS[lower]) throw new Error('unknown symbol ' + letter);
      var s = state(lower, -1, -1);
      var frag = { start: s, outs: [[s, 'out']] };
      if (letter !== lower) frag = concat(frag, star(symbolFrag('x')));
      return frag;
    }
    function concat(a, b) {
      patch(a.outs, b.start);
      return { start: a.start, outs: b.outs };
    }
    function alt(a, b) {
      var s = state(null, a.start, b.start);
      return { start: s, outs: a.outs.concat(b.outs) };
    }
    function star(a) {
      var s = state(null, a.start, -1);
      patch(a.outs, s);
      return { start: s, outs: [[s, 'out1']] };
    }
    function plus(a) {
      var s = state(null, a.start, -1);
      patch(a.outs, s);
      return { start: a.start, outs: [[s, 'out1']] };
    }
    function empty() {
      var s = state(null, -1, -1);
      states[s].eps = true;
      return { start: s, outs: [[s, 'out']] };
    }
    function parseAlt() {
      var f = parseSeq();
      while (pattern[pos] === '|') {
        pos++;
        f = alt(f, parseSeq());
      }
      return f;
    }
    function parseSeq() {
      var f = null;
      while (pos < pattern.length && pattern[pos] !== '|' && pattern[pos] !== ')') {
        var a = parseAtom();
        f = f ? concat(f, a) : a;
      }
      return f || empty();
    }
    function parseAtom() {
      var f;
      if (pattern[pos] === '(') {
        pos++;
        f = parseAlt();
        if (pattern[pos] !== ')') throw new Error('unbalanced pattern');
        pos++;
      } else {
        f = symbolFrag(pattern[pos++]);
      }
      while (pattern[pos] === '*' || pattern[pos] === '+') {
        f = pattern[pos++] === '*' ? star(f) : plus(f);
      }
      return f;
    }
    var frag = parseAlt();
    patch(frag.outs, state('M', -1, -1));
    return { start: frag.start, states: states };
  }

  function addState(nfa, set, seen, s) {
    if (s < 0 || seen[s]) return;
    seen[s] = 1;
    var st = nfa.states[s];
    if (st.sym === null) {
      if (st.eps) { addState(nfa, set, seen, st.out); return; }
      addState(nfa, set, seen, st.out);
      addState(nfa, set, seen, st.out1);
      return;
    }
    set.push(s);
  }

  // longest returns the length of the longest match of nfa at cls[pos...].
  function longest(nfa, cls, pos) {
    var n = nfa.states.length;
    var cur = [];
    addState(nfa, cur, new Uint8Array(n), nfa.start);
    var best = 0;
    for (var i = pos; ; i++) {
      var next = [];
      var seen = new Uint8Array(n);
      for (var j = 0; j < cur.length; j++) {
        var st = nfa.states[cur[j]];
        if (st.sym === 'M') {
          best = i - pos;
        } else if (i < cls.length && SYMBOLS[st.sym](cls[i])) {
          addState(nfa, next, seen, st.out);
        }
      }
      if (next.length === 0 || i >= cls.length) break;
      cur = next;
    }
    return best;
  }

  // The word patterns of segment_words.rl, in the scanner's priority order
  // (on a tie in length the earlier wins). The others produce tokens of
  // type None, which bleve's tokenizer drops.
  var KBLOCK = 'K(E*K)*';
  var MIXED = 'L(S|DL)|N((E*|U)N)*|A((E*|M)A)*';
  var WORD_PATTERNS = [
    compile('E*N((E*|U)N)*E*'), // WordNumeric
    compile('H+'), // WordHangul
    compile('K+'), // WordKatakana
    compile('E*(' + KBLOCK + '|(' + MIXED + '|E)+)(E+(' + KBLOCK + '|(' + MIXED + ')+))*E*'), // Word
    compile('C'), // WordHan
    compile('I') // WordHiragana
  ];

  // noneLength is the longest match of the None patterns at pos.
  function noneLength(cps, cls, pos) {
    var n = cls.length;
    var w = wbOf(cls[pos]);
    var best = 1;
    var isX = function (i) { return i < n && SYMBOLS.x(cls[i]); };
    var i;
    if (w === WB.Regional_Indicator) { // (RI (Extend|Format)*)+
      i = pos;
      while (i < n && wbOf(cls[i]) === WB.Regional_Indicator) {
        i++;
        while (isX(i)) i++;
      }
      best = Math.max(best, i - pos);
    }
    if (w === WB.CR && pos + 1 < n && wbOf(cls[pos + 1]) === WB.LF) best = Math.max(best, 2);
    if (w === WB.CR || w === WB.LF || w === WB.Newline) return best;
    // (Extend|Format)*
    i = pos;
    while (isX(i)) i++;
    best = Math.max(best, i - pos);
    // Other is one byte of anything but a newline, then (Extend|Format)*:
    // only a one-byte (ASCII) character can be followed by its extenders.
    if (cps[pos] < 0x80) {
      i = pos + 1;
      while (isX(i)) i++;
      best = Math.max(best, i - pos);
    }
    return best;
  }

  // segmentWords splits text as bleve's unicode tokenizer does and returns
  // the word tokens as [start, end) offsets into the string.
  function segmentWords(text) {
    var cps = [], offs = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      cps.push(cp);
      offs.push(i);
      i += cp > 0xffff ? 2 : 1;
    }
    offs.push(text.length);
    var cls = new Array(cps.length);
    for (var k = 0; k < cps.length; k++) cls[k] = classOf(cps[k]);
    var out = [];
    var pos = 0;
    while (pos < cps.length) {
      var best = 0;
      for (var p = 0; p < WORD_PATTERNS.length; p++) {
        var l = longest(WORD_PATTERNS[p], cls, pos);
        if (l > best) best = l;
      }
      var none = noneLength(cps, cls, pos);
      if (best > 0 && best >= none) {
        out.push([offs[pos], offs[pos + best]]);
        pos += best;
      } else {
        pos += none;
      }
    }
    return out;
  }

  // possessive is bleve's possessive_en filter: a trailing 's after an
  // apostrophe (', ’ or ＇) goes.
  function possessive(t) {
    var n = t.length;
    if (n >= 2 && (t[n - 1] === 's' || t[n - 1] === 'S')) {
      var a = t[n - 2];
      if (a === "'" || a === '\u2019' || a === '\uff07') return t.slice(0, n - 2);
    }
    return t;
  }

  function utf8Len(cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  // Go's simple lowercase mapping (unicode.ToLower), generated from Go by
  // internal/search's tests so the page does not depend on the browser's
  // Unicode version: runs of (gap, count − 1, stride, zigzag difference).
  // BEGIN GENERATED lower
  var LOWER_TABLE =
    'hCZBgClDWBgCBGBgChBXCCBABtMBCCCCHCCCWCCBABxHACCCDABkNABCCBAB8MAABCBBB6MAABCCAB-EAAB0MAAB2MAABCBAB6MA' +
    'AB-MBABmNAABiNAABCDABmNAABqNBABsNACCCBAB0NAABCBAB0NCABCBAB0NAABCBBByNABCCBAB2NAABCDABCHABEAABCBABEAA' +
    'BCBABEAICCCICCCABEABCCBABhGAABvDATCCBABjIBICCHAB2iVAABCBABlKAABwiVCABCBABlMAABqEAABuEAECChJBCCDABCIA' +
    'BoHGABsCBCBqCBABgEBBB-DBQBgCBIBgCjBABQILCCFAB3DCABCBABNAABCCCBjIAPBgFAfBgCwBQCCJaCCBABeAGCCCvBCCClBB' +
    'gDp6ClBBgmOBABgmOFABgmOyWvCBg9rCAFBQ6kCqBB_7FCCB_7FgKqCCCJAB97OBvBCCJHBPIFBPKHBPIHBPIFBPLDCPIHBPYHBP' +
    'IHBPIHBPIBBPABBzEAABRLDBrFAABRLBBPABBnGMBBPABB_GAABNLBB_HABB7HAABRpJAB51ODAB9rQAABrkQGAB4BtBPBgBTABC' +
    'yZZB0Bw5BvBBgDwBABCBABt_UAABruHAABt-UCCCCBAB3hVAAB5_UAAB9hVAAB7hVBABCCABCIBB9jVAxBCCIBCCEABCtqeWCCTN' +
    'CCnEGCCDeCCKBCCBABnglCAECCEABCBABvyyCCBCCDJCCBABn0yCAAB90yCAAB10yCAABh0yCAABn0yCBABjxyCAABzyyCAABpxy' +
    'CAABg6BAHCCBAB_CAABl0yCAABvjlCABCCGABCFBCCcABCr5VZBgClmBnBBwCoEjBBwC8EKBuCBOBuCBGBuCBBBuCq3ByBBgEt_C' +
    'fBgCgsVfBgCg1ehBBkC';
  // END GENERATED lower
  var LOWER = new Map();
  (function () {
    var ints = decodeInts(LOWER_TABLE);
    var next = 0;
    for (var i = 0; i + 3 < ints.length; i += 4) {
      var cp = next + ints[i];
      var z = ints[i + 3];
      var d = z % 2 === 1 ? -(z + 1) / 2 : z / 2;
      for (var k = 0; k <= ints[i + 1]; k++) {
        LOWER.set(cp, cp + d);
        next = cp + 1;
        cp += ints[i + 2];
      }
    }
  })();

  function lowerRune(cp) {
    if (cp < 0x80) return cp >= 65 && cp <= 90 ? cp + 32 : cp;
    var l = LOWER.get(cp);
    return l === undefined ? cp : l;
  }

  function utf8Encode(s) {
    return new TextEncoder().encode(s);
  }

  function encodeRune(buf, at, cp) {
    if (cp < 0x80) {
      buf[at] = cp;
    } else if (cp < 0x800) {
      buf[at] = 0xc0 | (cp >> 6);
      buf[at + 1] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      buf[at] = 0xe0 | (cp >> 12);
      buf[at + 1] = 0x80 | ((cp >> 6) & 0x3f);
      buf[at + 2] = 0x80 | (cp & 0x3f);
    } else {
      buf[at] = 0xf0 | (cp >> 18);
      buf[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
      buf[at + 2] = 0x80 | ((cp >> 6) & 0x3f);
      buf[at + 3] = 0x80 | (cp & 0x3f);
    }
  }

  // decodeRune is Go's utf8.DecodeRune: [rune, size], with (U+FFFD, 1)
  // for anything that is not valid UTF-8.
  function decodeRune(b, i) {
    var b0 = b[i];
    if (b0 < 0x80) return [b0, 1];
    var size, lo = 0x80, hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) size = 2;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      size = 3;
      if (b0 === 0xe0) lo = 0xa0;
      if (b0 === 0xed) hi = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      size = 4;
      if (b0 === 0xf0) lo = 0x90;
      if (b0 === 0xf4) hi = 0x8f;
    } else return [0xfffd, 1];
    if (i + size > b.length) return [0xfffd, 1];
    var b1 = b[i + 1];
    if (b1 < lo || b1 > hi) return [0xfffd, 1];
    if (size === 2) return [((b0 & 0x1f) << 6) | (b1 & 0x3f), 2];
    var b2 = b[i + 2];
    if (b2 < 0x80 || b2 > 0xbf) return [0xfffd, 1];
    if (size === 3) return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f), 3];
    var b3 = b[i + 3];
    if (b3 < 0x80 || b3 > 0xbf) return [0xfffd, 1];
    return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f), 4];
  }

  // runesOf is Go's bytes.Runes.
  function runesOf(b) {
    var out = [];
    for (var i = 0; i < b.length;) {
      var r = decodeRune(b, i);
      out.push(r[0]);
      i += r[1];
    }
    return out;
  }

  // lowerBytes is bleve's to_lower filter (toLowerDeferredCopy) on UTF-8
  // bytes, quirks included: it lowercases in place, so where a lower case
  // letter is shorter than its capital (İ → i, ẞ → ß) the bytes after it are
  // not moved and the term keeps stray bytes, and loses as many at its end;
  // a capital sigma at the very end becomes ς; and from a letter whose lower
  // case is longer (Ⱥ → ⱥ) on, the rest is lowercased by bytes.ToLower.
  function lowerBytes(b) {
    var s = new Uint8Array(b);
    var i = 0, j = 0;
    while (i < s.length) {
      var wid = 1, r = s[i];
      if (r >= 0x80) {
        var dr = decodeRune(s, i);
        r = dr[0];
        wid = dr[1];
      }
      var l = lowerRune(r);
      if (l === r) {
        i += wid;
        j += wid;
        continue;
      }
      if (l === 0x3c3 && i + 2 === s.length) l = 0x3c2;
      var lwid = utf8Len(l);
      if (lwid > wid) {
        var rest = bytesToLower(s.subarray(i));
        var out = new Uint8Array(j + rest.length);
        out.set(s.subarray(0, j), 0);
        out.set(rest, j);
        return out;
      }
      encodeRune(s, j, l);
      i += wid;
      j += lwid;
    }
    return s.subarray(0, j);
  }

  // bytesToLower is Go's bytes.ToLower: unicode.ToLower on every rune, with
  // invalid bytes turned into U+FFFD.
  function bytesToLower(b) {
    var out = [];
    var tmp = new Uint8Array(4);
    for (var i = 0; i < b.length;) {
      var r = decodeRune(b, i);
      var l = lowerRune(r[0]);
      var n = utf8Len(l);
      encodeRune(tmp, 0, l);
      for (var k = 0; k < n; k++) out.push(tmp[k]);
      i += r[1];
    }
    return new Uint8Array(out);
  }

  function lower(t) {
    return String.fromCodePoint.apply(null, runesOf(lowerBytes(utf8Encode(t))));
  }

  function isStopWord(b) {
    if (b.length > 16) return false;
    var s = '';
    for (var i = 0; i < b.length; i++) {
      if (b[i] >= 0x80) return false;
      s += String.fromCharCode(b[i]);
    }
    return STOP_WORDS.has(s);
  }

  var STOP_WORDS = new Set(('a about above after again against all am an and any are aren\'t as at be ' +
    'because been before being below between both but by can\'t cannot could couldn\'t did didn\'t do ' +
    'does doesn\'t doing don\'t down during each few for from further had hadn\'t has hasn\'t have ' +
    'haven\'t having he he\'d he\'ll he\'s her here here\'s hers herself him himself his how how\'s i ' +
    'i\'d i\'ll i\'m i\'ve if in into is isn\'t it it\'s its itself let\'s me more most mustn\'t my ' +
    'myself no nor not of off on once only or other ought our ours ourselves out over own same shan\'t ' +
    'she she\'d she\'ll she\'s should shouldn\'t so some such than that that\'s the their theirs them ' +
    'themselves then there there\'s these they they\'d they\'ll they\'re they\'ve this those through to ' +
    'too under until up very was wasn\'t we we\'d we\'ll we\'re we\'ve were weren\'t what what\'s when ' +
    'when\'s where where\'s which while who who\'s whom why why\'s with won\'t would wouldn\'t you ' +
    'you\'d you\'ll you\'re you\'ve your yours yourself yourselves').split(' '));

  /* The Porter stemmer exactly as github.com/blevesearch/go-porterstemmer
   * writes it (StemWithoutLowerCasing), on arrays of code points. */
  var CP = function (s) { return Array.from(s, function (c) { return c.codePointAt(0); }); };
  var ch = function (c) { return c.charCodeAt(0); };

  function isConsonant(s, i) {
    switch (s[i]) {
      case 97: case 101: case 105: case 111: case 117: return false; // a e i o u
      case 121: return i === 0 ? true : !isConsonant(s, i - 1); // y
      default: return true;
    }
  }

  function measure(s) {
    var lenS = s.length, result = 0, i = 0;
    if (lenS === 0) return result;
    while (isConsonant(s, i)) {
      i++;
      if (i >= lenS) return result;
    }
    outer:
    while (i < lenS) {
      while (!isConsonant(s, i)) {
        i++;
        if (i >= lenS) break outer;
      }
      while (isConsonant(s, i)) {
        i++;
        if (i >= lenS) {
          result++;
          break outer;
        }
      }
      result++;
    }
    return result;
  }

  var SUFFIX = {};
  function suf(str) { return SUFFIX[str] || (SUFFIX[str] = CP(str)); }

  function hasSuffix(s, suffix) {
    var a = s.length - 1, b = suffix.length - 1;
    if (a <= b) return false;
    if (s[a] !== suffix[b]) return false;
    for (var i = 0; i < b; i++) {
      if (suffix[i] !== s[a - b + i]) return false;
    }
    return true;
  }

  function containsVowel(s) {
    for (var i = 0; i < s.length; i++) if (!isConsonant(s, i)) return true;
    return false;
  }

  function hasRepeatDoubleConsonantSuffix(s) {
    var n = s.length;
    return n >= 2 && s[n - 1] === s[n - 2] && isConsonant(s, n - 1);
  }

  function hasCVCSuffix(s) {
    var n = s.length;
    return n >= 3 && isConsonant(s, n - 3) && !isConsonant(s, n - 2) && isConsonant(s, n - 1);
  }

  function step1a(s) {
    var n = s.length;
    if (hasSuffix(s, suf('sses'))) return s.slice(0, n - 2);
    if (hasSuffix(s, suf('ies'))) return s.slice(0, n - 2);
    if (hasSuffix(s, suf('ss'))) return s;
    if (hasSuffix(s, suf('s'))) return s.slice(0, n - 1);
    return s;
  }

  var L = ch('l'), S = ch('s'), Z = ch('z'), W = ch('w'), X = ch('x'), Y = ch('y'), E = ch('e');

  // step1bTail handles the stem left by -ed or -ing. keep is the stem plus
  // the suffix's first letter, which some rules turn into an 'e'.
  function step1bTail(sub, keep) {
    var c = sub[sub.length - 1];
    if (hasSuffix(sub, suf('at')) || hasSuffix(sub, suf('bl')) || hasSuffix(sub, suf('iz'))) {
      keep[keep.length - 1] = E;
      return keep;
    }
    if (c !== L && c !== S && c !== Z && hasRepeatDoubleConsonantSuffix(sub)) return sub.slice(0, sub.length - 1);
    if (measure(sub) === 1 && hasCVCSuffix(sub) && c !== W && c !== X && c !== Y) {
      keep[keep.length - 1] = E;
      return keep;
    }
    return sub;
  }

  function step1b(s) {
    var n = s.length;
    if (hasSuffix(s, suf('eed'))) {
      if (measure(s.slice(0, n - 3)) > 0) return s.slice(0, n - 1);
      return s;
    }
    if (hasSuffix(s, suf('ed'))) {
      var sub = s.slice(0, n - 2);
      if (containsVowel(sub)) return step1bTail(sub, s.slice(0, n - 1));
      return s;
    }
    if (hasSuffix(s, suf('ing'))) {
      var sub2 = s.slice(0, n - 3);
      if (containsVowel(sub2)) return step1bTail(sub2, s.slice(0, n - 2));
      return s;
    }
    return s;
  }

  function step1c(s) {
    var n = s.length;
    if (n < 2) return s;
    if (s[n - 1] === Y && containsVowel(s.slice(0, n - 1))) {
      s = s.slice();
      s[n - 1] = ch('i');
    } else if (s[n - 1] === ch('Y') && containsVowel(s.slice(0, n - 1))) {
      s = s.slice();
      s[n - 1] = ch('I');
    }
    return s;
  }

  // Rules of steps 2 and 3: [suffix, letters kept of the suffix, then the
  // replacement for the rest]; all apply when the stem's measure is > 0.
  var STEP2 = [
    ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
    ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
    ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
    ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
    ['logi', 'log']
  ];
  var STEP3 = [
    ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''],
    ['ness', '']
  ];
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent',
    'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'];

  function replaceStep(s, rules) {
    for (var i = 0; i < rules.length; i++) {
      var sfx = suf(rules[i][0]);
      if (hasSuffix(s, sfx)) {
        var stem = s.slice(0, s.length - sfx.length);
        if (measure(stem) > 0) return stem.concat(suf(rules[i][1]));
        return s;
      }
    }
    return s;
  }

  function step4(s) {
    for (var i = 0; i < STEP4.length; i++) {
      var sfx = suf(STEP4[i]);
      if (hasSuffix(s, sfx)) {
        var stem = s.slice(0, s.length - sfx.length);
        var c = stem[stem.length - 1];
        if (measure(stem) > 1 && (STEP4[i] !== 'ion' || c === S || c === ch('t'))) return stem;
        return s;
      }
    }
    return s;
  }

  function step5a(s) {
    var n = s.length;
    if (s[n - 1] === E) {
      var sub = s.slice(0, n - 1);
      var m = measure(sub);
      if (m > 1) return sub;
      if (m === 1) {
        var c = sub[sub.length - 1];
        if (!(hasCVCSuffix(sub) && c !== W && c !== X && c !== Y)) return sub;
      }
    }
    return s;
  }

  function step5b(s) {
    var n = s.length;
    if (n > 2 && s[n - 2] === L && s[n - 1] === L && measure(s.slice(0, n - 1)) > 1) return s.slice(0, n - 1);
    return s;
  }

  function stem(t) {
    return String.fromCodePoint.apply(null, stemRunes(CP(t)));
  }

  function stemRunes(s) {
    if (s.length <= 2) return s;
    s = step1a(s);
    s = step1b(s);
    s = step1c(s);
    s = replaceStep(s, STEP2);
    s = replaceStep(s, STEP3);
    s = step4(s);
    s = step5a(s);
    s = step5b(s);
    return s;
  }

  // analyzeTokens runs bleve's `en` analyzer and returns the surviving
  // tokens with their offsets in text: [{term, start, end}].
  function analyzeTokens(text) {
    var out = [];
    var words = segmentWords(text);
    for (var i = 0; i < words.length; i++) {
      var b = lowerBytes(utf8Encode(possessive(text.slice(words[i][0], words[i][1]))));
      if (isStopWord(b)) continue;
      // bleve's porter filter decodes the bytes (stray bytes become U+FFFD),
      // stems and encodes again.
      var term = String.fromCodePoint.apply(null, stemRunes(runesOf(b)));
      out.push({ term: term, start: words[i][0], end: words[i][1] });
    }
    return out;
  }

  function analyze(text) {
    return analyzeTokens(text).map(function (t) { return t.term; });
  }

  // analyzeKeyword is the keyword fields' analyzer: the whole value,
  // lowercased; nothing for an empty value.
  function analyzeKeyword(text) {
    return text === '' ? [] : [lower(text)];
  }

  /* ------------------------------------------------------------------ */
  /* 2. Queries: a port of bleve's query-string lexer and of the parts of */
  /* its grammar the browser index can answer.                            */

  var RESERVED = '+-=&|><!(){}[]^"~*?:\\/ ';

  function unescape(c) {
    return RESERVED.indexOf(c) >= 0 ? c : '\\' + c;
  }

  function isDigit(c) { return /^\p{Nd}$/u.test(c); }
  function isSpace(c) { return /^\s$/u.test(c) || c === '\u0085'; }

  // lexQuery returns tokens {t: type, s: text}; it throws on an
  // unterminated phrase, as bleve does.
  function lexQuery(q) {
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

  function QueryError(message) {
    this.name = 'QueryError';
    this.message = message;
  }
  QueryError.prototype = Object.create(Error.prototype);

  // parseQuery returns {must, should, mustNot} lists of clauses
  // {kind: 'match'|'phrase'|'unsupported', field, text, boost}, and
  // `approximate` when a part of the query can only be approximated here.
  function parseQuery(q) {
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
  function trimQuestion(q) {
    q = q.replace(/ +$/, '');
    while (q.slice(-1) === '?' && q.slice(-2) !== '\\?') q = q.slice(0, -1).replace(/ +$/, '');
    return q;
  }

  function valueClause(s, field) {
    if (s.length > 1 && s[0] === '/' && s[s.length - 1] === '/') return { kind: 'unsupported', field: field, text: s, what: 'regular expressions' };
    if (/[*?]/.test(s)) return { kind: 'unsupported', field: field, text: s, what: 'wildcards' };
    return { kind: 'match', field: field, text: s };
  }

  /* ------------------------------------------------------------------ */
  /* 3. The engine                                                        */

  var FIELD_ALIASES = {
    services: 'service', teams: 'team', tags: 'tag', categories: 'category',
    recommendation: 'recommendations', date: 'started'
  };
  // fieldName resolves a field as typed: any case, singular or plural.
  function fieldName(f) {
    f = f.toLowerCase();
    return FIELD_ALIASES[f] || f;
  }
  var TEXT_FIELDS = ['title', 'summary', 'impact', 'body', 'timeline', 'analysis', 'recommendations'];

  function fnv1a(str) {
    var bytes = new TextEncoder().encode(str);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // Engine answers queries from the browser index at `base` (a URL ending
  // in '/'). fetchFile(path, type) must return a promise of the file,
  // parsed when type is 'json' and as a Uint8Array when it is 'bytes'; it
  // defaults to fetch(). Every file is fetched at most once.
  function Engine(base, fetchFile) {
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
  Engine.prototype.load = function (path, decode) {
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

  Engine.prototype.manifest = function () { return this.load('manifest.json'); };

  // plan turns a parsed query into bleve's searcher tree, as
  // internal/search's rewrite and bleve build it. Nodes:
  //   {op: 'term', field, term, boost}
  //   {op: 'or', children}   (a disjunction: score × matched/total)
  //   {op: 'and', children}  (a conjunction: sum)
  // A clause that analyzes to nothing is dropped, as in bleve's
  // query-string mode.
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
        var title = terms('title', cl.text, boost * manifest.titleBoost);
        var a = cl.kind === 'phrase' ? { op: 'and', children: all } : { op: 'or', children: all };
        var t = cl.kind === 'phrase' ? { op: 'and', children: title } : { op: 'or', children: title };
        return { op: 'or', children: [a, t] };
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
    return { must: group(pq.must, 'and'), should: group(pq.should, 'or'), mustNot: group(pq.mustNot, 'or') };
  }

  function leaves(n, out) {
    if (!n) return out;
    if (n.op === 'term') out.push(n);
    else if (n.children) n.children.forEach(function (c) { leaves(c, out); });
    return out;
  }

  // frequentFile returns the own file that may hold a frequent term, or
  // null: the manifest lists the top 24 bits of the frequent terms' FNV-1a,
  // ascending, as differences.
  Engine.prototype.frequentFile = function (manifest, term) {
    if (this.frequentFor !== manifest) {
      var hs = decodeInts(manifest.frequent || '');
      for (var i = 1; i < hs.length; i++) hs[i] += hs[i - 1];
      this.frequent = hs;
      this.frequentFor = manifest;
    }
    var h = fnv1a(term) >>> 8;
    var lo = 0, hi = this.frequent.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (this.frequent[mid] < h) lo = mid + 1;
      else if (this.frequent[mid] > h) hi = mid - 1;
      else return 'terms/f' + mid + '.bin';
    }
    return null;
  };

  // textPostings returns {docs, freqs, lens} of a term in _all or title.
  Engine.prototype.textPostings = function (manifest, field, term) {
    var key = field + '\u0000' + term;
    if (this.postingCache.has(key)) return Promise.resolve(this.postingCache.get(key));
    var self = this;
    // A frequent term has a file of its own; the others share hash shards.
    var shard = 'terms/' + (fnv1a(term) % manifest.shards) + '.bin';
    var own = this.frequentFile(manifest, term);
    var entry = (own ? this.load(own, decodeTermFile) : Promise.resolve(new Map())).then(function (file) {
      // Another term with the same hash has the file: look in the shard.
      return file.has(term) ? file : self.load(shard, decodeTermFile);
    });
    return entry.then(function (file) {
      var e = file.get(term);
      var p = decodePostings(e ? (field === 'title' ? e.title : e.all) : null, manifest.len[field]);
      self.postingCache.set(key, p);
      return p;
    });
  };

  // keywordField returns {postings: Map term → {docs, freqs}, lens: per-doc
  // token count, docTerms: per-doc list of terms} of a keyword field.
  Engine.prototype.keywordField = function (manifest, field) {
    var facet = manifest.facets.indexOf(field) >= 0;
    var fields = facet ? manifest.facets : manifest.keywords;
    return this.load(facet ? 'facets.bin' : 'keywords.bin', function (bytes) {
      return decodeKeywords(bytes, fields, manifest.docs);
    }).then(function (t) { return t[field]; });
  };

  // search runs query q and resolves to
  // {total, hits: [{doc, score}], facets: {field: [{value, label, count}]},
  //  approximate: [...]}, hits sorted by score then document number.
  // filters: {field: [term, ...]} keeps hits with one of the terms in every
  // listed field (facet counts of a field ignore that field's own filter).
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
      var all = leaves(tree.must, []).concat(leaves(tree.should, []), leaves(tree.mustNot, []));
      var needs = [];
      var kwNeeded = {};
      all.forEach(function (l) {
        if (l.field === '_all' || l.field === 'title') {
          needs.push(self.textPostings(m, l.field, l.term).then(function (p) { l.postings = p; }));
        } else if (m.facets.indexOf(l.field) >= 0 || m.keywords.indexOf(l.field) >= 0) {
          kwNeeded[l.field] = true;
        } else {
          l.postings = { docs: [], freqs: [] };
        }
      });
      m.facets.forEach(function (f) { kwNeeded[f] = true; });
      Object.keys(filters).forEach(function (f) { kwNeeded[f] = true; });
      var kw = {};
      Object.keys(kwNeeded).forEach(function (f) {
        needs.push(self.keywordField(m, f).then(function (k) { kw[f] = k; }));
      });
      return Promise.all(needs).then(function () {
        all.forEach(function (l) {
          if (!l.postings) {
            var k = kw[l.field];
            l.postings = (k && k.postings.get(l.term)) || { docs: [], freqs: [] };
            l.lens = k ? k.lens : null;
          }
        });
        return score(m, tree, kw, filters, pq.approximate);
      });
    });
  };

  // score evaluates the searcher tree with bleve's TF-IDF: a term scores
  // (√tf · norm · idf) · (boost · idf · queryNorm), where
  // idf = 1 + ln(N / (df + 1)), norm = float32(1/√fieldLength) and
  // queryNorm = 1/√(Σ (boost · idf)²) over the must and should terms;
  // a disjunction multiplies the sum of its matching children by the share
  // of children that matched, a conjunction sums.
  function score(m, tree, kw, filters, approximate) {
    var N = m.docs;
    var sumSq = 0;
    [tree.must, tree.should].forEach(function (t) { sumSq += weight(t); });
    function weight(n) {
      if (!n) return 0;
      if (n.op === 'term') {
        n.idf = 1 + Math.log(N / (n.postings.docs.length + 1));
        var w = n.boost * n.idf;
        return w * w;
      }
      var s = 0;
      for (var i = 0; i < n.children.length; i++) s += weight(n.children[i]);
      return s;
    }
    var qnorm = 1 / Math.sqrt(sumSq);
    leaves(tree.mustNot, []).forEach(function (l) { l.idf = 1 + Math.log(N / (l.postings.docs.length + 1)); });

    // evaluate returns a Map doc → score of the docs n matches.
    function evaluate(n) {
      var res = new Map();
      if (!n) return res;
      if (n.op === 'term') {
        var p = n.postings;
        var qw = n.boost * n.idf * qnorm;
        for (var i = 0; i < p.docs.length; i++) {
          var d = p.docs[i];
          var norm = Math.fround(1 / Math.sqrt(p.lens ? p.lens[i] : n.lens[d]));
          var s = Math.sqrt(p.freqs[i]) * norm * n.idf;
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

    // Facets: counts over the matches, each field's counts honouring the
    // filters of the other fields; hits honour them all.
    var fields = m.facets;
    function passes(d, except) {
      for (var f in filters) {
        if (f === except || !filters[f] || filters[f].length === 0) continue;
        var terms = (kw[f] && kw[f].docTerms[d]) || [];
        var ok = false;
        for (var i = 0; i < filters[f].length; i++) if (terms.indexOf(filters[f][i]) >= 0) { ok = true; break; }
        if (!ok) return false;
      }
      return true;
    }
    var facets = {};
    fields.forEach(function (f) {
      var counts = new Map();
      matched.forEach(function (_, d) {
        if (!passes(d, f)) return;
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
    var hits = [];
    matched.forEach(function (s, d) { if (passes(d, null)) hits.push({ doc: d, score: s }); });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    var seen = {};
    var approx = approximate.filter(function (a) { return seen[a] ? false : (seen[a] = true); });
    return { total: hits.length, matched: matched.size, hits: hits, facets: facets, approximate: approx };
  }

  // records resolves to the display records of documents:
  // {doc, id, title, url, date, severity, passages}.
  Engine.prototype.records = function (docs) {
    var self = this;
    return this.manifest().then(function (m) {
      return Promise.all(docs.map(function (d) {
        return self.load('docs/' + Math.floor(d / m.chunk) + '.json').then(function (chunk) {
          var r = chunk[d % m.chunk];
          var url = r[2] || (m.url ? m.url[0] + r[0] + m.url[1] : '');
          return { doc: d, id: r[0], title: r[1], url: url, date: r[3], severity: r[4], passages: r[5] || [] };
        });
      }));
    });
  };

  // queryTerms is the set of text terms a query looks for, for highlights.
  function queryTerms(q) {
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
  function highlight(text, terms) {
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
  function snippet(passages, terms, width) {
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

  /* ------------------------------------------------------------------ */
  /* 4. The page                                                          */

  var FACET_TITLES = { severity: 'Severity', service: 'Services', team: 'Teams', category: 'Categories', year: 'Year' };
  var PAGE = 10;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'className') e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function appendPieces(parent, pieces) {
    pieces.forEach(function (p) {
      if (p.mark) parent.appendChild(el('mark', { text: p.text }));
      else parent.appendChild(document.createTextNode(p.text));
    });
  }

  function App(root) {
    this.root = root;
    this.base = root.getAttribute('data-index') || 'browser/';
    this.engine = new Engine(this.base);
    this.form = document.querySelector('form.search-form') || (root.ownerDocument || document).querySelector('form[role="search"]');
    this.input = document.getElementById('search-q');
    this.filters = {};
    this.shown = PAGE;
    this.seq = 0;
    this.build();
  }

  App.prototype.build = function () {
    var self = this;
    this.status = el('p', { className: 'search-status', role: 'status', 'aria-live': 'polite' });
    this.notice = el('p', { className: 'search-notice', hidden: 'hidden' });
    this.facetBox = el('div', { className: 'search-facets', role: 'group', 'aria-label': 'Filter results' });
    this.list = el('ol', { className: 'search-results', id: 'search-results', 'aria-label': 'Search results' });
    this.more = el('button', { type: 'button', className: 'search-more', hidden: 'hidden', text: 'Show more results' });
    var main = el('div', { className: 'search-main' }, [this.status, this.notice, this.list, this.more]);
    this.root.appendChild(el('div', { className: 'search-layout' }, [this.facetBox, main]));

    var params = new URLSearchParams(window.location.search);
    var q = params.get('q') || '';
    Object.keys(FACET_TITLES).forEach(function (f) {
      var vs = params.getAll(f);
      if (vs.length) self.filters[f] = vs;
    });
    if (this.input) {
      this.input.value = q;
      var timer = null;
      this.input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { self.run(true); }, 200);
      });
      this.input.addEventListener('keydown', function (e) {
        if (e.key === 'ArrowDown') {
          var first = self.list.querySelector('a');
          if (first) { e.preventDefault(); first.focus(); }
        }
      });
    }
    if (this.form) {
      this.form.addEventListener('submit', function (e) {
        e.preventDefault();
        self.run(true);
      });
    }
    this.list.addEventListener('keydown', function (e) { self.onKey(e); });
    this.more.addEventListener('click', function () {
      self.shown += PAGE;
      self.render(false);
    });
    this.run(false);
  };

  App.prototype.query = function () {
    return this.input ? this.input.value.trim() : '';
  };

  App.prototype.updateURL = function () {
    var params = new URLSearchParams();
    var q = this.query();
    if (q) params.set('q', q);
    var self = this;
    Object.keys(this.filters).forEach(function (f) {
      self.filters[f].forEach(function (v) { params.append(f, v); });
    });
    var s = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (s ? '?' + s : '') + window.location.hash);
  };

  App.prototype.run = function (fromUser) {
    var self = this;
    var q = this.query();
    var seq = ++this.seq;
    if (fromUser) {
      this.shown = PAGE;
      this.updateURL();
    }
    if (!q) {
      this.result = null;
      this.clear();
      this.status.textContent = 'Type words to search the retrospectives.';
      return Promise.resolve();
    }
    this.status.textContent = 'Searching…';
    return this.engine.search(q, this.filters).then(function (res) {
      if (seq !== self.seq) return;
      self.result = res;
      self.terms = queryTerms(q);
      self.q = q;
      return self.render(true);
    }, function (err) {
      if (seq !== self.seq) return;
      self.result = null;
      self.clear();
      self.status.textContent = err && err.name === 'QueryError'
        ? 'This query is not valid: ' + err.message + '.'
        : 'Search is unavailable: ' + (err && err.message ? err.message : err) + '.';
    });
  };

  App.prototype.clear = function () {
    this.list.textContent = '';
    this.facetBox.textContent = '';
    this.more.hidden = true;
    this.notice.hidden = true;
  };

  App.prototype.render = function (facets) {
    var self = this;
    var res = this.result;
    if (!res) return Promise.resolve();
    var seq = this.seq;
    if (facets) this.renderFacets(res);
    var page = res.hits.slice(0, this.shown);
    return this.engine.records(page.map(function (h) { return h.doc; })).then(function (recs) {
      if (seq !== self.seq) return;
      self.list.textContent = '';
      recs.forEach(function (r, i) { self.list.appendChild(self.renderHit(r, page[i])); });
      self.more.hidden = res.hits.length <= self.shown;
      var n = res.total;
      self.status.textContent = (n === 0 ? 'No results' : n === 1 ? '1 result' : n + ' results') +
        ' for “' + self.q + '”' + (n > page.length ? ', showing ' + page.length : '') + '.';
      if (res.approximate.length) {
        self.notice.hidden = false;
        self.notice.textContent = 'In the browser, ' + res.approximate.join(' and ') +
          ' are approximated; `retro search` runs them exactly.';
      } else {
        self.notice.hidden = true;
      }
    });
  };

  App.prototype.renderHit = function (r, hit) {
    var a = el('a', { href: r.url });
    appendPieces(a, highlight(r.title, this.terms));
    var meta = el('p', { className: 'search-meta' });
    if (r.date) meta.appendChild(el('time', { datetime: r.date, text: r.date }));
    if (r.severity) {
      if (r.date) meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(el('span', { className: 'search-severity', text: r.severity }));
    }
    var snip = el('p', { className: 'search-snippet' });
    appendPieces(snip, snippet(r.passages, this.terms));
    var li = el('li', { className: 'search-hit', 'data-score': String(hit.score) },
      [el('h2', { className: 'search-title' }, [a]), meta, snip]);
    return li;
  };

  App.prototype.renderFacets = function (res) {
    var self = this;
    this.facetBox.textContent = '';
    Object.keys(FACET_TITLES).forEach(function (f) {
      var values = res.facets[f] || [];
      if (values.length === 0) return;
      var fs = el('fieldset', { className: 'search-facet' }, [el('legend', { text: FACET_TITLES[f] })]);
      values.forEach(function (v, i) {
        var id = 'facet-' + f + '-' + i;
        var checked = (self.filters[f] || []).indexOf(v.value) >= 0;
        var box = el('input', { type: 'checkbox', id: id, value: v.value });
        box.checked = checked;
        box.addEventListener('change', function () {
          var cur = self.filters[f] || [];
          cur = box.checked ? cur.concat([v.value]) : cur.filter(function (x) { return x !== v.value; });
          if (cur.length) self.filters[f] = cur; else delete self.filters[f];
          self.shown = PAGE;
          self.updateURL();
          self.run(false).then(function () {
            var again = document.getElementById(id);
            if (again) again.focus();
          });
        });
        var label = el('label', { for: id }, [
          document.createTextNode(v.label + ' '),
          el('span', { className: 'search-count', text: '(' + v.count + ')' })
        ]);
        fs.appendChild(el('div', { className: 'search-facet-value' }, [box, label]));
      });
      self.facetBox.appendChild(fs);
    });
  };

  // onKey moves between results with the arrow keys; Enter follows the
  // focused link (the browser's default).
  App.prototype.onKey = function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.prototype.slice.call(this.list.querySelectorAll('.search-title a'));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown' && i + 1 < links.length) links[i + 1].focus();
    else if (e.key === 'ArrowUp') {
      if (i > 0) links[i - 1].focus();
      else if (this.input) this.input.focus();
    }
  };

  function start() {
    if (typeof document === 'undefined') return;
    var go = function () {
      var root = document.getElementById('search-app');
      if (root && !root.getAttribute('data-started')) {
        root.setAttribute('data-started', '1');
        new App(root);
      }
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go);
    else go();
  }

  return {
    analyze: analyze,
    analyzeTokens: analyzeTokens,
    segmentWords: segmentWords,
    lower: lower,
    lowerRune: lowerRune,
    stem: stem,
    possessive: possessive,
    parseQuery: parseQuery,
    QueryError: QueryError,
    Engine: Engine,
    queryTerms: queryTerms,
    highlight: highlight,
    snippet: snippet,
    decodePostings: decodePostings,
    decodeTermFile: decodeTermFile,
    decodeKeywords: decodeKeywords,
    Bits: Bits,
    fnv1a: fnv1a,
    start: start
  };
});
