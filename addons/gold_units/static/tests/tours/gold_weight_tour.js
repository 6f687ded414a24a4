import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Type a weight the way the trade says it; the widget stores grams and shows
// the compound form beside them.
registry.category("web_tour.tours").add("gold_units_weight_widget", {
    steps: () => [
        {
            content: "Gold weight field shows grams and the compound form",
            trigger: 'div[name="gold_weight"] .o_gold_weight_compound:contains("1 lượng")',
        },
        {
            content: "Enter 1 lượng 2 chỉ",
            trigger: 'div[name="gold_weight"] input',
            run: "edit 1 lượng 2 chỉ && click body",
        },
        {
            content: "45 g = 1 lượng 2 chỉ",
            trigger: 'div[name="gold_weight"] .o_gold_weight_compound:contains("1 lượng 2 chỉ"):not(:contains("phân"))',
        },
        ...stepUtils.saveForm(),
        {
            content: "Stored as 45 grams",
            trigger: 'div[name="gold_weight"] input:value("45.0000")',
        },
    ],
});
