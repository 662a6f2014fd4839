// panorama serve: reloads this page when a rebuild changed it, keeping the
// scroll position; applies stylesheet changes in place; shows build errors
// over the page. Injected by `panorama serve` only, never by `build`.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var page = me.getAttribute("data-page") || "";
  var version = me.getAttribute("data-version") || "";
  var any = me.hasAttribute("data-any");
  var key = "panorama-scroll:" + location.pathname;

  try {
    var saved = sessionStorage.getItem(key);
    if (saved) {
      sessionStorage.removeItem(key);
      var xy = saved.split(",");
      var restore = function () { window.scrollTo(+xy[0], +xy[1]); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) { /* storage disabled: reload without keeping the scroll */ }

  function reload() {
    try { sessionStorage.setItem(key, window.scrollX + "," + window.scrollY); } catch (e) { }
    location.reload();
  }

  function pathOf(url) {
    try {
      var u = new URL(url, location.href);
      return u.origin === location.origin ? u.pathname : null;
    } catch (e) { return null; }
  }

  var host = null;
  function clear() {
    if (host) { host.remove(); host = null; }
  }
  function show(html) {
    clear();
    host = document.createElement("div");
    host.setAttribute("data-panorama-overlay", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML =
      "<style>" +
      ".box{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,30,.97);" +
      "color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem}" +
      ".in{max-width:60rem;margin:0 auto}h2{color:#ff8a80;margin:0 0 .5rem}" +
      "ol{padding-left:1.5rem}li{margin:1rem 0}.loc{font-family:monospace;color:#80d8ff;margin:0}" +
      ".msg{white-space:pre-wrap;margin:.25rem 0;font-weight:600}" +
      "pre{background:#000;padding:.5rem;overflow:auto;margin:.25rem 0}.hint{color:#ccff90;margin:0}" +
      "button{float:right;font:inherit;padding:.25rem .75rem;cursor:pointer}" +
      "</style><div class=\"box\" role=\"alertdialog\" aria-modal=\"true\" aria-label=\"Build error\">" +
      "<div class=\"in\"><button type=\"button\">Close</button>" + html + "</div></div>";
    var button = root.querySelector("button");
    button.addEventListener("click", clear);
    document.body.appendChild(host);
    button.focus();
  }

  function onReload(paths) {
    if (any || paths.indexOf("*") >= 0 || paths.indexOf(page) >= 0) {
      return reload();
    }
    var hard = false;
    paths.forEach(function (p) {
      if (/\.css$/i.test(p)) {
        document.querySelectorAll("link[rel~='stylesheet'][href]").forEach(function (link) {
          if (pathOf(link.href) === p) {
            var u = new URL(link.href);
            u.searchParams.set("panorama", Date.now());
            link.href = u.href;
          }
        });
      } else if (!/\.html$/i.test(p)) {
        document.querySelectorAll("[src],[href],[srcset]").forEach(function (el) {
          var ref = el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("srcset");
          if (ref && pathOf(ref.split(/[\s,]/)[0]) === p) hard = true;
        });
      }
    });
    if (hard) reload();
  }

  // Browsers open at most six connections to a server and each stream
  // takes one: only visible pages listen. On connecting (again) the page
  // gives its version, and the server reloads it if it changed meanwhile.
  var events = null;
  function listen() {
    if (events || !window.EventSource) return;
    events = new EventSource("/__panorama/events?page=" + encodeURIComponent(page) +
      "&version=" + encodeURIComponent(version));
    // A stale overlay goes; a current error is sent again at once.
    events.addEventListener("open", clear);
    events.addEventListener("reload", function (e) {
      clear();
      onReload(e.data.split("\n"));
    });
    events.addEventListener("clear", clear);
    events.addEventListener("build-error", function (e) { show(e.data); });
  }
  function stop() {
    if (events) { events.close(); events = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) stop(); else listen();
  });
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", function () { if (!document.hidden) listen(); });
  if (!document.hidden) listen();
})();
