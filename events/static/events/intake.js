// The panel "From the source's text" (templates/admin/events/intake_panel.html).
//
// On an event's page it waits for a claim's source to be chosen, then lists what that source's
// text names (events.intake): known actors, each with one click to add as a participant (it
// fills the next empty participant row's autocomplete, adding a row when none is empty); places,
// one click to set the event's place; and dates, one click to fill the start (or end) date, its
// precision and the date note. Suggestions only: nothing is saved until the editor saves.
// On a source's own page it lists the same, with links to the actors and places.
// Served as a file, with no inline script, for the Content Security Policy (script-src 'self').
"use strict";
(function () {
    const SOURCE_SELECTS = 'select[name^="claims-"][name$="-source"]';
    const ACTOR_SELECTS = '#participants-group select[name^="participants-"][name$="-actor"]';

    function element(tag, attributes, ...children) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) {
            if (name === "text") {
                node.textContent = value;
            } else if (value !== null && value !== undefined && value !== false) {
                node.setAttribute(name, value === true ? "" : value);
            }
        }
        children.filter(Boolean).forEach((child) => node.append(child));
        return node;
    }

    function where(occurrences, count) {
        // «words» (paragraph 3, 5) — and how many in all when only some are listed.
        const words = [...new Set(occurrences.map((occurrence) => occurrence.words))];
        const paragraphs = [...new Set(occurrences.map((occurrence) => occurrence.paragraph))];
        const span = element("span", { class: "intake-where" });
        words.slice(0, 3).forEach((written, index) => {
            if (index) span.append(", ");
            span.append(element("q", { dir: "auto", text: written }));
        });
        const more = count > occurrences.length ? `, ${count} times in all` : count > 1 ? `, ${count} times` : "";
        span.append(` (paragraph${paragraphs.length > 1 ? "s" : ""} ${paragraphs.join(", ")}${more})`);
        return span;
    }

    // --- filling the form ---------------------------------------------------------------------

    function choose(select, id, text) {
        // A select2 autocomplete shows the options of its <select>: give it the option and select
        // it, then tell select2 (through Django's jQuery) that the value changed.
        const value = String(id);
        let option = Array.from(select.options).find((candidate) => candidate.value === value);
        if (!option) {
            option = new Option(text, value, false, false);
            select.append(option);
        }
        select.value = value;
        if (window.django && window.django.jQuery) {
            window.django.jQuery(select).trigger("change");
        } else {
            select.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }

    function participantSelects() {
        return Array.from(document.querySelectorAll(ACTOR_SELECTS)).filter(
            (select) => !select.name.includes("__prefix__")
        );
    }

    function addParticipant(actor) {
        if (participantSelects().some((select) => select.value === String(actor.id))) {
            return "already a participant";
        }
        let empty = participantSelects().find((select) => !select.value);
        if (!empty) {
            const addRow = document.querySelector("#participants-group .add-row a");
            if (!addRow) return "no participant row to fill";
            addRow.click();
            empty = participantSelects().find((select) => !select.value);
        }
        if (!empty) return "no participant row to fill";
        choose(empty, actor.id, actor.text);
        const role = document.getElementById(empty.id.replace(/-actor$/, "-role"));
        if (role) role.focus();
        return "added: choose the role";
    }

    function setPlace(place) {
        const select = document.getElementById("id_place");
        if (!select) return "no place field";
        choose(select, place.id, place.text);
        return "set as the place";
    }

    function setValue(id, value) {
        const field = document.getElementById(id);
        if (!field) return;
        if (field.type === "checkbox") {
            field.checked = Boolean(value);
        } else {
            field.value = value || "";
        }
        field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function addToNote(note) {
        const field = document.getElementById("id_date_note");
        if (!field || field.value.includes(note)) return;
        field.value = field.value.trim() ? `${field.value.trim()}\n${note}` : note;
        field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function useDate(suggestion, end) {
        if (end) {
            setValue("id_end_date", suggestion.end_date || suggestion.start_date);
            setValue("id_end_precision", suggestion.end_precision || suggestion.start_precision);
        } else {
            setValue("id_start_date", suggestion.start_date);
            setValue("id_start_precision", suggestion.start_precision);
            if (suggestion.end_date) {
                setValue("id_end_date", suggestion.end_date);
                setValue("id_end_precision", suggestion.end_precision);
            }
        }
        if (suggestion.date_uncertain) setValue("id_date_uncertain", true);
        addToNote(suggestion.note);
        return end ? "set as the end" : "set as the start";
    }

    // --- the panel ----------------------------------------------------------------------------

    function action(label, title, act) {
        const button = element("button", { type: "button", class: "button intake-action", title, text: label });
        button.addEventListener("click", () => {
            const done = act();
            const status = button.parentElement.querySelector(".intake-done");
            if (status) status.textContent = done ? ` ${done}` : "";
        });
        return button;
    }

    function recordItem(record, kind, editing) {
        const item = element("li", { class: "intake-item", "data-kind": kind, "data-id": record.id });
        if (editing) {
            item.append(
                kind === "actor"
                    ? action("Add as participant", `Add ${record.name} as a participant`, () => addParticipant(record))
                    : action("Set as place", `Make ${record.name} the event's place`, () => setPlace(record)),
                " "
            );
        }
        item.append(element("a", { href: record.url, dir: "auto", target: "_blank", rel: "noopener", text: record.name }));
        item.append(" ", where(record.occurrences, record.count));
        if (record.matched_by === "sound") {
            item.append(element("span", { class: "intake-by-sound", text: " spelled differently: check it" }));
        }
        item.append(element("span", { class: "intake-done", role: "status" }));
        return item;
    }

    function dateItem(suggestion, editing) {
        const item = element("li", { class: "intake-item", "data-kind": "date", "data-date": suggestion.start_date });
        if (editing) {
            item.append(
                action("Start", "Fill the start date, its precision and the date note", () => useDate(suggestion, false)),
                " ",
                action("End", "Fill the end date, its precision and the date note", () => useDate(suggestion, true)),
                " "
            );
        }
        item.append(element("strong", { text: suggestion.reading }), " ← ", where(suggestion.occurrences, suggestion.count));
        item.append(element("span", { class: "intake-done", role: "status" }));
        return item;
    }

    function section(title, items, empty) {
        const list = element("ul", { class: "intake-list" });
        items.forEach((item) => list.append(item));
        return element(
            "div",
            { class: "intake-section" },
            element("h3", { text: title }),
            items.length ? list : element("p", { class: "help", text: empty })
        );
    }

    function render(panel, data) {
        const editing = panel.dataset.mode === "event";
        const status = panel.querySelector(".intake-status");
        const lists = panel.querySelector(".intake-lists");
        lists.replaceChildren();
        if (!data.has_text) {
            status.textContent = "This source has no text yet: add the document's text to the source to get suggestions.";
            return;
        }
        const title = element("span", { dir: "auto", text: data.source.title });
        status.replaceChildren(
            "Suggestions from ",
            title,
            data.source.published_on ? `, published ${data.source.published_on}` : ", no publication date (relative dates are not read)",
            ". Check each against the text: you decide."
        );
        lists.append(
            section("Actors it names", data.actors.map((actor) => recordItem(actor, "actor", editing)), "No known actor."),
            section("Places it names", data.places.map((place) => recordItem(place, "place", editing)), "No known place."),
            section("Dates it gives", data.dates.map((suggestion) => dateItem(suggestion, editing)), "No date found.")
        );
    }

    function load(panel, url) {
        panel.hidden = false;
        panel.querySelector(".intake-status").textContent = "Reading the source's text…";
        panel.querySelector(".intake-lists").replaceChildren();
        panel.dataset.loading = url;
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then((response) => {
                if (!response.ok) throw new Error(`the server answered ${response.status}`);
                return response.json();
            })
            .then((data) => {
                if (panel.dataset.loading !== url) return; // another source was chosen meanwhile
                render(panel, data);
                panel.dataset.loaded = url;
            })
            .catch((error) => {
                panel.querySelector(".intake-status").textContent = `The suggestions could not be read (${error.message}).`;
            });
    }

    document.addEventListener("DOMContentLoaded", () => {
        const panel = document.getElementById("intake-panel");
        if (!panel) return;
        if (panel.dataset.mode !== "event") {
            load(panel, panel.dataset.url);
            return;
        }
        const urlFor = (sourceId) => panel.dataset.url.replace(/\/0\/intake\/$/, `/${encodeURIComponent(sourceId)}/intake/`);
        const follow = (select) => {
            if (select.value && !select.name.includes("__prefix__")) load(panel, urlFor(select.value));
        };
        const chosen = Array.from(document.querySelectorAll(SOURCE_SELECTS)).find(
            (select) => select.value && !select.name.includes("__prefix__")
        );
        if (chosen) follow(chosen);
        // select2 reports a choice through jQuery's events, which native listeners do not hear.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(document).on("change", SOURCE_SELECTS, (event) => follow(event.target));
        } else {
            document.addEventListener("change", (event) => {
                if (event.target.matches(SOURCE_SELECTS)) follow(event.target);
            });
        }
    });
})();
