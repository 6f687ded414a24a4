import { registry } from "@web/core/registry";

// The batch's Gold Balance tab as the office reads it: trade units beside the
// weights, the stages' total loss to 0.1 mg, and no "$ 0.00" without a gold price.
registry.category("web_tour.tours").add("gold_mes_balance_tab", {
    steps: () => [
        {
            content: "Open the Gold Balance tab",
            trigger: ".o_notebook a.nav-link[name=gold_balance]",
            run: "click",
        },
        {
            content: "The issued gold reads in the trade's units too",
            trigger: "div[name=gold_issued] .o_gold_weight_compound:contains(10 lượng)",
        },
        {
            content: "The stages' loss totals to four decimals",
            trigger: "div[name=gold_stage_ids] tfoot:contains(0.1875)",
        },
        {
            content: "No gold price: said plainly",
            trigger: "div[name=gold_loss_valuation_note]:contains(no gold price on)",
        },
        {
            content: "and no money figure beside it",
            trigger: "div[name=gold_loss_valuation_row]:not(:contains(0.00))",
        },
    ],
});
