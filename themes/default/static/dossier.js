// dossier: small enhancements over pages that work without them.
// - ← and → go to the previous and next point; / focuses the search box.
// - The theme toggle switches light and dark and remembers the choice.
// - Previews: hovering or focusing a citation, a cross-reference or a
//   backlink shows the quoted passage or the point's summary. Escape closes
//   it; it never takes focus. On touch, a first tap shows it, a second
//   follows the link.
// - Margin notes: on wide screens each side note and editors' note is
//   moved as close to its marker as the notes around it allow, never
//   overlapping (without the script, CSS floats place them).
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
    var right = root.clientWidth - 8;
    // Beside its side note, the card stays left of the note it repeats.
    var sn = a.parentNode && a.parentNode.querySelector && a.parentNode.querySelector(".sidenote");
    if (sn && inMargin(sn)) right = Math.min(right, sn.getBoundingClientRect().left - 12);
    var left = Math.min(window.scrollX + r.left, window.scrollX + right - w);
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
    // On touch, the browser fires mouseover and focus before the click:
    // they must not count as the preview that the first tap shows.
    var pointer = "mouse";
    doc.addEventListener("pointerover", function (e) { pointer = e.pointerType; }, true);
    doc.addEventListener("mouseover", function (e) {
      if (pointer === "touch") return;
      var a = previewable(e.target);
      if (a) showPreview(a);
    });
    doc.addEventListener("mouseout", function (e) {
      if (previewable(e.target)) scheduleHide();
    });
    doc.addEventListener("focusin", function (e) {
      var a = previewable(e.target);
      if (a && pointer === "touch" && touched === a) return;
      if (a) showPreview(a); else if (!(card && card.contains(e.target))) hidePreview();
    });
    doc.addEventListener("focusout", function (e) {
      if (previewable(e.target)) scheduleHide();
    });
    var touched = null, wasOpen = false;
    doc.addEventListener("pointerdown", function (e) {
      pointer = e.pointerType;
      touched = e.pointerType === "touch" ? previewable(e.target) : null;
      wasOpen = !!touched && owner === touched && !!card && !card.hidden;
    }, true);
    doc.addEventListener("click", function (e) {
      var a = previewable(e.target);
      if (a && touched === a && !wasOpen) {
        e.preventDefault();
        showPreview(a);
      } else if (card && !card.hidden && !card.contains(e.target) && !a) {
        hidePreview();
      }
      touched = null;
    });
  }

  // Margin notes. On wide screens CSS floats the side notes and editors'
  // notes into the margin, each below the one before: a long note pushes
  // all later ones down, far from their markers. Here they are moved like
  // a book's notes: as close to their markers as possible without
  // overlapping, a cluster of notes centred on its markers (isotonic
  // regression of the tops, pool adjacent violators), and never above the
  // section they belong to. The move is a relative offset of the float, so
  // that the notes keep the place across the page that CSS gives them at
  // any width. Re-placed on resize and once fonts have loaded.
  function inMargin(n) {
    return n.getClientRects().length > 0 && getComputedStyle(n).float !== "none";
  }
  function noteMarker(n) {
    if (n.classList.contains("gloss")) {
      var para = n.closest(".para");
      return para && (para.querySelector("mark.glossed") || para.querySelector(".ptext"));
    }
    var c = n.closest(".cite");
    if (!c) return null;
    var ref = c.querySelector(".ref");
    return ref && ref.getClientRects().length ? ref : c;
  }
  function placeNotes() {
    var all = doc.querySelectorAll(".sidenote, .gloss");
    var i;
    for (i = 0; i < all.length; i++) {
      all[i].classList.remove("placed");
      all[i].style.top = "";
    }
    var notes = [];
    for (i = 0; i < all.length; i++) {
      var n = all[i];
      if (!inMargin(n)) continue;
      var m = noteMarker(n);
      if (!m) continue;
      var r = n.getBoundingClientRect();
      var box = n.closest("section, article, main") || doc.body;
      notes.push({ n: n, at: r.top + window.scrollY, h: r.height,
        want: m.getBoundingClientRect().top + window.scrollY,
        floor: box.getBoundingClientRect().top + window.scrollY });
    }
    if (!notes.length) return;
    // Other floats in the margin (a source's details) stay where they
    // are: notes that follow them start below them.
    var fixed = doc.querySelectorAll("main .meta");
    for (i = 0; i < fixed.length; i++) {
      if (getComputedStyle(fixed[i]).float === "none") continue;
      var fr = fixed[i].getBoundingClientRect();
      notes.forEach(function (x) {
        if (x.want >= fr.top + window.scrollY) x.floor = Math.max(x.floor, fr.bottom + window.scrollY + 12);
      });
    }
    notes.sort(function (a, b) { return a.at - b.at; });
    var gap = 12;
    // y_i = top_i - offset_i must not decrease; fit y to want - offset.
    var off = 0, blocks = [];
    notes.forEach(function (x, k) {
      x.off = off;
      off += x.h + gap;
      var b = { sum: Math.max(x.want, x.floor) - x.off, n: 1, floor: x.floor - x.off, from: k };
      b.y = Math.max(b.sum / b.n, b.floor);
      while (blocks.length && blocks[blocks.length - 1].y >= b.y) {
        var p = blocks.pop();
        b = { sum: p.sum + b.sum, n: p.n + b.n, floor: Math.max(p.floor, b.floor), from: p.from };
        b.y = Math.max(b.sum / b.n, b.floor);
      }
      blocks.push(b);
    });
    blocks.forEach(function (b, k) {
      var to = k + 1 < blocks.length ? blocks[k + 1].from : notes.length;
      for (var j = b.from; j < to; j++) notes[j].top = b.y + notes[j].off;
    });
    // Never lower than CSS put it: the page below stays as laid out.
    notes.forEach(function (x) {
      x.n.classList.add("placed");
      x.n.style.top = Math.round(Math.min(x.top, x.at) - x.at) + "px";
    });
  }
  function setupNotes() {
    if (!doc.querySelector(".sidenote, .gloss")) return;
    var timer = 0;
    var later = function () { clearTimeout(timer); timer = setTimeout(placeNotes, 60); };
    placeNotes();
    window.addEventListener("resize", later);
    window.addEventListener("load", placeNotes);
    if (doc.fonts && doc.fonts.ready) doc.fonts.ready.then(placeNotes);
    window.addEventListener("beforeprint", placeNotes);
    window.addEventListener("afterprint", placeNotes);
  }

  ready(function () {
    setupToggle();
    setupNotes();
    setupPreviews();
  });
})();
