import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { session } from "@web/session";
import { FloatField } from "@web/views/fields/float/float_field";
import { formatFloat } from "@web/views/fields/formatters";

// gold_units raises 'Product Unit of Measure' to the digits its gold units need
// (0.1 mg in lượng is six decimals); Odoo stores and compares every quantity with
// it.  A quantity is shown with the decimals it has, never fewer than Odoo's usual
// two: 100 pieces read 100.00, 46.2751 g keeps its four decimals.
const MINIMUM = 2;

/** The digits to show ``value`` with, for a field declared with ``digits``. */
export function shownDigits(value, digits) {
    const places = digits && digits[1];
    if (!places || places <= MINIMUM || places !== session.gold_quantity_digits) {
        return digits;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
        return digits;
    }
    const decimals = value.toFixed(places).split(".")[1].replace(/0+$/, "");
    return [digits[0], Math.max(MINIMUM, decimals.length)];
}

const formatters = registry.category("formatters");
const baseFormatFloat = formatters.get("float");

function formatQuantity(value, options = {}) {
    const digits = options.digits || options.field?.digits;
    return baseFormatFloat(value, { ...options, digits: shownDigits(value, digits) });
}
formatQuantity.extractOptions = baseFormatFloat.extractOptions;
formatters.add("float", formatQuantity, { force: true });

patch(FloatField.prototype, {
    get formattedValue() {
        const digits = this.props.digits || this.props.record.fields[this.props.name].digits;
        const shown = shownDigits(this.value, digits);
        if (
            shown === digits ||
            this.props.humanReadable ||
            !this.props.formatNumber ||
            this.props.inputType === "number"
        ) {
            return super.formattedValue;
        }
        return formatFloat(this.value, { digits: shown, humanReadable: false });
    },
});
