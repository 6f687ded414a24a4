import { registry } from "@web/core/registry";

/**
 * A stage at a station (token URL, no login): the worker badges in, the weight
 * arrives pushed from the scale proxy's stream, the loss the pan would make shows
 * amber before the weigh-out, the stage is finished, and the station goes back to
 * "who are you" after its idle timeout. ``lang`` picks the numbers expected.
 */
const WORDS = {
    en: { in: "187.5000", out: "184.0000", loss: "3.5000", who: "Scan your badge" },
    vi: { in: "187,5000", out: "184,0000", loss: "3,5000", who: "Quẹt thẻ" },
};

function stationSteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "Scan the badge",
            trigger: "[data-gold-kiosk-badge]",
            run: "edit KIOSK001 && press Enter",
        },
        {
            content: "Open the casting stage",
            trigger: "[data-gold-kiosk-stage]:contains(Casting)",
            run: "click",
        },
        {
            content: "The weight is pushed to the page, stable",
            trigger: `.o_gold_kiosk_stable [data-gold-weight]:contains(${w.in})`,
            timeout: 20000,
        },
        {
            content: "Weigh in",
            trigger: "[data-gold-kiosk-action=in]:enabled",
            run: "click",
        },
        {
            content: "The weigh-in is recorded",
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
            content: "Before any tap: the loss this weight would make, amber (close to the tolerance)",
            trigger: `[data-gold-kiosk-preview=warn]:contains(${w.loss})`,
        },
        {
            content: "Weigh out",
            trigger: "[data-gold-kiosk-action=out]:enabled",
            run: "click",
        },
        {
            content: "The verdict: within the tolerance",
            trigger: `[data-gold-kiosk-verdict][data-gold-kiosk-verdict-level=ok]`,
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
        {
            content: "Untouched, the station goes back to 'who are you'",
            trigger: `.o_gold_kiosk_who h1:contains(${w.who})`,
            timeout: 20000,
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_station_en", {
    steps: () => stationSteps("en"),
});
registry.category("web_tour.tours").add("gold_mes_kiosk_station_vi", {
    steps: () => stationSteps("vi"),
});
