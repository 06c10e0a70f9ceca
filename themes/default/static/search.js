// dossier search: the header box (a dropdown of the best results, with a
// link to all of them) on every page, and the search page's own box. And
// the "go to point" forms: without this script they open the points index,
// where every range of numbers is one link away; with it, the point itself.
//
// The index is split into files (see the search package of dossier): a
// small meta file, term chunks and one file per document. A query fetches
// the meta file, the chunks that can hold its terms and the files of the
// results it shows, nothing else, and keeps what it fetched for the next
// query. A term of three characters or more matches the words that start
// with it; a shorter one only the same word, so that a first keystroke
// does not fetch every chunk of the index.
(function () {
  "use strict";

  var doc = document;

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // Fetching. Every file is asked for once and kept as a promise.
  var metaURL = "", dir = "", metaP = null, files = {};
  function get(url) {
    if (!files[url]) {
      files[url] = fetch(url, { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("search index: " + url + ": " + r.status);
        return r.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }
  function loadMeta() {
    if (!metaP) metaP = get(metaURL);
    return metaP;
  }
  function docFile(j) { return get(dir + "d" + j + ".json"); }

  // fold lower-cases and strips accents and quote and dash variants, so
  // that "Müller" finds "muller" and "author's" finds "Author’s".
  // The index's terms are folded the same way when the site is built.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"').replace(/[‐‑‒–—―−]/g, "-");
  }
  function terms(q) {
    var seen = {};
    return fold(q).split(/[^\p{L}\p{N}']+/u).map(function (t) { return t.replace(/^'+|'+$/g, ""); })
      .filter(function (t) { if (!t || seen[t]) return false; seen[t] = true; return true; });
  }

  var DIGIT = {};
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (ch, i) { DIGIT[ch.charCodeAt(0)] = i; });

  // lastAtMost returns the index of the last chunk that starts at or
  // before s.
  function lastAtMost(starts, s) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= s) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // match returns the documents that hold term t (or, if prefix, a word
  // that starts with t), as {doc: fields}.
  function match(meta, t, prefix) {
    var from = lastAtMost(meta.chunks, t);
    var to = prefix ? lastAtMost(meta.chunks, t + "\uffff") : from;
    var loads = [];
    for (var i = from; i <= to; i++) loads.push(get(dir + "t" + i + ".json"));
    return Promise.all(loads).then(function (chunks) {
      var docs = {};
      chunks.forEach(function (c) {
        Object.keys(c).forEach(function (k) {
          if (prefix ? k.lastIndexOf(t, 0) !== 0 : k !== t) return;
          // The postings: base-32 numbers, (gap << 3 | fields), the last
          // digit of each from the first 32 digits.
          var s = c[k], j = 0, v = 0;
          for (var n = 0; n < s.length; n++) {
            var d = DIGIT[s.charCodeAt(n)];
            v = v * 32 + (d & 31);
            if (d < 32) {
              j += Math.floor(v / 8);
              docs[j] = (docs[j] || 0) | (v & 7);
              v = 0;
            }
          }
        });
      });
      return docs;
    });
  }
  // search returns every document that holds all the terms of q, best
  // first: a term in the title counts 10, in the summary 4, in the text 1,
  // and a point 2 more.
  function search(q) {
    var ts = terms(q);
    if (!ts.length) return Promise.resolve({ ts: ts, hits: [] });
    return loadMeta().then(function (meta) {
      return Promise.all(ts.map(function (t) { return match(meta, t, t.length >= 3); })).then(function (sets) {
        var hits = [];
        Object.keys(sets[0]).forEach(function (key) {
          var score = 0;
          for (var i = 0; i < sets.length; i++) {
            var f = sets[i][key];
            if (!f) return;
            score += (f & 1 ? 10 : 0) + (f & 2 ? 4 : 0) + (f & 4 ? 1 : 0);
          }
          var j = +key;
          if (j < meta.points) score += 2;
          hits.push({ j: j, score: score });
        });
        hits.sort(function (a, b) { return b.score - a.score || a.j - b.j; });
        return { ts: ts, hits: hits };
      });
    });
  }
  // entries fetches the files of the first n hits.
  function entries(res, n) {
    return Promise.all(res.hits.slice(0, n).map(function (h) { return docFile(h.j); }));
  }

  function wordStart(text, term) {
    var re = new RegExp("(^|[^\\p{L}\\p{N}])" + term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
    var m = re.exec(text);
    return m ? m.index + m[1].length : -1;
  }
  function marked(text, ts) {
    // Wrap each term's matches in <mark>, working on a per-character
    // folded copy to find them (folding keeps lengths for the characters
    // it changes, bar combining accents) and on the original to show them.
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
  function item(list, e, ts, i, base, box) {
    var li = doc.createElement("li");
    var a = doc.createElement("a");
    a.href = base + e.u;
    a.id = list.id + "-" + i;
    // In the dropdown, a listbox, the links are its options, and the list
    // items between must not count as list items.
    if (box) li.setAttribute("role", "none");
    a.setAttribute("role", box ? "option" : "link");
    var title = doc.createElement("span");
    title.className = "result-title";
    title.appendChild(marked(e.t, ts));
    var kind = doc.createElement("span");
    kind.className = "result-kind";
    kind.textContent = kinds[e.k] || e.k;
    title.appendChild(kind);
    var sn = doc.createElement("span");
    sn.className = "result-snippet";
    sn.appendChild(marked(snippet(e, ts), ts));
    a.appendChild(title);
    a.appendChild(sn);
    li.appendChild(a);
    return li;
  }
  function count(n) { return n === 1 ? "1 result" : n.toLocaleString("en") + " results"; }

  // The search page: every result, twenty at a time.
  function setupSearchPage(form) {
    var input = doc.getElementById("search-q");
    var list = doc.getElementById("search-results");
    var status = doc.getElementById("search-status");
    if (!input || !list) return;
    var base = form.getAttribute("data-base");
    var more = doc.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    var seq = 0, shown = 20, last = null;
    var show = function (res, q, t0, mine) {
      return entries(res, shown).then(function (es) {
        if (mine !== seq) return;
        list.textContent = "";
        es.forEach(function (e, i) { list.appendChild(item(list, e, res.ts, i, base, false)); });
        status.textContent = q ? (res.hits.length ? count(res.hits.length) : "No results") + " for “" + q + "”" : "";
        status.setAttribute("data-ms", String(Math.round(performance.now() - t0)));
        var rest = res.hits.length - es.length;
        more.hidden = rest <= 0;
        more.textContent = "Show " + Math.min(rest, 20) + " more of " + rest.toLocaleString("en");
      });
    };
    var run = function () {
      var q = input.value.trim(), mine = ++seq, t0 = performance.now();
      shown = 20;
      search(q).then(function (res) {
        if (mine !== seq) return;
        last = { res: res, q: q };
        if (history.replaceState) history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : window.location.pathname);
        return show(res, q, t0, mine);
      }).catch(function () { if (mine === seq) status.textContent = "The search index could not be loaded."; });
    };
    more.addEventListener("click", function () {
      if (!last) return;
      var from = shown;
      shown += 20;
      show(last.res, last.q, performance.now(), seq).then(function () {
        var next = list.querySelectorAll("a")[from];
        if (next) next.focus();
      });
    });
    input.addEventListener("input", run);
    input.form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  // The header box: the best eight results as you type, then a link to
  // all of them on the search page.
  function setupHeaderSearch(form) {
    var input = form.querySelector(".search-input");
    if (!input) return;
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
    var action = form.getAttribute("action");
    var sel = -1, seq = 0;
    var close = function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); sel = -1; };
    var select = function (i) {
      var opts = list.querySelectorAll("a");
      if (!opts.length) return;
      sel = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === sel ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[sel].id);
      opts[sel].scrollIntoView({ block: "nearest" });
    };
    input.addEventListener("focus", function () { loadMeta().catch(function () {}); });
    var timer = 0;
    input.addEventListener("input", function () {
      var q = input.value.trim(), mine = ++seq;
      clearTimeout(timer);
      if (!q) { close(); return; }
      // A short pause, so that fast typing fetches only what its last
      // query needs.
      timer = setTimeout(function () { run(q, mine); }, 60);
    });
    var run = function (q, mine) {
      search(q).then(function (res) {
        if (mine !== seq) return;
        return entries(res, 8).then(function (es) {
          if (mine !== seq) return;
          list.textContent = "";
          es.forEach(function (e, i) { list.appendChild(item(list, e, res.ts, i, base, true)); });
          if (res.hits.length) {
            var li = doc.createElement("li");
            li.setAttribute("role", "none");
            li.className = "search-all";
            var a = doc.createElement("a");
            a.id = list.id + "-all";
            a.setAttribute("role", "option");
            a.href = action + "?q=" + encodeURIComponent(q);
            a.textContent = (res.hits.length > es.length ? "All " + count(res.hits.length) : "Open on the search page") + " for “" + q + "”";
            li.appendChild(a);
            list.appendChild(li);
          }
          var opts = list.querySelectorAll("a");
          opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === 0 ? "true" : "false"); });
          sel = opts.length ? 0 : -1;
          if (sel === 0) input.setAttribute("aria-activedescendant", opts[0].id);
          else input.removeAttribute("aria-activedescendant");
          list.hidden = !opts.length;
          input.setAttribute("aria-expanded", opts.length ? "true" : "false");
        });
      }).catch(function () {});
    };
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

  // Go to a point by number.
  function setupJump(form) {
    form.addEventListener("submit", function (e) {
      var n = form.querySelector("input[name=n]");
      var v = n && n.value.trim();
      if (!v || !/^\d+$/.test(v)) return;
      e.preventDefault();
      window.location.href = form.getAttribute("data-points") + String(+v) + "/";
    });
  }

  ready(function () {
    Array.prototype.forEach.call(doc.querySelectorAll("form.point-jump[data-points]"), setupJump);
    var form = doc.querySelector(".site-search");
    if (!form || !window.fetch || !window.Promise) return;
    metaURL = form.getAttribute("data-index");
    dir = metaURL.slice(0, metaURL.lastIndexOf("/") + 1);
    setupHeaderSearch(form);
    setupSearchPage(form);
  });
})();
