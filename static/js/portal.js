// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-nav-toggle]");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const list = document.getElementById(toggle.getAttribute("aria-controls"));
      const open = list.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
});
// Forms with data-confirm ask before submitting destructive actions.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
}, true);
