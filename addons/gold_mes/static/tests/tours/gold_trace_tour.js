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
