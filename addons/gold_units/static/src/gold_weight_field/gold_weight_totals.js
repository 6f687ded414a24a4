import { patch } from "@web/core/utils/patch";
import { ListArchParser } from "@web/views/list/list_arch_parser";

/**
 * A list's total of a gold weight shows the weight's own digits (the 'Gold Weight'
 * decimal precision, 0.1 mg): Odoo formats the footer of an ungrouped list with the
 * column's `digits` attribute only, so 267.1875 g would read 267.19. Columns with the
 * gold_weight widget get their field's digits as that attribute unless the view sets one.
 */
patch(ListArchParser.prototype, {
    parse(xmlDoc, models, modelName) {
        const archInfo = super.parse(...arguments);
        const fields = models[modelName].fields;
        for (const column of archInfo.columns) {
            const digits = column.type === "field" && fields[column.name]?.digits;
            if (column.widget === "gold_weight" && digits && !column.attrs.digits) {
                column.attrs = { ...column.attrs, digits: JSON.stringify(digits) };
            }
        }
        return archInfo;
    },
});
