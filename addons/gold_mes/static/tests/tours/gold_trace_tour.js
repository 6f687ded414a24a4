import { registry } from "@web/core/registry";

// From the list of gold stages to the batch's story, opened from the filing stage:
// the story names the batch, marks the filing and shows what it lost.
function traceSteps(title, marked) {
    return [
        {
            content: "Open the batch's group of stages",
            trigger: ".o_list_view .o_group_header:contains(WH/MO)",
            run: "click",
        },
        {
            content: "Trace the batch from its filing stage",
            trigger: ".o_data_row:contains(Filing) button[name=action_gold_trace]",
            run: "click",
        },
        {
            content: "The breadcrumb names the batch",
            trigger: ".o_breadcrumb:contains(WH/MO)",
        },
        {
            content: "The story of the batch",
            trigger: `:iframe .o_gold_trace_title:contains(${title})`,
        },
        {
            content: "The filing stage is marked",
            trigger: `:iframe .o_gold_trace_marked .badge:contains(${marked})`,
        },
        {
            content: "and shows its loss in grams and percent",
            trigger: ":iframe .o_gold_trace_marked .o_gold_trace_loss:contains(13.5000)",
        },
        {
            content: "against its tolerance, abnormal",
            trigger: ":iframe .o_gold_trace_marked .o_gold_trace_loss_pct.text-danger:contains(3.67)",
        },
        {
            content: "The casting mix comes out at 750 per mille",
            trigger: ":iframe .o_gold_trace_mix_fineness:contains(750.00)",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_trace_en", {
    steps: () => traceSteps("Gold trace of", "Opened from this stage"),
});
registry.category("web_tour.tours").add("gold_mes_trace_vi", {
    steps: () => traceSteps("Truy vết vàng của", "Mở từ công đoạn này"),
});

// The accountant, who holds no manufacturing right: the stage's own form opens (its
// raw materials, time and scrap read), then the batch's story from the list.
function accountantSteps(title, marked) {
    return [
        {
            content: "Open the batch's group of stages",
            trigger: ".o_list_view .o_group_header:contains(WH/MO)",
            run: "click",
        },
        {
            content: "Open the filing stage",
            trigger: ".o_data_row:contains(Filing) td[name=name]",
            run: "click",
        },
        {
            content: "Its form shows the stage's gold",
            trigger: ".o_form_view .o_field_widget[name=workcenter_id]:contains(Filing)",
        },
        {
            content: "No access error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "The batch's stages (its group opened again if it came back closed)",
            trigger: ".o_list_view .o_group_header:contains(WH/MO)",
            run() {
                if (!document.querySelector(".o_list_view .o_data_row")) {
                    this.anchor.click();
                }
            },
        },
        ...traceSteps(title, marked).slice(1),
    ];
}

registry.category("web_tour.tours").add("gold_mes_trace_accountant_en", {
    steps: () => accountantSteps("Gold trace of", "Opened from this stage"),
});
registry.category("web_tour.tours").add("gold_mes_trace_accountant_vi", {
    steps: () => accountantSteps("Truy vết vàng của", "Mở từ công đoạn này"),
});

// The accountant opens a recovery lot from its list: the form reads its stock moves.
registry.category("web_tour.tours").add("gold_mes_recovery_accountant", {
    steps: () => [
        {
            content: "Open the recovery lot",
            trigger: ".o_list_view .o_data_row:first td.o_data_cell",
            run: "click",
        },
        {
            content: "Its form shows the dust weighed",
            trigger: ".o_form_view .o_field_widget[name=gross_g]:contains(500)",
        },
        {
            content: "No access error on the way",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
