import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const FIELD = 'div[name="gold_weight"]';

function type(text) {
    return {
        content: `Type ${text}`,
        trigger: `${FIELD} input`,
        run: `edit ${text} && click body`,
    };
}

function refused(text, says) {
    return [
        type(text),
        {
            content: `${text} is refused and the message says why (${says})`,
            trigger: `${FIELD} .o_gold_weight_error:contains("${says}")`,
        },
        {
            content: "No stale compound text beside a refused weight",
            trigger: `${FIELD}:not(:has(.o_gold_weight_compound))`,
        },
    ];
}

function accepted(text, compound) {
    return [
        type(text),
        {
            content: `${text} reads ${compound}`,
            trigger: `${FIELD} .o_gold_weight_compound:contains("${compound}")`,
        },
        {
            content: "No message beside an accepted weight",
            trigger: `${FIELD}:not(:has(.o_gold_weight_error))`,
        },
    ];
}

// Type weights the way the trade says them and the way the user's language writes
// numbers; what could be read two ways is refused with a message saying how to write it.
function weightSteps({ decimal, ambiguous, wrongSign, ambiguousSays, saved }) {
    return [
        {
            content: "Gold weight field shows grams and the compound form",
            trigger: `${FIELD} .o_gold_weight_compound:contains("1 lượng 2 chỉ 3 phân 4 ly")`,
        },
        ...refused(ambiguous, ambiguousSays),
        ...refused(ambiguous, "46275"),
        ...accepted("1 lượng", "1 lượng"),
        ...refused(wrongSign[0], wrongSign[1]),
        ...refused("abc", "abc"),
        ...refused("-2 chỉ", "-2 chỉ"),
        ...refused("1.2.3", "1.2.3"),
        ...accepted(decimal, "1 lượng 2 chỉ 3 phân 4 ly"),
        ...accepted("1 lượng 2 chỉ", "1 lượng 2 chỉ"),
        {
            content: "45 g = 1 lượng 2 chỉ",
            trigger: `${FIELD} .o_gold_weight_compound:contains("1 lượng 2 chỉ"):not(:contains("phân"))`,
        },
        ...stepUtils.saveForm(),
        {
            content: "Stored as 45 grams",
            trigger: `${FIELD} input:value("${saved}")`,
        },
    ];
}

registry.category("web_tour.tours").add("gold_units_weight_widget", {
    steps: () =>
        weightSteps({
            decimal: "46.275",
            ambiguous: "46,275",
            ambiguousSays: "46.275 for a decimal",
            wrongSign: ["0,0001", "write 0.0001"],
            saved: "45.0000",
        }),
});

registry.category("web_tour.tours").add("gold_units_weight_widget_vi", {
    steps: () =>
        weightSteps({
            decimal: "46,275",
            ambiguous: "46.275",
            ambiguousSays: "46,275",
            wrongSign: ["0.0001", "0,0001"],
            saved: "45,0000",
        }),
});

// Quantities: pieces read as pieces, gold keeps its digits.
registry.category("web_tour.tours").add("gold_units_quantity_digits", {
    steps: () => [
        {
            content: "100 pieces read 100.00",
            trigger: 'td[name="qty"]:contains("100.00"):not(:contains("100.000"))',
        },
        {
            content: "A gold quantity keeps its four decimals",
            trigger: 'td[name="qty"]:contains("46.2751")',
        },
    ],
});
