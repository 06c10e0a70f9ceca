// dossier: small enhancements. Everything works without this file.
(function () {
  "use strict";
  // Keyboard: ← and → go to the previous and next point.
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : "";
    if (!rel) return;
    var a = document.querySelector('.pager a[rel="' + rel + '"]');
    if (a) { window.location.href = a.href; }
  });
})();
