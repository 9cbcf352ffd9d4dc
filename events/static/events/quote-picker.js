// "Pick from the source's text": beside each claim's quote box, a button that opens the chosen
// source's paragraphs (from the staff-only JSON view of the source admin), lets the editor search
// them, and fills the quote box with the paragraph or sentence clicked, exactly as the text has it.
// A static file with no inline code, so the site's Content-Security-Policy (script-src 'self') holds.
"use strict";
(function () {
    const BOX = "textarea[data-paragraphs-url]";
    // Search ignores Arabic diacritics and tatweel and letter case; the quote keeps them.
    const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;

    function fold(text) {
        return text.normalize("NFC").replace(MARKS, "").replace(/\s+/g, " ").toLowerCase();
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function sourceSelect(box) {
        // The box's own claim: an inline's row, or the claim's page.
        const prefix = box.name.slice(0, box.name.length - "quote".length);
        return document.querySelector(`select[name="${prefix}source"]`);
    }

    function fill(box, text) {
        box.value = text;
        box.dispatchEvent(new Event("input", { bubbles: true }));
        box.dispatchEvent(new Event("change", { bubbles: true }));
        box.focus();
    }

    function render(panel, box, data) {
        panel.replaceChildren();
        if (!data.has_text) {
            panel.append(element("p", "quote-picker-status", "This source has no text: paste or upload it on the source's page."));
            return;
        }
        const search = element("input", "quote-picker-search");
        search.type = "search";
        search.dir = "auto";
        search.placeholder = "Search the text";
        const status = element("p", "quote-picker-status");
        const list = element("ol", "quote-picker-paragraphs");
        const rows = data.paragraphs.map((paragraph) => {
            const row = element("li", "quote-picker-paragraph");
            row.dir = "auto";
            const whole = element("button", "quote-picker-whole", `¶ ${paragraph.number}`);
            whole.type = "button";
            whole.title = "Use the whole paragraph";
            whole.addEventListener("click", () => fill(box, paragraph.text));
            row.append(whole, " ");
            paragraph.sentences.forEach((sentence) => {
                const choice = element("button", "quote-picker-sentence", sentence);
                choice.type = "button";
                choice.addEventListener("click", () => fill(box, sentence));
                row.append(choice, " ");
            });
            list.append(row);
            return { row, key: fold(paragraph.text) };
        });
        function filter() {
            const wanted = fold(search.value.trim());
            let shown = 0;
            rows.forEach(({ row, key }) => {
                const match = !wanted || key.includes(wanted);
                row.hidden = !match;
                shown += match ? 1 : 0;
            });
            status.textContent = wanted
                ? `${shown} of ${rows.length} paragraphs hold “${search.value.trim()}”. Click a sentence, or ¶ for the whole paragraph.`
                : `${rows.length} paragraphs. Click a sentence, or ¶ for the whole paragraph; then trim the quote to the words you need.`;
        }
        search.addEventListener("input", filter);
        panel.append(search, status, list);
        filter();
        search.focus();
    }

    function open(box, panel) {
        const select = sourceSelect(box);
        const id = select ? select.value : "";
        panel.hidden = false;
        if (!/^\d+$/.test(id)) {
            panel.replaceChildren(element("p", "quote-picker-status", "Choose the source first."));
            return;
        }
        panel.replaceChildren(element("p", "quote-picker-status", "Loading the source's text…"));
        const url = box.dataset.paragraphsUrl.replace(/\/0\/paragraphs\/$/, `/${id}/paragraphs/`);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then((response) => {
                if (!response.ok) {
                    throw new Error(`the server answered ${response.status}`);
                }
                return response.json();
            })
            .then((data) => render(panel, box, data))
            .catch((error) => {
                panel.replaceChildren(element("p", "quote-picker-status", `Could not load the text: ${error.message}.`));
            });
    }

    function equip(root) {
        root.querySelectorAll(BOX).forEach((box) => {
            if (box.name.includes("__prefix__") || box.dataset.pickerReady) {
                return;
            }
            box.dataset.pickerReady = "1";
            const button = element("button", "quote-picker-open button", "Pick from the source's text");
            button.type = "button";
            const panel = element("div", "quote-picker");
            panel.hidden = true;
            button.addEventListener("click", () => {
                if (panel.hidden) {
                    open(box, panel);
                } else {
                    panel.hidden = true;
                }
            });
            box.after(button, panel);
        });
    }

    document.addEventListener("DOMContentLoaded", () => equip(document));
    // A claim added with "Add another claim" (Django's inline formsets announce each new row).
    document.addEventListener("formset:added", (event) => equip(event.target));
})();
