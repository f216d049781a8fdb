// routeyard's live dashboard: polls /routeyard/dashboard.json every few seconds and draws it
// with dashboard.js; asks for a client key when the gateway wants one.
(function () {
  "use strict";

  var D = window.RouteyardDashboard;
  var h = D.h;
  var KEY_STORE = "routeyard-dashboard-key";
  var POLL_MS = 3000;
  var app = document.getElementById("app");
  var timer = null;
  var memoryKey = ""; // the key when sessionStorage is unavailable

  function storedKey() {
    try {
      return window.sessionStorage.getItem(KEY_STORE) || "";
    } catch (e) {
      return "";
    }
  }

  function storeKey(key) {
    try {
      if (key) window.sessionStorage.setItem(KEY_STORE, key);
      else window.sessionStorage.removeItem(KEY_STORE);
    } catch (e) { /* storage off: the key lives until the page reloads */ }
    memoryKey = key;
  }

  function currentWindow() {
    var select = document.getElementById("window");
    return select ? select.value : "1h";
  }

  function showAuth(message) {
    var input = h("input", { id: "key", attrs: { type: "password", autocomplete: "off",
      placeholder: "client key", "aria-label": "client key" } });
    var form = h("form", { cls: "auth", id: "auth" }, [
      h("p", { text: message }), input,
      h("button", { text: "Show the dashboard", attrs: { type: "submit" } }),
    ]);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      storeKey(input.value.trim());
      load();
    });
    while (app.firstChild) app.removeChild(app.firstChild);
    app.appendChild(h("section", { cls: "panel" }, [form]));
    D.setStatus("needs a client key", "warn");
    input.focus();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (document.hidden) schedule();
      else load();
    }, POLL_MS);
  }

  function load() {
    clearTimeout(timer);
    var key = storedKey() || memoryKey;
    var headers = { Accept: "application/json" };
    if (key) headers.Authorization = "Bearer " + key;
    var url = "routeyard/dashboard.json?window=" + encodeURIComponent(currentWindow());
    fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (resp) {
        if (resp.status === 401) {
          storeKey("");
          showAuth(key ? "That key was not accepted. Enter a client key of this gateway:"
            : "This gateway asks for a client key (the same keys the API takes) " +
              "before it shows its data.");
          return null;
        }
        if (!resp.ok) throw new Error("HTTP " + resp.status);
        return resp.json().then(function (data) {
          D.render(data);
          D.setStatus("live · updated " + D.clock(data.generated_at), "ok");
          schedule();
        });
      })
      .catch(function (err) {
        D.setStatus("cannot load the data (" + err.message + "); retrying", "error");
        schedule();
      });
  }

  var select = document.getElementById("window");
  var wanted = new URLSearchParams(window.location.search).get("window");
  if (wanted && Array.prototype.some.call(select.options, function (o) {
    return o.value === wanted;
  })) {
    select.value = wanted;
  }
  select.addEventListener("change", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("window", select.value);
    window.history.replaceState(null, "", url.toString());
    load();
  });
  load();
})();
