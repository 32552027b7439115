// Bleve's `en` analyzer, ported: word segmentation (segment.js), the
// English possessive filter, bleve's lowercase filter with Go's case table
// (lower.gen.js), the English stop list (stopwords.gen.js) and the Porter
// stemmer (porter.js). internal/search's TestAnalyzerParity runs more than
// 70,000 words and strings through this and through bleve.
import { decodeInts } from './codes.js';
import { segmentWords } from './segment.js';
import { stemRunes } from './porter.js';
import { LOWER_TABLE } from './lower.gen.js';
import { STOP_WORDS } from './stopwords.gen.js';

// possessive is bleve's possessive_en filter: a trailing 's after an
// apostrophe (', ’ or ＇) goes.
export function possessive(t) {
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

export function lowerRune(cp) {
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
export function runesOf(b) {
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

export function lower(t) {
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

// analyzeTokens runs bleve's `en` analyzer and returns the surviving
// tokens with their offsets in text and their positions (bleve's: the
// word's number, stop words counted): [{term, start, end, pos}].
export function analyzeTokens(text) {
  var out = [];
  var words = segmentWords(text);
  for (var i = 0; i < words.length; i++) {
    var b = lowerBytes(utf8Encode(possessive(text.slice(words[i][0], words[i][1]))));
    if (isStopWord(b)) continue;
    // bleve's porter filter decodes the bytes (stray bytes become U+FFFD),
    // stems and encodes again.
    var term = String.fromCodePoint.apply(null, stemRunes(runesOf(b)));
    out.push({ term: term, start: words[i][0], end: words[i][1], pos: i + 1 });
  }
  return out;
}

// analyzePairs returns the pairs of adjacent terms of text that hold no
// stop word, each once, in order: what internal/search's retro_pairs
// analyzer indexes ("rate limit"), less the pairs with its filler for a
// stop word, which queries leave out.
export function analyzePairs(text) {
  var out = [];
  var prev = null;
  var words = segmentWords(text);
  for (var i = 0; i < words.length; i++) {
    var b = lowerBytes(utf8Encode(possessive(text.slice(words[i][0], words[i][1]))));
    if (isStopWord(b)) {
      prev = null;
      continue;
    }
    var term = String.fromCodePoint.apply(null, stemRunes(runesOf(b)));
    if (prev !== null && out.indexOf(prev + ' ' + term) < 0) out.push(prev + ' ' + term);
    prev = term;
  }
  return out;
}

export function analyze(text) {
  return analyzeTokens(text).map(function (t) { return t.term; });
}

// analyzeKeyword is the keyword fields' analyzer: the whole value,
// lowercased; nothing for an empty value.
export function analyzeKeyword(text) {
  return text === '' ? [] : [lower(text)];
}
