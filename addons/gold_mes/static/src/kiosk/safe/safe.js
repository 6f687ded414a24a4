import { _t } from "@web/core/l10n/translation";
import { Component, onWillStart, useState } from "@odoo/owl";
import { kioskScreens } from "../kiosk_server";
import { KioskLiveWeight, KioskWeigher } from "../live_weight/live_weight";

const KIND_LABELS = {
    issue: _t("Issue gold"),
    return: _t("Return to safe"),
};

/**
 * The safe's station: the safe keeper picks a batch, weighs the gold on the
 * safe's balance and issues it to the batch (or takes back what its last stage
 * weighed out), confirming each time with their badge or PIN.  The rules are the
 * server's (gold.kiosk.kiosk_safe_*: the backend's Issue Gold wizard).
 */
export class KioskSafe extends Component {
    static template = "gold_mes.KioskSafe";
    static components = { KioskLiveWeight };
    static props = { kiosk: Object };

    setup() {
        this.kiosk = this.props.kiosk;
        this.kstate = useState(this.kiosk.state);
        this.state = useState({ batches: [], scale: false, batch: null, secret: "" });
        this.weigher = new KioskWeigher(this.kiosk);
        onWillStart(() => this.load());
    }

    get employeeId() {
        return this.kstate.employee.id;
    }

    async load() {
        const answer = await this.kiosk.server.call("kiosk_safe_batches", [this.employeeId]);
        this.state.batches = answer.batches;
        this.state.scale = answer.scale;
    }

    kindLabel(kind) {
        return KIND_LABELS[kind] || kind;
    }

    openBatch(batch) {
        this.weigher.forget();
        this.state.batch = batch;
        this.state.secret = "";
        this.kiosk.say("info", _t("Place the gold on the balance, then confirm with your badge or PIN."));
    }

    backToBatches() {
        this.kiosk.serialized(async () => {
            this.state.batch = null;
            await this.load();
        });
    }

    get canWeigh() {
        return (
            Boolean(this.kstate.reading) &&
            this.kiosk.readingWeighable &&
            !this.kstate.busy &&
            Boolean(this.state.secret.trim())
        );
    }

    weigh(kind) {
        const batch = this.state.batch;
        this.kiosk.serialized(async () => {
            const answer = await this.weigher.weigh(
                `${batch.id}:${kind}`,
                this.state.scale,
                (reading, key) =>
                    this.kiosk.server.call("kiosk_safe_weigh", [], {
                        employee_id: this.employeeId,
                        production_id: batch.id,
                        kind,
                        scale_id: this.state.scale.id,
                        reading,
                        secret: this.state.secret.trim(),
                        idempotency_key: key,
                    })
            );
            this.state.batch = answer.batch;
            this.state.secret = "";
            const net = answer.weighing.net_g;
            this.kiosk.say(
                "success",
                `${this.kindLabel(kind)} · ${batch.name}: ${this.kiosk.grams(net)} g = ${this.kiosk.compound(net)}`
            );
        });
    }
}

kioskScreens.add("safe", {
    sequence: 10,
    label: _t("Safe"),
    icon: "fa-lock",
    Component: KioskSafe,
    offered: (kiosk) => Boolean(kiosk.state.employee && kiosk.state.employee.gold_safe_keeper),
});
