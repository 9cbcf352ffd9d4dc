// Select2 (the autocomplete widgets) draws its choices itself, without dir attributes: each
// choice is given dir="auto", so an Arabic title reads right to left and is cut at its end.
"use strict";
(function () {
    const CHOICES = ".select2-selection__rendered, .select2-results__option";

    function giveDirection(root) {
        root.querySelectorAll(CHOICES).forEach((element) => {
            if (!element.hasAttribute("dir")) {
                element.setAttribute("dir", "auto");
            }
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        giveDirection(document);
        new MutationObserver(() => giveDirection(document)).observe(document.body, {
            childList: true,
            subtree: true,
        });
    });
})();
