// Helpers of the tests: bit strings and UTF-8 bytes.

// bytesOf packs a string of 0 and 1, most significant bit first.
export const bytesOf = (bits) => {
  const b = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') b[i >> 3] |= 0x80 >> (i & 7);
  return b;
};

export const utf8 = (t) => [...new TextEncoder().encode(t)];
