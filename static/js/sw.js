/* cmcoord's service worker: keeps a signed-in reader's field pages (current tasks, contacts, guidelines)
   readable offline, marked "saved at …", and nothing for anyone else.

   - Only GET navigations of pages the server marks (header X-Offline: page) are kept, in a cache named after
     the reader's opaque key (header X-Offline-User). Never the API, uploads or POSTs.
   - A signed-out page, another reader or a logout drops every cache at once.
   - Offline, a kept page is served with its "saved at" notice shown; a page not kept gets the offline page.
   The server prepends self.CMCOORD_OFFLINE (URLs and header names) when it serves this file at /sw.js. */
"use strict";

const CONFIG = self.CMCOORD_OFFLINE;
const META = "cmcoord-offline-meta";
const PAGES = "cmcoord-pages-";
const STATIC = "cmcoord-static";
const READER_KEY = "/__offline__/reader";
const SYNCED_KEY = "/__offline__/synced";
const SAVED_AT = "X-Offline-Saved-At";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function clearAll() {
  const names = await caches.keys();
  await Promise.all(names.map((name) => caches.delete(name)));
}

async function readMeta(key) {
  const response = await (await caches.open(META)).match(key);
  return response ? response.text() : null;
}

async function writeMeta(key, value) {
  await (await caches.open(META)).put(key, new Response(value));
}

/* The device now serves `reader`: another reader's pages go first. */
async function becomeReader(reader) {
  if ((await readMeta(READER_KEY)) === reader) return;
  await clearAll();
  await writeMeta(READER_KEY, reader);
}

function isOwnPage(url) {
  return url.origin === self.location.origin && !CONFIG.apiPrefixes.some((p) => url.pathname.startsWith(p));
}

/* Keep (or forget) a page the network answered, for the reader it was answered to. */
async function remember(url, response) {
  const reader = response.headers.get(CONFIG.userHeader);
  if (!reader || reader === "-") {
    await clearAll(); // signed out (or never signed in): nothing stays on the device
    return;
  }
  await becomeReader(reader);
  const cache = await caches.open(PAGES + reader);
  if (response.status === 404 || response.status === 403) {
    await cache.delete(url);
    return;
  }
  if (!response.ok || response.redirected || response.headers.get(CONFIG.pageHeader) !== "page") return;
  const headers = new Headers();
  headers.set("Content-Type", response.headers.get("Content-Type") || "text/html; charset=utf-8");
  headers.set(SAVED_AT, new Date().toISOString());
  const body = await response.arrayBuffer();
  // The reader may have logged out while the page was downloading.
  if ((await readMeta(READER_KEY)) !== reader) return;
  await cache.put(url, new Response(body, { status: 200, headers }));
}

function formatTime(iso, lang) {
  try {
    return new Date(iso).toLocaleString(lang || undefined, {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
  } catch (error) {
    return iso;
  }
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/* A kept page, with its "saved at" notice shown and its forms marked as unusable offline. */
async function savedCopy(url) {
  const reader = await readMeta(READER_KEY);
  if (!reader) return null;
  const cached = await (await caches.open(PAGES + reader)).match(url);
  if (!cached) return null;
  const savedAt = cached.headers.get(SAVED_AT) || "";
  const html = await cached.text();
  const lang = (html.match(/<html[^>]*\blang="([^"]+)"/) || [])[1];
  const marked = html
    .replace('data-offline-state="live"', 'data-offline-state="saved"')
    .replace("data-saved-copy hidden", "data-saved-copy")
    .replace(
      "<time data-saved-at></time>",
      `<time data-saved-at datetime="${escapeHtml(savedAt)}">${escapeHtml(formatTime(savedAt, lang))}</time>`
    );
  return new Response(marked, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function navigate(event) {
  const url = event.request.url;
  try {
    const response = await fetch(event.request);
    event.waitUntil(remember(url, response.clone()).catch(() => {}));
    return response;
  } catch (error) {
    const copy = (await savedCopy(url)) || (await savedCopy(new URL(CONFIG.offlineUrl, url).href));
    if (copy) return copy;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  try {
    const response = await fetch(request);
    if (response.ok && (await readMeta(READER_KEY))) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Logging out: the device keeps nothing (the answer's Clear-Site-Data does it again).
    if (url.pathname === CONFIG.logoutUrl) event.waitUntil(clearAll());
    return; // POSTs always go to the network, untouched and never kept
  }
  if (!isOwnPage(url)) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(staticFile(request));
  }
});

/* Save ahead the reader's pages (tasks, contacts, guidelines), at most every syncIntervalSeconds. */
async function sync(reader, force) {
  if (!reader) {
    await clearAll();
    return;
  }
  await becomeReader(reader);
  const last = Number(await readMeta(SYNCED_KEY)) || 0;
  if (!force && Date.now() - last < CONFIG.syncIntervalSeconds * 1000) return;
  // Marked as read ahead: the server sets no cookie on these answers and logs them as saved, not opened.
  const ahead = { credentials: "same-origin", cache: "no-store", headers: { [CONFIG.syncHeader]: "1" } };
  const answer = await fetch(CONFIG.manifestUrl, ahead);
  if (!answer.ok) return;
  const manifest = await answer.json();
  if (manifest.user !== reader) return;
  for (const path of manifest.pages) {
    const url = new URL(path, self.location.origin).href;
    try {
      const response = await fetch(url, ahead);
      await remember(url, response);
    } catch (error) {
      return; // the link dropped: try again at the next page
    }
  }
  const statics = await caches.open(STATIC);
  await Promise.all(manifest.static.map((path) => statics.add(path).catch(() => {})));
  if ((await readMeta(READER_KEY)) === reader) await writeMeta(SYNCED_KEY, String(Date.now()));
  const done = await self.clients.matchAll({ type: "window" });
  done.forEach((client) => client.postMessage({ type: "synced" }));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "sync") event.waitUntil(sync(data.reader || "", Boolean(data.force)).catch(() => {}));
  if (data.type === "clear") event.waitUntil(clearAll());
});
