// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Select the whole value of one-time secrets (links, tokens) on click, for copying.
  for (const el of document.querySelectorAll("code.link, code.secret")) {
    el.setAttribute("tabindex", "0");
    el.addEventListener("click", () => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    });
  }
  // Ask before actions that cannot be undone.
  for (const button of document.querySelectorAll(".button-danger")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.textContent.trim() + "?")) event.preventDefault();
    });
  }
});
