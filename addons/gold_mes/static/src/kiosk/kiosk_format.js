import { localization } from "@web/core/l10n/localization";
import { formatFloat } from "@web/views/fields/formatters";
import { toScaled } from "@gold_units/gold_weight_field/gold_weight_field";

// The Gold Weight decimal precision: every gram figure of the kiosk has 4 places.
export const GOLD_DIGITS = [16, 4];
const SCALE = 12; // toScaled() works in 10^-12 g
const ONE = 10n ** BigInt(SCALE);
const PLACES = 4; // the smallest unit of the compound form, as the backend writes it

/** Grams (a decimal string) as the user's language writes them: 1.234,5000 in vi. */
export function formatGrams(grams) {
    if (grams === null || grams === undefined || grams === "") {
        return "";
    }
    // display only: 4 decimals of a weight under a tonne are exact in a double
    return formatFloat(Number(grams), { digits: GOLD_DIGITS });
}

/** A scaled integer as text with at most ``places`` decimals, HALF-UP, no trailing zeros. */
function scaledText(value, places) {
    const step = 10n ** BigInt(SCALE - places);
    const rounded = (value + step / 2n) / step;
    const whole = rounded / 10n ** BigInt(places);
    const frac = (rounded % 10n ** BigInt(places))
        .toString()
        .padStart(places, "0")
        .replace(/0+$/, "");
    return whole.toString() + (frac ? localization.decimalPoint + frac : "");
}

/**
 * The trade's compound form (5 lượng 3,3333 ly), rounded like the backend's
 * (4 places of the smallest unit) and written with the user's decimal sign.
 */
export function formatCompound(grams, units) {
    if (!grams || !units || !units.length) {
        return "";
    }
    let rest = toScaled(grams);
    if (rest === 0n) {
        return "";
    }
    const negative = rest < 0n;
    rest = negative ? -rest : rest;
    // round the whole weight to the smallest unit's places first, as the backend does
    const smallest = toScaled(units[units.length - 1].grams);
    const quantum = smallest / 10n ** BigInt(PLACES) || 1n;
    rest = ((rest + quantum / 2n) / quantum) * quantum;
    const parts = [];
    units.forEach((unit, index) => {
        const size = toScaled(unit.grams);
        if (index === units.length - 1) {
            if (rest) {
                parts.push(`${scaledText((rest * ONE) / size, PLACES)} ${unit.symbol}`);
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

/** Is this decimal string a weight above zero? */
export function isPositive(grams) {
    return Boolean(grams) && toScaled(grams) > 0n;
}
