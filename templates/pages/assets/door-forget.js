// Signed out: what the door kept on this device (its list, its queue, its page) is erased.
indexedDB.deleteDatabase('townhall-door');
if (window.caches) caches.delete('townhall-door');
