// An event's page shows the details of the kind chosen in its "kind" menu, and only them:
// the other kinds' fieldsets, and the stages and provisions when it is not an agreement, are
// hidden, and each participant's role menu offers the roles of that kind. Without this script
// every fieldset stays on the page, and the server refuses what does not fit the kind.
// Nothing is cleared: a hidden field that still holds a value is refused by the form, which
// then shows its fieldset again (a fieldset or inline with an error is never hidden).
"use strict";
(function () {
    function hasErrors(element) {
        return element.querySelector(".errorlist, .errors") !== null;
    }

    function rolesOfKind(kindMenu) {
        try {
            return JSON.parse(kindMenu.dataset.rolesOfKind || "{}");
        } catch (error) {
            return {};
        }
    }

    function narrowRoles(roleMenu, allowed) {
        roleMenu.querySelectorAll("option").forEach((option) => {
            // Hidden, not disabled: a role already chosen is still posted, and refused by name.
            option.hidden = option.value !== "" && allowed !== undefined && !allowed.includes(option.value);
        });
    }

    function show(kindMenu) {
        const kind = kindMenu.value;
        const roles = rolesOfKind(kindMenu)[kind];
        document.querySelectorAll("fieldset.kind-details").forEach((fieldset) => {
            const mine = fieldset.classList.contains(`kind-${kind}`);
            fieldset.hidden = kind !== "" && !mine && !hasErrors(fieldset);
            const details = fieldset.querySelector("details");
            if (mine && details) {
                details.open = true;
            }
        });
        document.querySelectorAll(".agreement-only").forEach((group) => {
            group.hidden = kind !== "" && kind !== "agreement" && !hasErrors(group);
        });
        document.querySelectorAll("select[name^='participants-'][name$='-role']").forEach((menu) => {
            narrowRoles(menu, roles);
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        const kindMenu = document.querySelector("select#id_kind");
        if (!kindMenu) {
            return;
        }
        show(kindMenu);
        kindMenu.addEventListener("change", () => show(kindMenu));
        // A participant row added with "Add another" gets the narrowed menu too.
        document.addEventListener("formset:added", () => show(kindMenu));
    });
})();
