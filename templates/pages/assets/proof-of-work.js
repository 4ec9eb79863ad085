// Booking without an email: before the form goes, the browser solves the server's ALTCHA
// challenge (PoW v2, iterated SHA-256), so a script pays for every booking while a person waits
// a second. Self-hosted, nothing from a third party, and with its own SHA-256 so it also works
// over plain HTTP (a laptop serving the hall's Wi-Fi), where crypto.subtle is missing.

// SHA-256 of one 64-byte block (every input here is shorter than 56 bytes), on 32-bit words
// and preallocated arrays: a phone tries a few hundred thousand keys in about a second.
const K = new Int32Array(64);
const H = new Int32Array(8);
{
  const fraction = (x) => ((x - Math.floor(x)) * 2 ** 32) | 0;
  for (let candidate = 2, found = 0; found < 64; candidate++) {
    let prime = true;
    for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) H[found] = fraction(Math.sqrt(candidate));
    K[found++] = fraction(Math.cbrt(candidate));
  }
}
const w = new Int32Array(64);

/** Hashes the block in w[0..15] into `out` (8 words). */
function compress(out) {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = H[0],
    b = H[1],
    c = H[2],
    d = H[3],
    e = H[4],
    f = H[5],
    g = H[6],
    h = H[7];
  for (let i = 0; i < 64; i++) {
    const t1 =
      (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (H[0] + a) | 0;
  out[1] = (H[1] + b) | 0;
  out[2] = (H[2] + c) | 0;
  out[3] = (H[3] + d) | 0;
  out[4] = (H[4] + e) | 0;
  out[5] = (H[5] + f) | 0;
  out[6] = (H[6] + g) | 0;
  out[7] = (H[7] + h) | 0;
}

/** SHA-256 of a message shorter than 56 bytes, as 8 words. */
function sha256Short(bytes, out) {
  const block = new Uint8Array(64);
  block.set(bytes);
  block[bytes.length] = 0x80;
  for (let i = 0; i < 16; i++) w[i] = (block[4 * i] << 24) | (block[4 * i + 1] << 16) | (block[4 * i + 2] << 8) | block[4 * i + 3];
  w[15] = bytes.length * 8;
  compress(out);
}

/** SHA-256 of the 32 bytes held in `out`, back into `out`. */
function rehash(out) {
  for (let i = 0; i < 8; i++) w[i] = out[i];
  w[8] = 0x80000000 | 0;
  for (let i = 9; i < 15; i++) w[i] = 0;
  w[15] = 256;
  compress(out);
}

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
const byteOf = (words, i) => (words[i >> 2] >>> (24 - 8 * (i & 3))) & 255;

/** The counter whose key (salt, nonce and the counter as 4 bytes, hashed `cost` times) starts with keyPrefix. */
async function solveChallenge({ salt, nonce, cost, keyPrefix, keyLength = 32 }) {
  const prefix = fromHex(keyPrefix);
  const input = new Uint8Array(salt.length / 2 + nonce.length / 2 + 4);
  if (input.length > 55) throw new Error('challenge too long');
  input.set(fromHex(salt));
  input.set(fromHex(nonce), salt.length / 2);
  const counterAt = new DataView(input.buffer, input.length - 4);
  const key = new Int32Array(8);
  for (let counter = 0; counter <= 0xffffffff; counter++) {
    counterAt.setUint32(0, counter);
    sha256Short(input, key);
    for (let round = 1; round < cost; round++) rehash(key);
    if (prefix.every((byte, i) => byteOf(key, i) === byte)) {
      const hex = Array.from({ length: Math.min(32, keyLength) }, (_, i) => byteOf(key, i).toString(16).padStart(2, '0')).join('');
      return { counter, derivedKey: hex };
    }
    // Let the page breathe (and say it is working) now and then.
    if (counter % 5000 === 4999) await new Promise((resolve) => setTimeout(resolve));
  }
  throw new Error('no solution');
}

if (typeof document !== 'undefined') {
  const form = document.querySelector('form[data-proof-of-work]');
  const proof = form && form.elements.namedItem('altcha');
  const status = document.getElementById('proof-status');
  const email = form && form.elements.namedItem('email');
  // A page restored by the back button holds a solution already spent.
  window.addEventListener('pageshow', () => proof && (proof.value = ''));
  if (form && proof) {
    for (const note of form.querySelectorAll('[data-needs-script]')) note.hidden = true;
    form.addEventListener('submit', async (event) => {
      if (proof.value || (email && email.value.trim() !== '')) return;
      event.preventDefault();
      event.stopPropagation();
      if (form.dataset.solving) return;
      form.dataset.solving = 'true';
      status.textContent = status.dataset.working;
      try {
        const response = await fetch('/api/rsvp-challenge', { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(String(response.status));
        const challenge = await response.json();
        const solution = await solveChallenge(challenge.parameters);
        proof.value = btoa(JSON.stringify({ challenge, solution }));
        status.textContent = '';
        delete form.dataset.solving;
        form.requestSubmit(event.submitter || undefined);
      } catch {
        status.textContent = status.dataset.failed;
        delete form.dataset.solving;
      }
    });
  }
}
