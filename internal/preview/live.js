// The live reload of dossier serve. The preview adds this script to the
// pages it serves, never to the output of dossier build. It listens to the
// preview's events (see the doc of package preview): reload reloads the
// page, error shows every problem of the failed build over the page, ok
// hides them.
(function () {
  "use strict";

  var me = document.currentScript;
  var page = (me && me.getAttribute("data-page")) || "";
  var build = (me && me.getAttribute("data-build")) || "";
  var events = null; // the EventSource, while the page is visible
  var fresh = false; // no event has come since events connected
  var dismissed = ""; // the problems the reader closed the overlay on
  var host = null; // the overlay, while it is shown
  var before = null; // what had focus before the overlay took it

  // Hidden pages let go of their stream: browsers allow only a few
  // connections to one host. On coming back, the preview tells the page at
  // once if it is out of date or the site is broken.
  function connect() {
    if (events) {
      return;
    }
    fresh = true;
    events = new EventSource("/_dossier/events?page=" + encodeURIComponent(page) +
      "&build=" + encodeURIComponent(build));
    events.addEventListener("reload", function () {
      location.reload();
    });
    events.addEventListener("ok", function () {
      fresh = false;
      dismissed = "";
      hide();
    });
    events.addEventListener("error", function (e) {
      // EventSource fires an error of its own, with no data, when the
      // connection drops; it then reconnects by itself.
      if (typeof e.data !== "string") {
        return;
      }
      // The same problems again on reconnecting stay closed if the reader
      // closed them; a new failed build shows them again.
      var again = fresh && e.data === dismissed;
      fresh = false;
      if (!again) {
        show(JSON.parse(e.data), e.data);
      }
    });
  }

  function disconnect() {
    if (events) {
      events.close();
      events = null;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      disconnect();
    } else {
      connect();
    }
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () {
    if (document.visibilityState !== "hidden") {
      connect();
    }
  });
  if (document.visibilityState !== "hidden") {
    connect();
  }

  var css = [
    ":host{all:initial}",
    ".backdrop{position:fixed;inset:0;z-index:2147483647;box-sizing:border-box;display:flex;",
    "align-items:flex-start;justify-content:center;padding:4vh 1rem;overflow:auto;",
    "background:rgba(0,0,0,.55)}",
    ".box{box-sizing:border-box;width:100%;max-width:56rem;padding:1.25rem 1.5rem 1.5rem;",
    "border-top:6px solid #b3261e;border-radius:6px;background:#fff;color:#1d1d1f;",
    "box-shadow:0 12px 40px rgba(0,0,0,.35);font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;",
    "text-align:left}",
    ".box:focus{outline:none}",
    ".head{display:flex;align-items:baseline;justify-content:space-between;gap:1rem}",
    "h2{margin:0;font-size:1.25rem;line-height:1.3;color:#b3261e}",
    "button{flex:none;padding:.3rem .9rem;border:2px solid currentColor;border-radius:4px;",
    "background:transparent;color:inherit;font:inherit;font-weight:600;cursor:pointer}",
    "button:hover{background:rgba(0,0,0,.07)}",
    "button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}",
    ".desc{margin:.5rem 0 1rem;color:#4a4a4f}",
    "ol{margin:0;padding:0;list-style:none}",
    "li{padding:.75rem 0;border-top:1px solid #d6d6db}",
    ".pos{font:600 14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}",
    ".msg{margin:.2rem 0}",
    ".warning .msg strong{color:#7a4d00}",
    ".hint{color:#4a4a4f}",
    "pre{margin:.5rem 0 0;padding:.6rem .8rem;overflow-x:auto;border-radius:4px;background:#f3f3f6;",
    "color:inherit;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4;white-space:pre}",
    ".caret{color:#b3261e;font-weight:700}",
    "@media (prefers-color-scheme:dark){",
    ".box{background:#1f1f23;color:#ececf1;border-top-color:#f2b8b5}",
    "h2,.caret{color:#f2b8b5}",
    ".desc,.hint{color:#bdbdc7}",
    ".warning .msg strong{color:#ffcf70}",
    "li{border-top-color:#3a3a40}",
    "pre{background:#2b2b31}",
    "button:hover{background:rgba(255,255,255,.1)}",
    "button:focus-visible{outline-color:#a8c7fa}}"
  ].join("");

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  // show puts the problems over the page, in a shadow root so that the
  // page's styles neither reach nor need to know it.
  function show(problems, key) {
    hide();
    var errors = problems.filter(function (p) {
      return p.severity !== "warning";
    }).length;
    host = document.createElement("dossier-problems");
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", "", css));
    var backdrop = el("div", "backdrop");
    var box = el("div", "box");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "title");
    box.setAttribute("aria-describedby", "desc");
    box.tabIndex = -1;
    var head = el("div", "head");
    var title = el("h2", "", "The site does not build: " + errors + (errors === 1 ? " problem" : " problems"));
    title.id = "title";
    var close = el("button", "", "Close");
    close.type = "button";
    close.title = "Escape closes it too";
    close.addEventListener("click", function () {
      dismissed = key;
      hide();
    });
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    var desc = el("p", "desc", page === "" ?
      "Fix the files below; the page reloads by itself when the site builds." :
      "The page shows the last build that worked. Fix the files below; the page reloads by itself when the site builds.");
    desc.id = "desc";
    box.appendChild(desc);
    var list = el("ol");
    problems.forEach(function (p) {
      var item = el("li", p.severity);
      if (p.pos) {
        item.appendChild(el("div", "pos", p.pos));
      }
      var msg = el("div", "msg");
      if (p.severity === "warning") {
        msg.appendChild(el("strong", "", "Warning: "));
      }
      msg.appendChild(document.createTextNode(p.message));
      item.appendChild(msg);
      if (p.hint) {
        item.appendChild(el("div", "hint", "Hint: " + p.hint));
      }
      if (p.source) {
        var pre = el("pre");
        pre.appendChild(document.createTextNode(p.source + "\n"));
        if (p.caret) {
          pre.appendChild(el("span", "caret", p.caret));
        }
        item.appendChild(pre);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    backdrop.appendChild(box);
    root.appendChild(backdrop);

    before = document.activeElement;
    (document.body || document.documentElement).appendChild(host);
    document.addEventListener("keydown", onKey, true);
    close.focus();

    function onKey(e) {
      if (e.key === "Escape") {
        e.preventDefault();
        dismissed = key;
        hide();
      } else if (e.key === "Tab") {
        // The close button is all there is to tab to; the list scrolls
        // with the keys once the box has focus.
        e.preventDefault();
        (root.activeElement === close ? box : close).focus();
      }
    }
    host.dossierKey = onKey;
  }

  function hide() {
    if (!host) {
      return;
    }
    document.removeEventListener("keydown", host.dossierKey, true);
    host.remove();
    host = null;
    if (before && before.isConnected && before.focus) {
      before.focus();
    }
    before = null;
  }
}());
