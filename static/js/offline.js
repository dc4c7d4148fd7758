/* Registers cmcoord's service worker for a signed-in reader and asks it to save their field pages; for a
   signed-out page, and on logout, it removes every saved page from the device. See static/js/sw.js. */
(function () {
  "use strict";
  var body = document.body;
  var reader = body.getAttribute("data-offline-reader") || "";
  var workerUrl = body.getAttribute("data-offline-worker");

  function clearCaches() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    });
  }

  // Logging out: drop the saved pages before the form leaves (also when offline, where the POST fails).
  var logout = document.querySelector("form[data-logout]");
  if (logout) {
    logout.addEventListener("submit", function () {
      clearCaches();
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "clear" });
      }
    });
  }

  if (!("serviceWorker" in navigator) || !workerUrl) return;
  if (!reader) {
    // A signed-out page: nothing of a previous reader stays on this device.
    clearCaches();
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    return;
  }
  if (body.getAttribute("data-offline-state") === "saved") return; // a saved copy, shown offline
  navigator.serviceWorker.register(workerUrl, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    registration.active.postMessage({ type: "sync", reader: reader });
  }).catch(function () { /* no offline reading on this browser; the pages work as before */ });
})();
