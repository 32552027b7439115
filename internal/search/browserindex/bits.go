package browserindex

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// bitWriter writes the bit streams of the browser index's binary files,
// most significant bit first; the page's Bits (index.js) reads them.
//
// Codes:
//   - bits(v, n): v in n bits (n may be 0 for a value that can only be 0);
//   - unary(q): q one bits and a zero;
//   - rice(v, k): unary(v >> k), then the low k bits of v;
//   - expGolomb(v): v+1 in binary, preceded by as many zeros as it has
//     bits after the first, for values with no useful bound.
type bitWriter struct {
	buf  []byte
	acc  byte // bits of the byte being filled, from the top
	fill uint // how many bits of acc are in use
}

func (w *bitWriter) bit(b uint64) {
	w.acc |= byte(b&1) << (7 - w.fill)
	w.fill++
	if w.fill == 8 {
		w.buf = append(w.buf, w.acc)
		w.acc, w.fill = 0, 0
	}
}

func (w *bitWriter) bits(v uint64, n uint) {
	for i := n; i > 0; i-- {
		w.bit(v >> (i - 1))
	}
}

func (w *bitWriter) unary(q uint64) {
	for ; q > 0; q-- {
		w.bit(1)
	}
	w.bit(0)
}

func (w *bitWriter) rice(v uint64, k uint) {
	w.unary(v >> k)
	w.bits(v, k)
}

func (w *bitWriter) expGolomb(v uint64) {
	n := uint(bits.Len64(v + 1))
	w.bits(0, n-1)
	w.bits(v+1, n)
}

// align pads the stream with zeros to a whole byte.
func (w *bitWriter) align() {
	if w.fill > 0 {
		w.buf = append(w.buf, w.acc)
		w.acc, w.fill = 0, 0
	}
}

// bytes returns the stream, padded to a whole byte.
func (w *bitWriter) bytes() []byte {
	w.align()
	return w.buf
}

// riceBits is the length of rice(v, k).
func riceBits(v uint64, k uint) uint64 { return v>>k + 1 + uint64(k) }

// bestRice returns the Rice parameter in [0, maxK] that codes vs in the
// fewest bits.
func bestRice(vs []uint64, maxK uint) uint {
	best, bestBits := uint(0), uint64(0)
	for k := uint(0); k <= maxK; k++ {
		var n uint64
		for _, v := range vs {
			n += riceBits(v, k)
		}
		if k == 0 || n < bestBits {
			best, bestBits = k, n
		}
	}
	return best
}

// bitLen is the number of bits that hold every value below n (0 for n ≤ 1).
func bitLen(n int) uint {
	if n <= 1 {
		return 0
	}
	return uint(bits.Len64(uint64(n - 1)))
}

// appendUvarint appends v as a LEB128 varint: seven bits a byte, least
// significant first, the top bit set on every byte but the last.
func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// b64 are the digits of the base64 varints in JSON strings (the frequent
// terms in the manifest, the page's generated tables): five bits a digit,
// least significant group first, with the 32 bit set on every digit but
// the last. the page's decodeInts (codes.js) reads them.
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func AppendVarint(b []byte, v uint64) []byte {
	for v >= 32 {
		b = append(b, b64[32|(v&31)])
		v >>= 5
	}
	return append(b, b64[v])
}

// DecodeVarints reads a string of AppendVarint's digits.
func DecodeVarints(s string) ([]uint64, error) {
	var out []uint64
	var v uint64
	shift := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(b64, s[i])
		if d < 0 || shift > 60 {
			return nil, fmt.Errorf("bad digit %q in index data", s[i])
		}
		v |= uint64(d&31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		out = append(out, v)
		v, shift = 0, 0
	}
	if shift != 0 {
		return nil, errors.New("truncated index data")
	}
	return out, nil
}
