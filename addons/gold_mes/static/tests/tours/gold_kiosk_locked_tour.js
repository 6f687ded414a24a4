import { registry } from "@web/core/registry";

/**
 * A locked worker at a station (token URL, no login): after too many wrong PINs a
 * supervisor must unlock them, so even the right PIN opens nothing, and the screen
 * says so in operator words and stays on "who are you". ``lang`` picks the words.
 */
const WORDS = {
    en: { locked: "is locked", who: "Scan your badge" },
    vi: { locked: "bị khóa", who: "Quẹt thẻ" },
};

function lockedSteps(lang) {
    const w = WORDS[lang];
    return [
        {
            content: "The locked worker chooses their name",
            trigger: "[data-gold-kiosk-employee]:contains(Worker B)",
            run: "click",
        },
        {
            content: "and types the right PIN",
            trigger: "[data-gold-kiosk-pin]",
            run: "edit 4321 && press Enter",
        },
        {
            content: "Refused: locked, ask a supervisor (no URL, no error code)",
            trigger: `.o_gold_kiosk_message.alert-danger:contains(${w.locked})`,
        },
        {
            content: "Nobody signed in: still 'who are you', no stage listed",
            trigger: `.o_gold_kiosk_who h1:contains(${w.who})`,
        },
        {
            content: "No stage card is shown",
            trigger: "body:not(:has([data-gold-kiosk-stage]))",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_kiosk_locked_en", {
    steps: () => lockedSteps("en"),
});
registry.category("web_tour.tours").add("gold_mes_kiosk_locked_vi", {
    steps: () => lockedSteps("vi"),
});
