// The door's service worker: keeps the door page of each forum and the files it uses, so the
// page opens again without signal. The door page is fetched from the network first and kept;
// the kept copy answers only when the network does not. Nothing else of the console is kept
// (the attendee list and other pages with personal data always come from the server).
const CACHE = 'townhall-door';
const DOOR_PAGE = /^\/console\/events\/[^/]+\/door$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (DOOR_PAGE.test(url.pathname)) event.respondWith(networkFirst(event.request, url));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(keptFirst(event.request));
});

async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // Only a door page itself is kept (a redirect to sign-in or an error page is not).
    if (response.ok && !response.redirected) await cache.put(url.pathname, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(url.pathname);
    if (kept) return kept;
    throw error;
  }
}

/** Files carry their version in the URL, so a kept one is the right one. */
async function keptFirst(request) {
  const kept = await caches.match(request);
  return kept ?? fetch(request);
}
