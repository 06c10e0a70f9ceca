// dossier: small enhancements over pages that work without them.
// - ← and → go to the previous and next point; / focuses the search box.
// - The theme toggle switches light and dark and remembers the choice.
// - Previews: hovering or focusing a citation, a cross-reference or a
//   backlink shows the quoted passage or the point's summary. Escape closes
//   it; it never takes focus. On touch, a first tap shows it, a second
//   follows the link.
// Search is in search.js.
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Keyboard.
  doc.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Escape") { hidePreview(); return; }
    if (typing(e.target)) return;
    if (e.key === "/") {
      var q = doc.getElementById("search-q") || doc.getElementById("site-q");
      if (q) { e.preventDefault(); q.focus(); q.select(); }
      return;
    }
    if (e.shiftKey) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : "";
    if (!rel) return;
    var a = doc.querySelector('.pager a[rel="' + rel + '"]');
    if (a) window.location.href = a.href;
  });

  // Theme toggle.
  function currentTheme() {
    var t = root.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function setupToggle() {
    var b = doc.querySelector(".theme-toggle");
    if (!b) return;
    b.hidden = false;
    var sync = function () { b.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false"); };
    sync();
    b.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("dossier-theme", next); } catch (e) { /* private mode */ }
      sync();
    });
  }

  // Previews.
  var card = null, owner = null, hideTimer = 0;
  function previewCard() {
    if (!card) {
      card = doc.createElement("div");
      card.className = "preview";
      card.id = "preview";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", scheduleHide);
      doc.body.appendChild(card);
    }
    return card;
  }
  function fill(el, a) {
    el.textContent = "";
    var noteID = a.getAttribute("data-note");
    if (noteID) {
      var note = doc.getElementById(noteID);
      if (!note) return false;
      var p = doc.createElement("p");
      p.innerHTML = note.innerHTML;
      el.appendChild(p);
      return true;
    }
    var title = a.getAttribute("data-preview-title");
    if (!title) return false;
    var t = doc.createElement("p");
    t.className = "preview-title";
    t.textContent = title;
    el.appendChild(t);
    var text = a.getAttribute("data-preview-text");
    if (text) {
      var s = doc.createElement("p");
      s.textContent = text;
      el.appendChild(s);
    }
    return true;
  }
  function showPreview(a) {
    clearTimeout(hideTimer);
    var el = previewCard();
    if (owner === a && !el.hidden) return;
    if (!fill(el, a)) return;
    if (owner) owner.removeAttribute("aria-describedby-preview");
    owner = a;
    el.hidden = false;
    var r = a.getBoundingClientRect();
    var w = el.offsetWidth, h = el.offsetHeight;
    var left = Math.min(window.scrollX + r.left, window.scrollX + root.clientWidth - w - 8);
    var top = window.scrollY + r.bottom + 6;
    if (r.bottom + h + 12 > window.innerHeight && r.top > h + 12) top = window.scrollY + r.top - h - 6;
    el.style.left = Math.max(window.scrollX + 8, left) + "px";
    el.style.top = top + "px";
  }
  function hidePreview() {
    if (card) card.hidden = true;
    owner = null;
  }
  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hidePreview, 200);
  }
  function previewable(t) {
    return t && t.closest && t.closest("a.ref[data-note], a[data-preview-title]");
  }
  function setupPreviews() {
    doc.addEventListener("mouseover", function (e) {
      var a = previewable(e.target);
      if (a) showPreview(a);
    });
    doc.addEventListener("mouseout", function (e) {
      if (previewable(e.target)) scheduleHide();
    });
    doc.addEventListener("focusin", function (e) {
      var a = previewable(e.target);
      if (a) showPreview(a); else if (!(card && card.contains(e.target))) hidePreview();
    });
    doc.addEventListener("focusout", function (e) {
      if (previewable(e.target)) scheduleHide();
    });
    var touched = null;
    doc.addEventListener("pointerdown", function (e) { touched = e.pointerType === "touch" ? previewable(e.target) : null; });
    doc.addEventListener("click", function (e) {
      var a = previewable(e.target);
      if (a && touched === a && owner !== a) {
        e.preventDefault();
        showPreview(a);
      } else if (card && !card.hidden && !card.contains(e.target) && !a) {
        hidePreview();
      }
      touched = null;
    });
  }

  ready(function () {
    setupToggle();
    setupPreviews();
  });
})();
