import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/views/fields/formatters";
import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { toScaled } from "@gold_units/gold_weight_field/gold_weight_field";
import { refusalText } from "../kiosk";
import { kioskScreens } from "../kiosk_server";

const SCALE = 12n; // toScaled() works in 10^-12 g
const FOUR_PLACES = 10n ** (SCALE - 4n);

/** A scaled weight (10^-12 g) as a decimal string of 4 places, HALF-UP. */
function scaledGrams(value) {
    const negative = value < 0n;
    const abs = negative ? -value : value;
    const rounded = (abs + FOUR_PLACES / 2n) / FOUR_PLACES;
    const frac = (rounded % 10000n).toString().padStart(4, "0");
    return `${negative ? "-" : ""}${rounded / 10000n}.${frac}`;
}

/**
 * The casting mix at the kiosk: the batch's alloy recipe from the server, each
 * component weighed on the balance against its line and tolerance (red beyond),
 * the resulting fineness before pouring, then the pour. The server checks every
 * signed reading and decides what may be poured; this screen only renders.
 */
export class KioskCasting extends Component {
    static template = "gold_mes.KioskCasting";
    static props = { kiosk: Object };

    setup() {
        this.kiosk = this.props.kiosk;
        this.state = useState({ batches: [], mix: null, lineId: null, reading: null, scaleError: "" });
        onWillStart(() => this.loadBatches());
        onWillUnmount(() => this.stopPolling());
    }

    get server() {
        return this.kiosk.server;
    }

    async loadBatches() {
        this.state.batches = await this.server.call("kiosk_casting_batches", [
            this.kiosk.state.employee.id,
        ]);
    }

    openBatch(batch) {
        this.kiosk.serialized(async () => {
            this.showMix(await this.server.call("kiosk_casting_mix", [batch.id]));
            this.startPolling();
        });
    }

    backToBatches() {
        this.stopPolling();
        this.kiosk.serialized(async () => {
            this.state.mix = null;
            await this.loadBatches();
        });
    }

    showMix(mix) {
        this.state.mix = mix;
        const next = mix.lines.find((line) => !line.weighed || !line.within);
        this.state.lineId = next ? next.id : null;
    }

    selectLine(line) {
        if (this.state.mix.state === "draft") {
            this.state.lineId = line.id;
        }
    }

    get line() {
        const mix = this.state.mix;
        return (mix && mix.lines.find((line) => line.id === this.state.lineId)) || null;
    }

    // ------------------------------------------------------------ balance
    startPolling() {
        this.stopPolling();
        const scale = this.state.mix && this.state.mix.scale;
        if (!scale) {
            this.state.scaleError = _t("No balance is set for this work centre.");
            return;
        }
        // pushed on a station (its balance's stream or Odoo's bus), polled in the backend
        this.stopWatch = this.server.watch(scale.id, (answer) => {
            this.state.reading = answer.ok ? answer.reading : null;
            this.state.scaleError = answer.ok
                ? ""
                : answer.error === "server"
                  ? _t("The server is not answering: check the tablet's network")
                  : refusalText(answer);
        });
    }

    stopPolling() {
        if (this.stopWatch) {
            this.stopWatch();
            this.stopWatch = null;
        }
    }

    get readingGrams() {
        const reading = this.state.reading;
        return reading && reading.grams ? reading.grams : null;
    }

    get readingWeighable() {
        const reading = this.state.reading;
        return Boolean(
            reading && reading.stable && reading.capturable && this.readingGrams &&
                toScaled(this.readingGrams) > 0n
        );
    }

    /** The live reading against the selected line: {text, off} or null. */
    get liveDeviation() {
        const line = this.line;
        if (!line || !this.readingGrams) {
            return null;
        }
        const deviation = toScaled(this.readingGrams) - toScaled(line.planned);
        const abs = deviation < 0n ? -deviation : deviation;
        return {
            grams: scaledGrams(deviation),
            off: abs > toScaled(this.state.mix.tolerance),
        };
    }

    // ------------------------------------------------------------ actions
    weigh() {
        const mix = this.state.mix;
        const line = this.line;
        this.kiosk.serialized(async () => {
            const answer = await this.server.scale(mix.scale.id, "capture", { timeout: 10 });
            if (!answer.ok) {
                this.kiosk.say("danger", refusalText(answer));
                return;
            }
            const card = await this.server.call("kiosk_casting_weigh", [
                mix.id,
                line.id,
                this.kiosk.state.employee.id,
                mix.scale.id,
                answer.signed,
            ]);
            this.showMix(card);
            const weighed = card.lines.find((l) => l.id === line.id);
            if (weighed.within) {
                this.kiosk.say(
                    "success",
                    _t("%(name)s: %(grams)s g weighed", {
                        name: weighed.name,
                        grams: this.kiosk.grams(weighed.weighed),
                    })
                );
            } else {
                this.kiosk.say(
                    "danger",
                    _t("%(name)s is off its line by %(grams)s g: weigh it again", {
                        name: weighed.name,
                        grams: this.kiosk.grams(weighed.deviation),
                    })
                );
            }
        });
    }

    pour() {
        const mix = this.state.mix;
        this.kiosk.serialized(async () => {
            const card = await this.server.call("kiosk_casting_pour", [
                mix.id,
                this.kiosk.state.employee.id,
            ]);
            this.stopPolling();
            this.showMix(card);
            this.kiosk.say(
                "success",
                _t("Mix of %(batch)s poured at %(fineness)s ‰", {
                    batch: card.production,
                    fineness: this.fineness(card.fineness),
                })
            );
        });
    }

    tare() {
        const scale = this.state.mix.scale;
        this.kiosk.serialized(async () => {
            const answer = await this.server.scale(scale.id, "tare");
            this.kiosk.say(answer.ok ? "info" : "danger", answer.ok ? _t("Tared") : refusalText(answer));
        });
    }

    // ------------------------------------------------------------ display
    fineness(value) {
        return value === false || value === null ? "" : formatFloat(Number(value), { digits: [16, 2] });
    }

    /** A deviation with its sign: +0,1200 / −0,0100 (the user's decimal sign). */
    signed(grams) {
        const negative = String(grams).startsWith("-");
        const text = this.kiosk.grams(negative ? String(grams).slice(1) : grams);
        return toScaled(grams) === 0n ? text : `${negative ? "−" : "+"}${text}`;
    }

    verdictClass(mix) {
        return `alert-${mix.verdict_level}`;
    }

    rowClass(line) {
        return {
            o_gold_casting_selected: line.id === this.state.lineId,
            "table-danger": Boolean(line.weighed) && !line.within,
            "table-success": Boolean(line.weighed) && line.within,
        };
    }
}

kioskScreens.add("casting", {
    sequence: 20,
    label: _t("Casting mix"),
    icon: "fa-fire",
    Component: KioskCasting,
    offered: (kiosk) => Boolean(kiosk.state.employee),
});
