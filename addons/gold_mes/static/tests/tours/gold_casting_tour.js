import { registry } from "@web/core/registry";

/**
 * The caster at the kiosk: the batch's recipe, each component weighed on the balance
 * against its line (one first weighed 1 g heavy: red, weighed again), the resulting
 * fineness before pouring, then the pour. ``lang`` picks the words and numbers.
 */
const WORDS = {
    en: { alloy: "Master alloy", off: "off its line", fineness: "750.97", ok: "Ready to pour" },
    vi: { alloy: "Hợp kim chủ", off: "lệch khỏi dòng", fineness: "750,97", ok: "Sẵn sàng rót" },
};

function weighStep(component) {
    return {
        content: `Weigh ${component} once the balance reads it within the line`,
        trigger:
            `.o_gold_casting_mix:has(.o_gold_casting_line_name:contains(${component}))` +
            ":has([data-gold-kiosk-off=false]) [data-gold-kiosk-action=weigh]:enabled",
        run: "click",
    };
}

function castingTour(lang) {
    const words = WORDS[lang];
    return () => [
        {
            content: "Scan the badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "Open the casting mix",
            trigger: "[data-gold-kiosk-screen=casting]",
            run: "click",
        },
        {
            content: "Choose the batch",
            trigger: "[data-gold-kiosk-casting-batch]:contains(MO-CAST-TOUR)",
            run: "click",
        },
        {
            content: "The recipe has its four components",
            trigger: ".o_gold_casting_recipe:has(tbody tr[data-gold-kiosk-mix-line]:nth-child(4))",
        },
        {
            content: "The grain on the pan is 1 g over its line: red",
            trigger:
                ".o_gold_casting_off:has(.o_gold_casting_line_name:contains(Gold 18K grain))" +
                " [data-gold-kiosk-off=true]",
        },
        {
            content: "Weigh it anyway",
            trigger: "[data-gold-kiosk-action=weigh]:enabled",
            run: "click",
        },
        {
            content: "The kiosk says it is off its line, the row is red",
            trigger: `.o_gold_kiosk_message.alert-danger:contains(${words.off})`,
        },
        {
            content: "The row of the grain is red",
            trigger: ".o_gold_casting_recipe tr.table-danger:contains(Gold 18K grain)",
        },
        {
            content: "Pouring is not offered",
            trigger: "[data-gold-kiosk-action=pour]:disabled",
        },
        weighStep("Gold 18K grain"),
        {
            content: "The grain is now within its line",
            trigger: ".o_gold_casting_recipe tr.table-success:contains(Gold 18K grain)",
        },
        weighStep("Scrap 14K"),
        weighStep("Fine gold 9999"),
        weighStep(words.alloy),
        {
            content: "The resulting fineness before pouring",
            trigger: `[data-gold-kiosk-figure=fineness]:contains(${words.fineness})`,
        },
        {
            content: "The mix is ready to pour",
            trigger: `[data-gold-kiosk-verdict-level=ok]:contains(${words.ok})`,
        },
        {
            content: "Pour",
            trigger: "[data-gold-kiosk-action=pour]:enabled",
            run: "click",
        },
        {
            content: "The mix is recorded as poured",
            trigger: "[data-gold-kiosk-casting-poured]",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_casting_en", { steps: castingTour("en") });
registry.category("web_tour.tours").add("gold_mes_kiosk_casting_vi", { steps: castingTour("vi") });
