import { registry } from "@web/core/registry";

// A worker badges in, takes the casting stage, weighs the gold in on the
// balance, starts, weighs out and finishes: every weight comes from the balance.
registry.category("web_tour.tours").add("gold_mes_kiosk", {
    steps: () => [
        {
            content: "Scan the badge",
            trigger: "[data-gold-kiosk-badge]",
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
            trigger: "[data-gold-kiosk-action=in]:enabled",
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
            trigger: "[data-gold-kiosk-figure=out]:contains(187.5000)",
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

/**
 * A stage whose loss is over its tolerance, in the user's language (``lang`` picks
 * the words and numbers the tour expects): nothing shown as weighed before the
 * weigh-in, the verdict red, Finish not offered until a supervisor at the kiosk
 * explains and approves the loss with their badge.
 */
const WORDS = {
    en: {
        notWeighed: "not weighed yet",
        zero: "0.0000",
        scanBadge: "scan your badge",
        callSupervisor: "Call your supervisor",
        in: "187.5000",
        out: "180.0000",
        loss: "7.5000",
    },
    vi: {
        notWeighed: "chưa cân",
        zero: "0,0000",
        scanBadge: "hãy quét thẻ",
        callSupervisor: "Hãy gọi giám sát",
        in: "187,5000",
        out: "180,0000",
        loss: "7,5000",
    },
};

function abnormalSteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "A worker without a PIN taps their name",
            trigger: "[data-gold-kiosk-employee]:contains(Worker A)",
            run: "click",
        },
        {
            content: "A tap alone does not let them in: they are told to scan their badge",
            trigger: `.o_gold_kiosk_message.alert-warning:contains(Worker A):contains(${w.scanBadge})`,
        },
        {
            content: "Still at 'who are you', no PIN asked",
            trigger: ".o_gold_kiosk_who:not(:has([data-gold-kiosk-pin]))",
        },
        {
            content: "Scan the badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "The banner of the screen before is gone",
            trigger: ".o_gold_kiosk:has(.o_gold_kiosk_stages):not(:has(.o_gold_kiosk_message))",
        },
        {
            content: "The stage card shows what is expected, not a weigh-in",
            trigger: `[data-gold-kiosk-stage]:contains(${w.notWeighed})`,
        },
        {
            content: "Open the casting stage",
            trigger: "[data-gold-kiosk-stage]:contains(Casting)",
            run: "click",
        },
        {
            content: "Nothing is shown as weighed in before the weigh-in",
            trigger: `[data-gold-kiosk-figure=in]:contains(${w.notWeighed})`,
        },
        {
            content: "Weigh in is disabled at 0 g",
            trigger: `.o_gold_kiosk_balance:not(.o_gold_kiosk_stable) [data-gold-weight]:contains(${w.zero})`,
            run() {
                const button = document.querySelector("[data-gold-kiosk-action=in]");
                if (!button || !button.disabled) {
                    throw new Error("Weigh in must be disabled with nothing on the pan");
                }
                const height = button.getBoundingClientRect().height;
                if (height < 56) {
                    throw new Error(`Weigh in is ${height}px high, less than 56px`);
                }
            },
        },
        {
            content: "Tare the empty pan",
            trigger: ".o_gold_kiosk_tare:enabled",
            run: "click",
        },
        {
            content: "The gold is put on the pan (the test places it)",
            trigger: `[data-gold-weight]:contains(${w.in})`,
            timeout: 20000,
        },
        {
            content: "Weigh in",
            trigger: "[data-gold-kiosk-action=in]:enabled",
            run: "click",
        },
        {
            content: "The weigh-in is recorded in the user's numbers",
            trigger: `[data-gold-kiosk-figure=in]:contains(${w.in})`,
        },
        {
            content: "Start the stage",
            trigger: "[data-gold-kiosk-action=start]:enabled",
            run: "click",
        },
        {
            content: "Less gold comes back (the test places it)",
            trigger: `[data-gold-weight]:contains(${w.out})`,
            timeout: 20000,
        },
        {
            content: "Weigh out",
            trigger: "[data-gold-kiosk-action=out]:enabled",
            run: "click",
        },
        {
            content: "The verdict is red and says to call the supervisor",
            trigger: `[data-gold-kiosk-verdict][data-gold-kiosk-verdict-level=abnormal].alert-danger:contains(${w.callSupervisor})`,
        },
        {
            content: "The loss is shown",
            trigger: `[data-gold-kiosk-figure=loss]:contains(${w.loss})`,
        },
        {
            content: "Finish is not offered; the supervisor's approval is",
            trigger: ".o_gold_kiosk_stage:not(:has([data-gold-kiosk-action=finish])) [data-gold-kiosk-action=approve]",
            run: "click",
        },
        {
            content: "The supervisor explains",
            trigger: "[data-gold-kiosk-explanation]",
            run: "edit Crucible cracked, grain spilled into the furnace",
        },
        {
            content: "The supervisor scans their badge",
            trigger: "[data-gold-kiosk-supervisor-badge]",
            run: "edit SUP001",
        },
        {
            content: "Approve",
            trigger: "[data-gold-kiosk-approve-confirm]:enabled",
            run: "click",
        },
        {
            content: "The verdict says approved, no longer red",
            trigger: "[data-gold-kiosk-verdict][data-gold-kiosk-verdict-level=warn]",
        },
        {
            content: "Finish the stage",
            trigger: "[data-gold-kiosk-action=finish]:enabled",
            run: "click",
        },
        {
            content: "Nothing is left to do at this stage",
            trigger: ".o_gold_kiosk_stage:not(:has([data-gold-kiosk-action]))",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_abnormal_en", {
    steps: () => abnormalSteps("en"),
});
registry.category("web_tour.tours").add("gold_mes_kiosk_abnormal_vi", {
    steps: () => abnormalSteps("vi"),
});
