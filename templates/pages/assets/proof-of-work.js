// Booking without an email: before the form goes, the browser solves the server's ALTCHA
// challenge (PoW v2, iterated SHA-256), so a script pays for every booking while a person waits
// a second. Self-hosted, nothing from a third party, and with its own SHA-256 so it also works
// over plain HTTP (a laptop serving the hall's Wi-Fi), where crypto.subtle is missing.

const sha256 = (() => {
  const fraction = (x) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  const K = new Uint32Array(64);
  const H = new Uint32Array(8);
  for (let candidate = 2, found = 0; found < 64; candidate++) {
    let prime = true;
    for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) H[found] = fraction(Math.sqrt(candidate));
    K[found++] = fraction(Math.cbrt(candidate));
  }
  const rotate = (x, n) => (x >>> n) | (x << (32 - n));
  const w = new Uint32Array(64);
  return (data) => {
    const size = ((data.length + 9 + 63) >> 6) << 6;
    const bytes = new Uint8Array(size);
    bytes.set(data);
    bytes[data.length] = 0x80;
    const view = new DataView(bytes.buffer);
    view.setUint32(size - 4, data.length * 8);
    const h = H.slice();
    for (let offset = 0; offset < size; offset += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
    }
    const digest = new Uint8Array(32);
    const out = new DataView(digest.buffer);
    for (let i = 0; i < 8; i++) out.setUint32(i * 4, h[i]);
    return digest;
  };
})();

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The counter whose key (salt, nonce and the counter as 4 bytes, hashed `cost` times) starts with keyPrefix. */
async function solveChallenge({ salt, nonce, cost, keyPrefix, keyLength = 32 }) {
  const prefix = fromHex(keyPrefix);
  const input = new Uint8Array(salt.length / 2 + nonce.length / 2 + 4);
  input.set(fromHex(salt));
  input.set(fromHex(nonce), salt.length / 2);
  const counterAt = new DataView(input.buffer, input.length - 4);
  for (let counter = 0; counter <= 0xffffffff; counter++) {
    counterAt.setUint32(0, counter);
    let key = sha256(input);
    for (let round = 1; round < cost; round++) key = sha256(key);
    if (prefix.every((byte, i) => key[i] === byte)) return { counter, derivedKey: toHex(key.slice(0, keyLength)) };
    // Let the page breathe (and say it is working) now and then.
    if (counter % 2000 === 1999) await new Promise((resolve) => setTimeout(resolve));
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
