import { registry } from "@web/core/registry";

// Worker A, at the end of the day, puts all the gold they hold on the safe's balance
// and weighs it: their line of the day close is counted, in the user's numbers.
const WORDS = {
    en: { weight: "187.5000", notCounted: "Not Counted" },
    vi: { weight: "187,5000", notCounted: "Chưa kiểm" },
};

function daySteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "Worker A scans their badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "Open the day close",
            trigger: "[data-gold-kiosk-screen=day_close]",
            run: "click",
        },
        {
            content: "The line is not counted yet, and the ledger's figure is not shown",
            trigger: `[data-gold-kiosk-day-status=pending]:contains(${w.notCounted})`,
            run() {
                if (document.querySelector("[data-gold-kiosk-figure=held]")) {
                    throw new Error("The count is blind: no held figure before the weighing");
                }
            },
        },
        {
            content: "The gold on the pan, stable",
            trigger: `.o_gold_kiosk_stable [data-gold-weight]:contains(${w.weight})`,
        },
        {
            content: "Weigh my gold",
            trigger: "[data-gold-kiosk-action=count]:enabled",
            run: "click",
        },
        {
            content: "The count is recorded",
            trigger: `[data-gold-kiosk-figure=counted]:contains(${w.weight})`,
        },
        {
            content: "The line is counted",
            trigger: "[data-gold-kiosk-day-status]:not([data-gold-kiosk-day-status=pending])",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_day_en", { steps: () => daySteps("en") });
registry.category("web_tour.tours").add("gold_mes_kiosk_day_vi", { steps: () => daySteps("vi") });
