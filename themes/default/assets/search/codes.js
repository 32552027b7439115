// Codes of the browser index and of the generated tables (see
// internal/search/browserindex/FORMAT.md): base64 varints, bit streams and
// LEB128 varints.

// variable-length integers, five bits a digit, least significant group
// first, with the 32 bit set on every digit but the last.
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
var B64V = new Int8Array(128).fill(-1);
for (var bi = 0; bi < B64.length; bi++) B64V[B64.charCodeAt(bi)] = bi;

export function decodeInts(s) {
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
export function Bits(bytes, at) {
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
export function uvarint(bytes, pos) {
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
