// The Porter stemmer exactly as github.com/blevesearch/go-porterstemmer
// writes it (StemWithoutLowerCasing), on arrays of code points.

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

export function stem(t) {
  return String.fromCodePoint.apply(null, stemRunes(CP(t)));
}

export function stemRunes(s) {
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
