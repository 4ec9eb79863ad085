// The door page, made for a phone in a hurry and a hall without signal. The list of bookings is
// kept in this browser (IndexedDB): codes, party sizes, status, and names for organizers only.
// Every code and walk-in is queued with its own id and this device's time and sent at once when
// there is signal, later when there is none; meanwhile the answer comes from the kept list.
// The code field keeps the focus; counters refresh every second from the database, so every
// door agrees. Without this script the page still checks people in by typed code and counts walk-ins.
const door = document.querySelector('.door');
const form = document.getElementById('door-code');
const field = form.querySelector('[name="code"]');
const answerBox = document.getElementById('answer');
const statusLine = door.querySelector('[data-status]');
const csrf = form.querySelector('[name="_csrf"]')?.value;
const eventId = door.dataset.event;
const texts = answerBox.dataset;
const CACHE = 'townhall-door';
const ALPHABET = 'ACDEFHJKMNPQRTUVWXY3479';

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (slot, name) => values[name] ?? slot);
const clockTime = (instant) =>
  new Intl.DateTimeFormat(document.documentElement.lang, { hour: 'numeric', minute: '2-digit', timeZone: door.dataset.zone }).format(
    new Date(instant),
  );
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
/** As the server reads a code: `k7p 4qx` is `K7P-4QX`. */
function normalize(typed) {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 6 || [...compact].some((char) => !ALPHABET.includes(char))) return typed.trim().toUpperCase();
  return `${compact.slice(0, 3)}-${compact.slice(3)}`;
}

// ---- What this browser keeps: one record per forum (list, counts, last sync), the queue, the device's name.
const database = new Promise((resolve, reject) => {
  const request = indexedDB.open('townhall-door', 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore('forums');
    request.result.createObjectStore('queue', { keyPath: 'id' });
    request.result.createObjectStore('device');
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
async function stored(store, mode, act) {
  const transaction = (await database).transaction(store, mode);
  const request = act(transaction.objectStore(store));
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  return request?.result;
}

const state = { parties: new Map(), counts: null, lastSync: null, queue: [], online: navigator.onLine, closed: false, device: null };

async function load() {
  state.device = await stored('device', 'readonly', (store) => store.get('id'));
  if (!state.device) {
    state.device = `door-${uuid().slice(0, 8)}`;
    await stored('device', 'readwrite', (store) => store.put(state.device, 'id'));
  }
  const forum = await stored('forums', 'readonly', (store) => store.get(eventId));
  if (forum) {
    state.parties = new Map(forum.parties.map((party) => [party.code, party]));
    state.counts = forum.counts;
    state.lastSync = forum.lastSync;
  }
  state.queue = ((await stored('queue', 'readonly', (store) => store.getAll())) ?? []).filter((item) => item.eventId === eventId);
}
const save = () =>
  stored('forums', 'readwrite', (store) =>
    store.put({ parties: [...state.parties.values()], counts: state.counts, lastSync: state.lastSync }, eventId),
  );

/** The door closed (or this phone may no longer open it): nothing of this forum stays here. */
async function forget(message) {
  state.closed = true;
  state.parties.clear();
  state.queue = [];
  await stored('forums', 'readwrite', (store) => store.delete(eventId));
  const queued = (await stored('queue', 'readonly', (store) => store.getAll())) ?? [];
  await stored('queue', 'readwrite', (store) => queued.filter((item) => item.eventId === eventId).forEach((item) => store.delete(item.id)));
  if (window.caches) await (await caches.open(CACHE)).delete(location.pathname);
  answer('closed', { message });
}

// ---- What the volunteer sees.
function answer(kind, { partySize, name, checkedInAt, here, message } = {}) {
  const lines = [[texts[kind], 'big']];
  if (partySize) lines.push([fill(texts.party, { count: partySize }), 'big']);
  if (name) lines.push([name]);
  if (kind === 'already' && checkedInAt) lines.push([fill(here ? texts.firstTimeHere : texts.firstTime, { time: clockTime(checkedInAt) })]);
  if (message) lines.push([message]);
  answerBox.className = `door-answer door-${kind}`;
  answerBox.replaceChildren(
    ...lines.map(([text, className = '']) => Object.assign(document.createElement('p'), { textContent: text, className })),
  );
  answerBox.hidden = false;
}

function render() {
  const status = statusLine.dataset;
  const waiting = state.queue.length;
  statusLine.textContent = [
    state.online ? status.online : status.offline,
    waiting > 0 ? fill(status.waiting, { count: waiting }) : null,
    state.lastSync ? fill(status.lastSync, { time: clockTime(state.lastSync) }) : status.neverSynced,
  ]
    .filter(Boolean)
    .join(' · ');
  // Before any count came from the server: the ones the page was served with.
  state.counts ??= Object.fromEntries(
    [...door.querySelectorAll('[data-count]')].map((node) => [node.dataset.count, Number(node.textContent)]),
  );
  // Counted here but not yet sent: shown at once, so the counters never miss a party or a walk-in.
  const walkIns = state.queue.filter((item) => item.delta).reduce((sum, item) => sum + item.delta, 0);
  const people = [...state.parties.values()]
    .filter((party) => party.here && party.pending)
    .reduce((sum, party) => sum + party.partySize, 0);
  const shown = { ...state.counts, inside: state.counts.inside + people + walkIns, walkIns: state.counts.walkIns + walkIns };
  for (const element of door.querySelectorAll('[data-count]')) element.textContent = shown[element.dataset.count];
}

// ---- Talking to the server: a failed request means no signal, and the queue waits.
async function request(url, body) {
  const response = await fetch(url, {
    method: body ? 'POST' : 'GET',
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify({ ...body, _csrf: csrf }) : undefined,
  });
  if (response.status === 409) {
    await forget((await response.json()).message);
    return undefined;
  }
  return response.ok ? response.json() : undefined;
}

async function refreshList() {
  try {
    const list = await request(door.dataset.list);
    state.online = true;
    if (!list) return;
    const local = new Map([...state.parties.values()].filter((party) => party.pending).map((party) => [party.code, party]));
    state.parties = new Map(list.parties.map((party) => [party.code, local.get(party.code) ?? party]));
    state.lastSync = new Date().toISOString();
    await save();
  } catch {
    state.online = false;
  }
  render();
}

let syncing;
/** Sends the whole queue (500 items a call); returns the answers by item id. One sync at a time. */
function sync() {
  syncing ??= send().finally(() => (syncing = undefined));
  return syncing;
}

async function send() {
  const results = new Map();
  try {
    while (state.queue.length > 0 && !state.closed) {
      const batch = state.queue.slice(0, 500);
      const synced = await request(door.dataset.sync, {
        device: state.device,
        checkIns: batch.filter((item) => item.code).map(({ id, code, at }) => ({ id, code, at })),
        walkIns: batch.filter((item) => item.delta).map(({ id, delta, at }) => ({ id, delta, at })),
      });
      state.online = true;
      if (!synced) break;
      const sent = new Set(batch.map((item) => item.id));
      for (const result of synced.results) results.set(result.id, result);
      for (const item of batch.filter((entry) => entry.code)) {
        const party = state.parties.get(item.code);
        const result = results.get(item.id);
        if (party && result?.checkedInAt !== undefined) {
          Object.assign(party, { checkedInAt: result.checkedInAt, pending: false, here: result.firstDevice === state.device });
        }
      }
      state.queue = state.queue.filter((item) => !sent.has(item.id));
      await stored('queue', 'readwrite', (store) => sent.forEach((id) => store.delete(id)));
      state.counts = synced.attendance;
      state.lastSync = new Date().toISOString();
      await save();
    }
  } catch {
    state.online = false;
  }
  render();
  return results;
}

async function enqueue(item) {
  const queued = { ...item, id: uuid(), eventId, at: new Date().toISOString() };
  state.queue.push(queued);
  await stored('queue', 'readwrite', (store) => store.put(queued));
  return queued;
}

/** From the kept list, as the server would answer; the party counts as inside at once. */
function answerLocally(item) {
  const party = state.parties.get(item.code);
  if (!party) return answer('unknown');
  const { partySize, name } = party;
  if (party.status !== 'confirmed') return answer('notConfirmed', { partySize });
  if (party.checkedInAt) return answer('already', { partySize, name, checkedInAt: party.checkedInAt, here: party.here });
  Object.assign(party, { checkedInAt: item.at, here: true, pending: true });
  answer('checkedIn', { partySize, name });
}

const OUTCOMES = { 'checked-in': 'checkedIn', already: 'already', unknown: 'unknown', 'not-confirmed': 'notConfirmed', undone: 'already' };

let answering = false;
form.addEventListener('submit', async (event) => {
  // Handled here, by the next family's code: the shared script's "sent once" lock is for pages that navigate.
  event.preventDefault();
  event.stopPropagation();
  const typed = field.value.trim();
  if (!typed || state.closed || answering) return field.focus();
  answering = true;
  try {
    const item = await enqueue({ code: normalize(typed) });
    // A sync already under way may have left before this item: then one more.
    let result = state.online ? (await sync()).get(item.id) : undefined;
    if (!result && state.online && state.queue.some((queued) => queued.id === item.id)) result = (await sync()).get(item.id);
    if (result) {
      const party = state.parties.get(item.code);
      answer(OUTCOMES[result.outcome], {
        partySize: result.partySize,
        name: party?.name,
        checkedInAt: result.checkedInAt,
        here: result.firstDevice === state.device,
      });
    } else if (!state.closed) answerLocally(item);
    await save();
    render();
    // A wrong code stays, selected, to be corrected; a right one makes room for the next family.
    if (answerBox.classList.contains('door-checkedIn') || answerBox.classList.contains('door-already')) field.value = '';
    field.focus();
    field.select();
  } finally {
    answering = false;
  }
});

for (const walkIn of door.querySelectorAll('[data-walk-in]')) {
  walkIn.addEventListener('submit', async (event) => {
    event.preventDefault();
    event.stopPropagation();
    const delta = Number(walkIn.querySelector('[name="delta"]').value);
    if (delta < 0 && Number(door.querySelector('[data-count="walkIns"]').textContent) + delta < 0) return field.focus();
    await enqueue({ delta });
    render();
    field.focus();
    if (state.online) await sync();
  });
}

async function refreshCounts() {
  if (document.visibilityState !== 'visible' || !state.online || state.closed) return;
  try {
    const response = await fetch(door.dataset.counts, { credentials: 'same-origin' });
    if (!response.ok) return;
    const counts = await response.json();
    const changed = JSON.stringify(counts) !== JSON.stringify(state.counts);
    state.counts = counts;
    render();
    if (changed) await save();
  } catch {
    // The hall's Wi-Fi dropped a request: the next second tries again.
  }
}

/** The page and its files, kept for the service worker to serve without signal. */
async function keepPage() {
  if (!('serviceWorker' in navigator) || !window.caches) return;
  await navigator.serviceWorker.register(door.dataset.worker, { scope: '/console/events/' });
  const cache = await caches.open(CACHE);
  const files = [
    door.dataset.decoder,
    ...[...document.querySelectorAll('link[rel="stylesheet"], script[src]')].map((node) => node.href || node.src),
  ];
  await Promise.all(files.map((file) => cache.add(file).catch(() => undefined)));
  const page = await fetch(location.pathname, { credentials: 'same-origin' });
  if (page.ok && !page.redirected) await cache.put(location.pathname, page);
}

field.focus();
window.addEventListener('online', async () => {
  state.online = true;
  await refreshList();
  await sync();
});
window.addEventListener('offline', () => {
  state.online = false;
  render();
});
(async () => {
  await load();
  render();
  if (state.online) {
    await refreshList();
    await sync();
    if (!state.closed) keepPage().catch(() => undefined);
  }
  setInterval(refreshCounts, 1000);
  // What waits goes as soon as a request gets through.
  setInterval(() => state.queue.length > 0 && !state.closed && sync(), 5000);
})();

// ---- QR codes: the camera, or a photo.
const scanner = door.querySelector('.scanner');
const scanStatus = door.querySelector('[data-scan-status]');
const video = scanner.querySelector('video');
scanner.hidden = false;

/** BarcodeDetector where the browser has one, else the decoder this server serves (never a CDN). */
async function decoder() {
  if ('BarcodeDetector' in window) {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (source) => (await detector.detect(source))[0]?.rawValue;
  }
  if (!window.jsQR) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: door.dataset.decoder, onload: resolve, onerror: reject });
      document.head.append(script);
    });
  }
  const canvas = document.createElement('canvas');
  return async (source) => {
    const width = source.videoWidth || source.naturalWidth || source.width;
    const height = source.videoHeight || source.naturalHeight || source.height;
    // A phone's 12-megapixel photo is scaled down: the decoder is faster and no worse at this size.
    const scale = Math.min(1, 1200 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    return window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data;
  };
}

function submitCode(code) {
  field.value = code;
  form.requestSubmit();
}

scanner.querySelector('[data-scan]').addEventListener('click', async () => {
  try {
    const decode = await decoder();
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.hidden = false;
    await video.play();
    const tick = async () => {
      const code = video.readyState >= 2 && (await decode(video));
      if (code) {
        for (const track of video.srcObject.getTracks()) track.stop();
        submitCode(code);
      } else requestAnimationFrame(tick);
    };
    tick();
  } catch {
    scanStatus.textContent = scanStatus.dataset.noCamera || '';
  }
});

scanner.querySelector('input[type="file"]').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  // A data: URL, which the page's CSP allows for images (a blob: URL it does not).
  const image = new Image();
  image.src = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.readAsDataURL(file);
  });
  await image.decode();
  const code = await (await decoder())(image);
  if (code) submitCode(code);
  else scanStatus.textContent = scanStatus.dataset.notFound || '';
});
