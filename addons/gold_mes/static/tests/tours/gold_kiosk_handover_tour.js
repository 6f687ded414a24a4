import { registry } from "@web/core/registry";

// Worker A hands the casting stage's gold to Worker B at the casting balance: A weighs
// out 187.5 g and confirms with their PIN, B weighs in 187.4 g and confirms with
// theirs; the 0.1 g difference is beyond the balance's readability: a dispute.
const WORDS = {
    en: { out: "187.5000", in: "187.4000", difference: "0.1000", callSupervisor: "Call your supervisor" },
    vi: { out: "187,5000", in: "187,4000", difference: "0,1000", callSupervisor: "Hãy gọi giám sát" },
};

function handoverSteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "Worker A scans their badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "Open the handover",
            trigger: "[data-gold-kiosk-screen=handover]",
            run: "click",
        },
        {
            content: "The casting stage",
            trigger: ".o_gold_kiosk_handover [data-gold-kiosk-stage]:contains(Casting)",
            run: "click",
        },
        {
            content: "To Worker B",
            trigger: "[data-gold-kiosk-receiver]:contains(Worker B)",
            run: "click",
        },
        {
            content: "100 pieces",
            trigger: "[data-gold-kiosk-pieces]",
            run: "edit 100",
        },
        {
            content: "Their state",
            trigger: "[data-gold-kiosk-pieces-state]",
            run: "edit cast, not filed",
        },
        {
            content: "Weigh the handover",
            trigger: "[data-gold-kiosk-action=handover]:enabled",
            run: "click",
        },
        {
            content: "Both see the stable weight",
            trigger: `.o_gold_kiosk_stable [data-gold-weight]:contains(${w.out})`,
        },
        {
            content: "A confirms with their PIN",
            trigger: "[data-gold-kiosk-secret]",
            run: "edit 1111",
        },
        {
            content: "Weigh out and confirm",
            trigger: "[data-gold-kiosk-action=handover_out]:enabled",
            run: "click",
        },
        {
            content: "Given is recorded",
            trigger: `[data-gold-kiosk-figure=out]:contains(${w.out})`,
        },
        {
            content: "B sees the gold back on the pan (the test places it)",
            trigger: `.o_gold_kiosk_stable [data-gold-weight]:contains(${w.in})`,
            timeout: 20000,
        },
        {
            content: "B confirms with their PIN",
            trigger: "[data-gold-kiosk-secret]",
            run: "edit 2222",
        },
        {
            content: "Weigh in and confirm",
            trigger: "[data-gold-kiosk-action=handover_in]:enabled",
            run: "click",
        },
        {
            content: "The dispute is red and calls the supervisor",
            trigger: `[data-gold-kiosk-verdict-level=abnormal].alert-danger:contains(${w.callSupervisor})`,
        },
        {
            content: "The difference in the user's numbers",
            trigger: `[data-gold-kiosk-figure=difference]:contains(${w.difference})`,
        },
        {
            content: "The handover is disputed",
            trigger: "[data-gold-kiosk-handover-state=dispute]",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_handover_en", {
    steps: () => handoverSteps("en"),
});
registry.category("web_tour.tours").add("gold_mes_kiosk_handover_vi", {
    steps: () => handoverSteps("vi"),
});
