// Unicode word segmentation as github.com/blevesearch/segment compiles it
// (bleve's unicode tokenizer), from the code point classes of its ragel
// sources (wordbreak.gen.js, written by go generate).
import { decodeInts } from './codes.js';
import { WB_TABLE } from './wordbreak.gen.js';

// A code point's class is its word-break property * 4 + its script
// (wordbreak.gen.js); internal/search/jstables numbers them as WB and
// SCRIPT do.
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
export function segmentWords(text) {
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
