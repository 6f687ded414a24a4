import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";
import { onWillStart } from "@odoo/owl";

// Exact decimal arithmetic on strings: weights are scaled to integers of
// 10^-SCALE gram (every unit's definition has at most 8 decimals).
const SCALE = 9;
const ONE = 10n ** BigInt(SCALE);

export function toScaled(text) {
    const [whole, frac = ""] = String(text).replace(",", ".").split(".");
    const negative = whole.trim().startsWith("-");
    const digits = (frac + "0".repeat(SCALE)).slice(0, SCALE);
    const value = BigInt(whole.replace("-", "") || "0") * ONE + BigInt(digits || "0");
    return negative ? -value : value;
}

function scaledToString(value, decimals) {
    const negative = value < 0n;
    const abs = negative ? -value : value;
    const step = 10n ** BigInt(SCALE - decimals);
    const rounded = (abs + step / 2n) / step;
    const whole = rounded / 10n ** BigInt(decimals);
    let frac = (rounded % 10n ** BigInt(decimals)).toString().padStart(decimals, "0");
    frac = frac.replace(/0+$/, "");
    return (negative ? "-" : "") + whole.toString() + (frac ? "." + frac : "");
}

/** The trade's compound form of a weight in grams: 1 lượng 2 chỉ 3 phân 4 ly. */
export function formatCompound(grams, units) {
    let rest = toScaled(grams);
    if (!units.length || rest === 0n) {
        return "";
    }
    const negative = rest < 0n;
    rest = negative ? -rest : rest;
    const parts = [];
    units.forEach((unit, index) => {
        const size = toScaled(unit.grams);
        if (index === units.length - 1) {
            // the smallest unit carries the remainder with two decimals
            const value = scaledToString((rest * ONE) / size, 2);
            if (value !== "0") {
                parts.push(`${value} ${unit.symbol}`);
            }
        } else {
            const count = rest / size;
            rest -= count * size;
            if (count) {
                parts.push(`${count} ${unit.symbol}`);
            }
        }
    });
    return (negative ? "−" : "") + parts.join(" ");
}

function normalize(text) {
    return text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/đ/g, "d")
        .toLowerCase()
        .trim();
}

/** Grams (string) from "1 lượng 2 chỉ", "46,275 g", "3.5 chi"; null if not a weight. */
export function parseCompound(text, allUnits) {
    const aliases = new Map();
    for (const unit of allUnits) {
        for (const alias of unit.aliases) {
            aliases.set(normalize(alias), unit);
        }
    }
    const pattern = /(\d+(?:[.,]\d+)?)\s*([^\d\s.,]+(?:\s[^\d\s.,]+)?)/gy;
    const source = normalize(text);
    let total = 0n;
    let found = false;
    let match;
    let position = 0;
    while (position < source.length) {
        while (source[position] === " ") {
            position++;
        }
        if (position >= source.length) {
            break;
        }
        pattern.lastIndex = position;
        match = pattern.exec(source);
        if (!match) {
            return null;
        }
        const unit = aliases.get(match[2].trim());
        if (!unit) {
            return null;
        }
        total += (toScaled(match[1]) * toScaled(unit.grams)) / ONE;
        found = true;
        position = pattern.lastIndex;
    }
    return found ? scaledToString(total, 4) : null;
}

let tablePromise = null;

export class GoldWeightField extends FloatField {
    static template = "gold_units.GoldWeightField";

    setup() {
        super.setup();
        onWillStart(async () => {
            // shared by every gold weight field: asked through the unprotected service,
            // since a protected call never resolves once the field that made it is
            // destroyed, and every later field would wait on it forever
            tablePromise ||= this.env.services.orm.call("uom.uom", "gold_display_table", []);
            this.table = await tablePromise;
        });
    }

    parse(value) {
        const text = String(value).trim();
        if (!text || /^-?[\d\s.,]+$/.test(text)) {
            return super.parse(value);
        }
        const grams = parseCompound(text, this.table.units);
        if (grams === null) {
            throw new Error(_t("%s is not a weight", text));
        }
        return Number(grams);
    }

    get compound() {
        const value = this.value;
        if (!this.table || !value) {
            return "";
        }
        return formatCompound(value.toFixed(4), this.table.display_units);
    }
}

export const goldWeightField = {
    ...floatField,
    component: GoldWeightField,
    displayName: _t("Gold weight"),
};

registry.category("fields").add("gold_weight", goldWeightField);
