// The "Copy" button of each reference ("Cite this", templates/public/_citation.html): copies the
// reference, or, where the browser does not let a page copy (no clipboard, not a secure page, a
// refusal), selects it for the reader to copy. A file of its own: the CSP allows no inline code.
(function () {
  "use strict";
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll(".citation").forEach(function (box) {
    var text = box.querySelector(".citation-text");
    var button = box.querySelector(".citation-copy");
    var status = box.querySelector(".citation-status");
    if (!text || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var reference = text.textContent.trim();
      function copied() { status.textContent = button.dataset.copied; }
      function selected() { select(text); status.textContent = button.dataset.selected; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(reference).then(copied, selected);
      } else {
        selected();
      }
    });
  });
})();
