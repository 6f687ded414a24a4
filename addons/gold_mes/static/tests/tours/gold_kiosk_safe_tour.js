import { registry } from "@web/core/registry";

// The safe keeper badges in, opens the safe, issues 187.5 g to the new batch and
// takes back the 187.5 g the finished batch's last stage weighed out, confirming each
// with their PIN; every weight comes from the pty balance, in the user's numbers.
const WORDS = {
    en: { weight: "187.5000", issued: "Issued", returned: "Returned to the safe" },
    vi: { weight: "187,5000", issued: "Đã xuất", returned: "Đã trả về két" },
};

function safeSteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "The safe keeper scans their badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit SAFE001 && press Enter",
        },
        {
            content: "Open the safe",
            trigger: "[data-gold-kiosk-screen=safe]",
            run: "click",
        },
        {
            content: "The new batch (the newest but one)",
            trigger: "[data-gold-kiosk-batch]:eq(1)",
            run: "click",
        },
        {
            content: "Issue is refused without a badge or PIN",
            trigger: `.o_gold_kiosk_stable [data-gold-weight]:contains(${w.weight})`,
            run() {
                const button = document.querySelector("[data-gold-kiosk-action=issue]");
                if (!button || !button.disabled) {
                    throw new Error("Issue must wait for the safe keeper's badge or PIN");
                }
                if (button.getBoundingClientRect().height < 56) {
                    throw new Error("Issue is less than 56px high");
                }
            },
        },
        {
            content: "The safe keeper types their PIN",
            trigger: "[data-gold-kiosk-secret]",
            run: "edit 2468",
        },
        {
            content: "Issue the gold",
            trigger: "[data-gold-kiosk-action=issue]:enabled",
            run: "click",
        },
        {
            content: "The batch shows the gold issued",
            trigger: `.o_gold_kiosk_figures:contains(${w.issued}) [data-gold-kiosk-figure=issued]:contains(${w.weight})`,
        },
        {
            content: "The message names the weight and its compound form",
            trigger: `.o_gold_kiosk_message.alert-success:contains(${w.weight} g = 5 lượng)`,
        },
        {
            content: "Back to the batches",
            trigger: "[data-gold-kiosk-back]",
            run: "click",
        },
        {
            content: "The finished batch (the newest) may return gold",
            trigger: "[data-gold-kiosk-batch]:first[data-gold-kiosk-batch-actions~=return]",
            run: "click",
        },
        {
            content: "The safe keeper types their PIN again",
            trigger: ".o_gold_kiosk_stable [data-gold-weight]",
            run() {
                const input = document.querySelector("[data-gold-kiosk-secret]");
                if (input.value) {
                    throw new Error("The PIN of the issue must not stay on the screen");
                }
            },
        },
        {
            content: "PIN",
            trigger: "[data-gold-kiosk-secret]",
            run: "edit 2468",
        },
        {
            content: "Return to the safe",
            trigger: "[data-gold-kiosk-action=return]:enabled",
            run: "click",
        },
        {
            content: "The batch shows the gold returned",
            trigger: `.o_gold_kiosk_figures:contains(${w.returned}) [data-gold-kiosk-figure=returned]:contains(${w.weight})`,
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_safe_en", { steps: () => safeSteps("en") });
registry.category("web_tour.tours").add("gold_mes_kiosk_safe_vi", { steps: () => safeSteps("vi") });
