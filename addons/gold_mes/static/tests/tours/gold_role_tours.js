import { registry } from "@web/core/registry";

// Each role's day from the screens.  The selectors name fields, buttons and menus by
// their technical names, so the same tours run in English and in Vietnamese.

function pick(field, text) {
    return [
        {
            content: `Type ${text} into ${field}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

function speaksUserLanguage() {
    return {
        content: "The menus speak the user's language",
        trigger: ".o_menu_sections [data-menu-xmlid='gold_mes.gold_mes_menu']",
        run() {
            const { user } = odoo.loader.modules.get("@web/core/user");
            const expected = user.lang.startsWith("vi") ? "Vàng" : "Gold";
            const menu = document.querySelector(
                ".o_menu_sections [data-menu-xmlid='gold_mes.gold_mes_menu']"
            );
            const text = menu.textContent.trim();
            if (text !== expected) {
                throw new Error(`the Gold menu reads ${text}, not ${expected} (${user.lang})`);
            }
        },
    };
}

// The office clerk opens a new batch and issues its gold, weighed on the balance.
registry.category("web_tour.tours").add("gold_mes_office_issue", {
    steps: () => [
        speaksUserLanguage(),
        {
            content: "New manufacturing order",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pick("product_id", "Ring 18K"),
        {
            content: "The bill of materials fills in",
            trigger: ".o_field_widget[name=bom_id] input:value(Ring 18K)",
        },
        {
            content: "Confirm the batch",
            trigger: ".o_form_statusbar button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Issue its gold",
            trigger: ".o_form_statusbar button.o_gold_issue",
            run: "click",
        },
        ...pick("employee_id", "Worker A").map((step) => ({
            ...step,
            trigger: `.modal ${step.trigger}`,
        })),
        ...pick("scale_id", "Casting balance").map((step) => ({
            ...step,
            trigger: `.modal ${step.trigger}`,
        })),
        {
            content: "Weigh on the balance",
            trigger: ".modal button[name=action_weigh]",
            run: "click",
        },
        {
            content: "The balance reads 187.5 g",
            trigger: ".modal .o_field_widget[name=reading_display]:contains(187.5)",
        },
        {
            content: "Record the issue",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The order counts one weighing",
            trigger:
                "body:not(:has(.modal)) button[name=action_view_gold_weighings] .o_stat_value:contains(1)",
        },
    ],
});

// The supervisor explains and approves an abnormal loss, then counts the day on the
// balance and locks it.
registry.category("web_tour.tours").add("gold_mes_supervisor_day", {
    steps: () => [
        speaksUserLanguage(),
        {
            content: "The abnormal loss waits for approval",
            trigger: ".o_data_row td[name=gold_loss_explanation]",
            run: "click",
        },
        {
            content: "Explain it",
            trigger: ".o_data_row .o_field_widget[name=gold_loss_explanation] textarea",
            run: "edit Sprue cut too short; re-weighed twice",
        },
        {
            content: "Approve",
            trigger: ".o_data_row button[name=action_gold_approve_loss]",
            run: "click",
        },
        {
            content: "Nothing is left to approve",
            trigger: ".o_list_renderer:not(:has(.o_data_row))",
        },
        {
            content: "Open the gold menu",
            trigger: ".o_menu_sections [data-menu-xmlid='gold_mes.gold_mes_menu']",
            run: "click",
        },
        {
            content: "Day Close",
            trigger: ".o-dropdown--menu [data-menu-xmlid='gold_mes.gold_day_close_menu']",
            run: "click",
        },
        {
            content: "Close a new day",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pick("scale_id", "Casting balance"),
        {
            content: "Load the workers",
            trigger: ".o_form_statusbar button[name=action_load]",
            run: "click",
        },
        {
            content: "Nothing agrees before the count",
            trigger: ".o_data_row:contains(Worker A).text-muted:not(.text-success)",
        },
        {
            content: "Weigh the worker's gold",
            trigger: ".o_data_row:contains(Worker A) button.o_gold_day_close_weigh",
            run: "click",
        },
        {
            content: "The count agrees with the ledger",
            trigger: ".o_data_row:contains(Worker A).text-success",
        },
        {
            content: "Lock the day",
            trigger: ".o_form_statusbar button[name=action_lock]",
            run: "click",
        },
        {
            content: "The day is locked",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=locked]",
        },
    ],
});

// The accountant goes from the Manufacturing app to the batch and prints its Excel
// reconciliation.
registry.category("web_tour.tours").add("gold_mes_accountant_print", {
    steps: () => [
        {
            content: "The apps",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Manufacturing",
            trigger: ".o_app[data-menu-xmlid='mrp.menu_mrp_root']",
            run: "click",
        },
        {
            content: "Open the gold menu",
            trigger: ".o_menu_sections [data-menu-xmlid='gold_mes.gold_mes_menu']",
            run: "click",
        },
        speaksUserLanguage(),
        {
            content: "Batches",
            trigger: ".o-dropdown--menu [data-menu-xmlid='gold_mes.mrp_production_menu_gold_batch']",
            run: "click",
        },
        {
            content: "Open the batch",
            trigger: ".o_data_row:first td[name=name]",
            run: "click",
        },
        {
            content: "Catch the download (the route's answer is checked)",
            trigger: ".o_form_view .o_field_widget[name=gold_issued]",
            run() {
                const { download } = odoo.loader.modules.get("@web/core/network/download");
                download._download = async (options) => {
                    const form = new FormData();
                    for (const [key, value] of Object.entries(options.data)) {
                        form.append(key, value);
                    }
                    form.append("csrf_token", odoo.csrf_token);
                    const response = await fetch(options.url, { method: "POST", body: form });
                    const type = response.headers.get("Content-Type") || "";
                    const ok = response.status === 200 && type.includes("spreadsheetml");
                    document.body.dataset.goldXlsx = ok ? "ok" : `refused ${response.status}`;
                };
            },
        },
        {
            content: "The action menu",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Print",
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print the reconciliation",
            trigger: ".o-dropdown--menu .o_menu_item:contains(Excel)",
            run: "click",
        },
        {
            content: "The workbook came back",
            trigger: "body[data-gold-xlsx=ok]",
        },
    ],
});
