import { _t } from "@web/core/l10n/translation";
import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";
import { onWillStart, onWillUpdateProps } from "@odoo/owl";

// Exact decimal arithmetic on strings: weights are scaled to integers of
// 10^-SCALE gram (every unit's definition has at most 10 decimals).
const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);
// A number of grams typed with more decimals than the ledger's 0.1 mg is refused.
const GRAM_PLACES = 4;

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

function unitKey(text) {
    return text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[đĐ]/g, "d")
        .toLowerCase()
        .replace(/[.\s]/g, "");
}

export class WeightInputError extends Error {}

function refuse(message) {
    throw new WeightInputError(message);
}

/**
 * A number written with the user's decimal sign, read one way only (the same
 * rule as gold_units.core.numbers.read_localized_number): the other sign only
 * groups thousands, and a lone group of three digits after it is ambiguous.
 * Returns the number as a plain string with "." as decimal mark.
 */
export function readLocalizedNumber(token, sign) {
    const group = sign === "," ? "." : ",";
    if (token.split(sign).length > 2) {
        refuse(
            _t('"%(number)s" has more than one decimal sign "%(sign)s": write one at most.', {
                number: token,
                sign,
            })
        );
    }
    let [whole, frac] = token.split(sign);
    const hasDecimal = frac !== undefined;
    if (hasDecimal && frac.includes(group)) {
        refuse(
            _t('"%(number)s": "%(group)s" cannot follow the decimal sign "%(sign)s".', {
                number: token,
                group,
                sign,
            })
        );
    }
    if (whole.includes(group)) {
        const [head, ...groups] = whole.split(group);
        const proper = head.length >= 1 && head.length <= 3 && groups.every((g) => g.length === 3);
        if (!proper && groups.length > 1) {
            refuse(
                _t(
                    '"%(number)s": "%(group)s" only groups thousands in threes (%(example)s) and the decimal sign is "%(sign)s".',
                    { number: token, group, sign, example: `1${group}250${group}000` }
                )
            );
        }
        if (!proper) {
            const meant = token.split(sign).join("").split(group).join(sign);
            refuse(
                _t('"%(number)s": the decimal sign is "%(sign)s" in your language: write %(meant)s.', {
                    number: token,
                    sign,
                    meant,
                })
            );
        }
        if (groups.length === 1 && !hasDecimal) {
            refuse(
                _t(
                    '"%(number)s" is ambiguous: the decimal sign is "%(sign)s" in your language. Write %(decimal)s for a decimal or %(whole)s for a whole number.',
                    {
                        number: token,
                        sign,
                        decimal: token.split(group).join(sign),
                        whole: token.split(group).join(""),
                    }
                )
            );
        }
        whole = head + groups.join("");
    }
    return hasDecimal ? `${whole}.${frac}` : whole;
}

const PART = /([-+−]?)\s*(\d+(?:[.,]\d+)*)([^\d+\-−]*)/g;
const JOINERS = /^[\s,;&+]*$/;

function stripJoiners(text) {
    return text.replace(/^[\s,;&+]+|[\s,;&+]+$/g, "");
}

/**
 * Grams (exact string, "." decimal mark) of a weight typed into a weight field:
 * the trade's compound forms (1 lượng 2 chỉ, 2 tael 3 mace) or a number in grams
 * with the user's decimal sign; a word several systems share (tael) means the
 * unit of ``displayUnits`` when it has one.  Throws a WeightInputError that says why.
 * The same rule as gold_units.core.compound.read_typed_weight.
 */
export function readTypedWeight(input, units, sign = ".", displayUnits = []) {
    const text = String(input).trim();
    const example = sign === "," ? "46,275" : "46.275";
    if (!/\d/.test(text)) {
        refuse(
            _t(
                '"%(text)s" is not a weight: write grams (%(example)s) or the trade\'s units (1 lượng 2 chỉ).',
                { text, example }
            )
        );
    }
    const pieces = [];
    let position = 0;
    for (const match of text.matchAll(PART)) {
        const gap = text.slice(position, match.index);
        if (!JOINERS.test(gap)) {
            refuse(
                _t(
                    'Cannot read "%(part)s" in "%(text)s": write grams (%(example)s) or the trade\'s units (1 lượng 2 chỉ).',
                    { part: gap.trim(), text, example }
                )
            );
        }
        if (match[1] === "-" || match[1] === "−") {
            refuse(_t("A weight cannot be negative: %(text)s.", { text }));
        }
        pieces.push({ number: match[2], word: stripJoiners(match[3]) });
        position = match.index + match[0].length;
    }
    const tail = text.slice(position);
    if (!JOINERS.test(tail)) {
        refuse(
            _t(
                'Cannot read "%(part)s" in "%(text)s": write grams (%(example)s) or the trade\'s units (1 lượng 2 chỉ).',
                { part: tail.trim(), text, example }
            )
        );
    }
    const byKey = unitsByKey(units, displayUnits);
    const gram = byKey.get("g");
    const read = pieces.map(({ number, word }) => {
        if (!word && pieces.length > 1) {
            refuse(_t('The number %(number)s has no unit in "%(text)s".', { number, text }));
        }
        const unit = word ? byKey.get(unitKey(word)) : gram;
        if (!unit) {
            refuse(_t('Unknown weight unit "%(unit)s" in "%(text)s".', { unit: word, text }));
        }
        return { value: readLocalizedNumber(number, sign), unit };
    });
    for (let index = 1; index < read.length; index++) {
        const bigger = read[index - 1].unit;
        const smaller = read[index].unit;
        if (bigger.system !== smaller.system) {
            refuse(
                _t('"%(text)s" mixes units of different systems (%(first)s, %(second)s).', {
                    text,
                    first: bigger.symbol,
                    second: smaller.symbol,
                })
            );
        }
        if (toScaled(bigger.grams) <= toScaled(smaller.grams)) {
            refuse(_t('"%(text)s": write the units from largest to smallest, each once.', { text }));
        }
    }
    if (read.length === 1 && read[0].unit === gram) {
        const decimals = (read[0].value.split(".")[1] || "").length;
        if (decimals > GRAM_PLACES) {
            refuse(
                _t('"%(text)s" is finer than the ledger\'s 0.1 mg: at most 4 decimals of a gram.', {
                    text,
                })
            );
        }
    }
    let total = 0n;
    for (const { value, unit } of read) {
        total += (toScaled(value) * toScaled(unit.grams)) / ONE;
    }
    return scaledToString(total, SCALE);
}

const keyCache = new WeakMap();

function unitsByKey(units, displayUnits) {
    if (!keyCache.has(units)) {
        // A shared word (tael, mace) means the display system's unit, else the
        // first in the table (the Hong Kong tael), as in core.
        const map = new Map();
        for (const unit of [...units].reverse().concat(displayUnits)) {
            for (const alias of unit.aliases) {
                map.set(unitKey(alias), unit);
            }
        }
        keyCache.set(units, map);
    }
    return keyCache.get(units);
}

/** The user's decimal sign: "." or "," (the language's, from the localization). */
export function decimalSign() {
    return localization.decimalPoint === "," ? "," : ".";
}

let tablePromise = null;

export class GoldWeightField extends FloatField {
    static template = "gold_units.GoldWeightField";

    setup() {
        super.setup();
        Object.assign(this.state, { error: "", typing: false });
        onWillStart(async () => {
            // shared by every gold weight field: asked through the unprotected service,
            // since a protected call never resolves once the field that made it is
            // destroyed, and every later field would wait on it forever
            tablePromise ||= this.env.services.orm.call("uom.uom", "gold_display_table", []);
            this.table = await tablePromise;
        });
        onWillUpdateProps((nextProps) => {
            if (nextProps.record !== this.props.record) {
                Object.assign(this.state, { error: "", typing: false });
            }
        });
    }

    onGoldInput() {
        // what is beside the field describes the stored value, not what is being typed
        this.state.typing = true;
    }

    parse(value) {
        const text = String(value).trim();
        if (!text) {
            Object.assign(this.state, { error: "", typing: false });
            return super.parse(value);
        }
        try {
            const grams = readTypedWeight(
                text,
                this.table.units,
                decimalSign(),
                this.table.display_units
            );
            Object.assign(this.state, { error: "", typing: false });
            return Number(grams);
        } catch (error) {
            Object.assign(this.state, { error: error.message, typing: false });
            throw error;
        }
    }

    get compound() {
        const value = this.value;
        if (!this.table || !value || this.state.error || this.state.typing) {
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
