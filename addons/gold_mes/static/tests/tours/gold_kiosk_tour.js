import { registry } from "@web/core/registry";

// A worker badges in, takes the casting stage, weighs the gold in on the
// balance, starts, weighs out and finishes: every weight comes from the balance.
registry.category("web_tour.tours").add("gold_mes_kiosk", {
    steps: () => [
        {
            content: "Scan the badge",
            trigger: ".o_gold_kiosk_badge",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "Open the casting stage",
            trigger: ".o_gold_kiosk_card:contains(Casting)",
            run: "click",
        },
        {
            content: "The balance reads a stable 187.5 g = 5 lượng",
            trigger: ".o_gold_kiosk_stable .o_gold_kiosk_compound:contains(5 lượng)",
        },
        {
            content: "Weigh in",
            trigger: ".o_gold_kiosk_action_in:enabled",
            run: "click",
        },
        {
            content: "The weigh-in is recorded",
            trigger: ".o_gold_kiosk_message.alert-success:contains(Weigh in)",
        },
        {
            content: "Start the stage",
            trigger: ".o_gold_kiosk_action_start:enabled",
            run: "click",
        },
        {
            content: "Weigh out",
            trigger: ".o_gold_kiosk_action_out:enabled",
            run: "click",
        },
        {
            content: "The weigh-out is recorded",
            trigger: ".o_gold_kiosk_out:contains(187.5000)",
        },
        {
            content: "The weigh-out message names the weight",
            trigger: ".o_gold_kiosk_message.alert-success:contains(Weigh out: 187.5000 g)",
        },
        {
            content: "Finish the stage",
            trigger: ".o_gold_kiosk_action_finish:enabled",
            run: "click",
        },
        {
            content: "Nothing is left to do at this stage",
            trigger: ".o_gold_kiosk_stage:not(:has(.o_gold_kiosk_action))",
        },
    ],
});
