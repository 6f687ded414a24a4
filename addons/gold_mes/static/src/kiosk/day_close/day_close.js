import { _t } from "@web/core/l10n/translation";
import { Component, onWillStart, useState } from "@odoo/owl";
import { kioskScreens } from "../kiosk_server";
import { KioskLiveWeight, KioskWeigher } from "../live_weight/live_weight";

/**
 * The day close at the kiosk: the signed-in worker puts all the gold they hold on
 * the day's balance and weighs it; that signed reading is their count.  The count
 * is blind: what the ledger says they hold shows only once they have weighed.
 */
export class KioskDayClose extends Component {
    static template = "gold_mes.KioskDayClose";
    static components = { KioskLiveWeight };
    static props = { kiosk: Object };

    setup() {
        this.kiosk = this.props.kiosk;
        this.kstate = useState(this.kiosk.state);
        this.state = useState({ card: null });
        this.weigher = new KioskWeigher(this.kiosk);
        onWillStart(async () => {
            this.state.card = await this.kiosk.server.call("kiosk_day_line", [
                this.kstate.employee.id,
            ]);
        });
    }

    get canWeigh() {
        return Boolean(this.kstate.reading) && this.kiosk.readingWeighable && !this.kstate.busy;
    }

    get statusClass() {
        const line = this.state.card.line;
        return (
            { ok: "alert-success", explained: "alert-warning", unexplained: "alert-danger" }[
                line && line.status
            ] || "alert-info"
        );
    }

    weigh() {
        const card = this.state.card;
        this.kiosk.serialized(async () => {
            this.state.card = await this.weigher.weigh(`day:${card.line.id}`, card.scale, (reading) =>
                this.kiosk.server.call("kiosk_day_count", [], {
                    employee_id: this.kstate.employee.id,
                    scale_id: card.scale.id,
                    reading,
                })
            );
            const counted = this.state.card.line.counted_g;
            this.kiosk.say(
                "success",
                _t("Counted: %(weight)s g = %(compound)s", {
                    weight: this.kiosk.grams(counted),
                    compound: this.kiosk.compound(counted),
                })
            );
        });
    }
}

kioskScreens.add("day_close", {
    sequence: 90,
    label: _t("Day close"),
    icon: "fa-moon-o",
    Component: KioskDayClose,
    offered: (kiosk) => Boolean(kiosk.state.employee),
});
