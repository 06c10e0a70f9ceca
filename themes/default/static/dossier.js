// dossier: small enhancements over pages that work without them.
// - ← and → go to the previous and next point; / focuses the search box.
// - The theme toggle switches light and dark and remembers the choice.
// - Previews: hovering or focusing a citation, a cross-reference or a
//   backlink shows the quoted passage or the point's summary. Escape closes
//   it; it never takes focus. On touch, a first tap shows it, a second
//   follows the link.
// - Search: the index is fetched on first use and searched as you type.
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

  // Search.
  var index = null, loading = null;
  function loadIndex(form) {
    if (index) return Promise.resolve(index);
    if (loading) return loading;
    var url = form.getAttribute("data-index");
    loading = fetch(url, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error("search index: " + r.status);
      return r.json();
    }).then(function (entries) {
      index = entries.map(function (e) {
        return { e: e, t: fold(e.t), s: fold(e.s || ""), x: fold(e.x) };
      });
      return index;
    });
    return loading;
  }
  // fold lower-cases and strips accents and quote and dash variants, so
  // that "Müller" finds "muller" and "author's" finds "Author’s".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"').replace(/[‐‑‒–—―−]/g, "-");
  }
  function terms(q) {
    return fold(q).split(/[^\p{L}\p{N}']+/u).filter(function (t) { return t.length > 0; });
  }
  function wordStart(text, term) {
    var re = new RegExp("(^|[^\\p{L}\\p{N}])" + term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
    var m = re.exec(text);
    return m ? m.index + m[1].length : -1;
  }
  function search(q) {
    var ts = terms(q);
    if (!ts.length || !index) return [];
    var out = [];
    index.forEach(function (it) {
      var score = 0;
      for (var i = 0; i < ts.length; i++) {
        var inTitle = wordStart(it.t, ts[i]) >= 0;
        var inSummary = wordStart(it.s, ts[i]) >= 0;
        var at = wordStart(it.x, ts[i]);
        if (!inTitle && !inSummary && at < 0) return;
        score += (inTitle ? 10 : 0) + (inSummary ? 4 : 0) + (at >= 0 ? 1 : 0);
      }
      if (it.e.k === "point") score += 2;
      out.push({ it: it, score: score });
    });
    out.sort(function (a, b) { return b.score - a.score; });
    return out.slice(0, 20).map(function (r) { return r.it; }).map(function (it) { return { it: it, ts: ts }; });
  }
  function marked(text, ts) {
    // Wrap each term's matches in <mark>, working on the folded text to
    // find them and on the original to show them (folding keeps lengths
    // for the characters it changes, bar combining accents, which NFD adds;
    // so match on a per-character folded copy).
    var f = Array.prototype.map.call(text, function (ch) { var x = fold(ch); return x.length === 1 ? x : ch.toLowerCase(); }).join("");
    var spans = [];
    ts.forEach(function (t) {
      var from = 0, i;
      while ((i = f.indexOf(t, from)) >= 0) {
        if (i === 0 || !/[\p{L}\p{N}]/u.test(f[i - 1])) spans.push([i, i + t.length]);
        from = i + t.length;
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var frag = doc.createDocumentFragment(), pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      frag.appendChild(doc.createTextNode(text.slice(pos, s[0])));
      var m = doc.createElement("mark");
      m.textContent = text.slice(s[0], s[1]);
      frag.appendChild(m);
      pos = s[1];
    });
    frag.appendChild(doc.createTextNode(text.slice(pos)));
    return frag;
  }
  function snippet(e, ts) {
    var x = e.x, best = -1;
    for (var i = 0; i < ts.length && best < 0; i++) best = wordStart(fold(x), ts[i]);
    if (best < 0) return e.s || x.slice(0, 160);
    var start = Math.max(0, x.lastIndexOf(" ", Math.max(0, best - 60)) + 1);
    var end = Math.min(x.length, best + 120);
    var sp = x.indexOf(" ", end);
    if (sp > 0) end = sp;
    return (start > 0 ? "…" : "") + x.slice(start, end) + (end < x.length ? "…" : "");
  }
  var kinds = { point: "point", source: "source", event: "timeline", page: "page" };
  function render(list, results, base, selectFirst) {
    list.textContent = "";
    results.forEach(function (r, i) {
      var e = r.it.e;
      var li = doc.createElement("li");
      var a = doc.createElement("a");
      a.href = base + e.u;
      a.id = list.id + "-" + i;
      // In the dropdown, a listbox, the links are its options, and the
      // list items between must not count as list items.
      var box = list.getAttribute("role") === "listbox";
      if (box) li.setAttribute("role", "none");
      a.setAttribute("role", box ? "option" : "link");
      if (selectFirst && i === 0) a.setAttribute("aria-selected", "true");
      var title = doc.createElement("span");
      title.className = "result-title";
      title.appendChild(marked(e.t, r.ts));
      var kind = doc.createElement("span");
      kind.className = "result-kind";
      kind.textContent = kinds[e.k] || e.k;
      title.appendChild(kind);
      var sn = doc.createElement("span");
      sn.className = "result-snippet";
      sn.appendChild(marked(snippet(e, r.ts), r.ts));
      a.appendChild(title);
      a.appendChild(sn);
      li.appendChild(a);
      list.appendChild(li);
    });
  }
  function setupSearchPage(form) {
    var input = doc.getElementById("search-q");
    var list = doc.getElementById("search-results");
    var status = doc.getElementById("search-status");
    if (!input || !list) return;
    var base = form.getAttribute("data-base");
    var run = function () {
      var q = input.value.trim();
      var t0 = performance.now();
      loadIndex(form).then(function () {
        var res = search(q);
        render(list, res, base, false);
        var ms = Math.round(performance.now() - t0);
        status.textContent = q ? (res.length ? res.length + (res.length === 20 ? "+" : "") + " results" : "No results") + " for “" + q + "”" : "";
        status.setAttribute("data-ms", String(ms));
        if (q && history.replaceState) history.replaceState(null, "", "?q=" + encodeURIComponent(q));
      }).catch(function () { status.textContent = "The search index could not be loaded."; });
    };
    input.addEventListener("input", run);
    input.form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }
  function setupHeaderSearch(form) {
    var input = form.querySelector(".search-input");
    if (!input || doc.getElementById("search-q")) return; // the search page has its own box
    var list = doc.createElement("ul");
    list.id = "site-search-results";
    list.className = "search-results search-dropdown";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-autocomplete", "list");
    var base = form.getAttribute("data-base");
    var sel = -1;
    var close = function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); sel = -1; };
    var select = function (i) {
      var opts = list.querySelectorAll("a");
      if (!opts.length) return;
      sel = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === sel ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[sel].id);
      opts[sel].scrollIntoView({ block: "nearest" });
    };
    input.addEventListener("focus", function () { loadIndex(form).catch(function () {}); });
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (!q) { close(); return; }
      loadIndex(form).then(function () {
        var res = search(q).slice(0, 8);
        render(list, res, base, true);
        sel = res.length ? 0 : -1;
        if (res.length) input.setAttribute("aria-activedescendant", list.id + "-0");
        list.hidden = res.length === 0;
        input.setAttribute("aria-expanded", res.length ? "true" : "false");
      });
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); select(sel + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(sel - 1); }
      else if (e.key === "Enter" && sel >= 0) {
        e.preventDefault();
        window.location.href = list.querySelectorAll("a")[sel].href;
      } else if (e.key === "Escape") { close(); }
    });
    doc.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
  }

  ready(function () {
    setupToggle();
    setupPreviews();
    var form = doc.querySelector(".site-search");
    if (form && window.fetch) {
      setupHeaderSearch(form);
      setupSearchPage(form);
    }
  });
})();
