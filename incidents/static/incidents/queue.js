// Keyboard use of the triage queue: j/k move, x selects, Enter opens, / searches, a assigns the selection.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("table.queue tbody tr[data-href]")); }
  function focusRow(delta) {
    const all = rows();
    if (!all.length) return;
    const i = all.indexOf(document.activeElement);
    const next = all[Math.min(all.length - 1, Math.max(0, i < 0 ? 0 : i + delta))];
    next.focus();
  }
  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) return;
    const row = document.activeElement && document.activeElement.closest && document.activeElement.closest("tr[data-href]");
    if (event.key === "j") { focusRow(1); event.preventDefault(); }
    else if (event.key === "k") { focusRow(-1); event.preventDefault(); }
    else if (event.key === "x" && row) { const box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; event.preventDefault(); }
    else if (event.key === "Enter" && row) { window.location = row.dataset.href; }
    else if (event.key === "/") { const q = document.getElementById("id_q"); if (q) { q.focus(); event.preventDefault(); } }
    else if (event.key === "a") { const g = document.getElementById("id_group"); if (g) { g.focus(); event.preventDefault(); } }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "select-all") {
      document.querySelectorAll("table.queue tbody input[type=checkbox]").forEach(function (b) { b.checked = event.target.checked; });
    }
  });
})();
