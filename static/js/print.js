// A button that prints the page (no inline handlers: a strict CSP is coming).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
