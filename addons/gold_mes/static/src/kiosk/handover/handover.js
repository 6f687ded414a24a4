import { _t } from "@web/core/l10n/translation";
import { Component, onWillStart, useState } from "@odoo/owl";
import { kioskScreens } from "../kiosk_server";
import { KioskLiveWeight, KioskWeigher } from "../live_weight/live_weight";

/**
 * A handover at one balance: the signed-in worker (A) picks the stage, the worker
 * who receives (B), the pieces and their state; A's gold is weighed out and A
 * confirms with their badge or PIN, then B weighs it in and confirms with theirs.
 * Both see the same live weight; a difference beyond the balance's readability
 * opens the dispute (the server decides: gold.kiosk.kiosk_handover_*).
 */
export class KioskHandover extends Component {
    static template = "gold_mes.KioskHandover";
    static components = { KioskLiveWeight };
    static props = { kiosk: Object };

    setup() {
        this.kiosk = this.props.kiosk;
        this.kstate = useState(this.kiosk.state);
        this.state = useState({
            stages: [],
            receivers: [],
            stage: null,
            receiver: null,
            qty: "",
            note: "",
            handover: null,
            secret: "",
        });
        this.weigher = new KioskWeigher(this.kiosk);
        onWillStart(() => this.load());
    }

    async load() {
        const answer = await this.kiosk.server.call("kiosk_handover_options", [
            this.kstate.employee.id,
        ]);
        this.state.stages = answer.stages;
        this.state.receivers = answer.receivers;
    }

    pickStage(stage) {
        this.state.stage = stage;
        this.state.qty = stage.qty ? String(stage.qty) : "";
    }

    pickReceiver(receiver) {
        this.state.receiver = receiver;
    }

    get canStart() {
        return Boolean(this.state.stage && this.state.receiver) && !this.kstate.busy;
    }

    start() {
        this.kiosk.serialized(async () => {
            this.weigher.forget();
            this.state.handover = await this.kiosk.server.call("kiosk_handover_start", [], {
                employee_id: this.kstate.employee.id,
                workorder_id: this.state.stage.id,
                to_employee_id: this.state.receiver.id,
                qty: this.state.qty || 0,
                note: this.state.note,
            });
            this.state.secret = "";
        });
    }

    /** Whose turn it is: the giver weighs out (draft), the receiver weighs in (sent). */
    get side() {
        const handover = this.state.handover;
        if (!handover) {
            return null;
        }
        return { draft: "out", sent: "in" }[handover.state] || null;
    }

    get turnName() {
        const handover = this.state.handover;
        return this.side === "out" ? handover.from.name : handover.to.name;
    }

    get canWeigh() {
        return (
            Boolean(this.kstate.reading) &&
            this.kiosk.readingWeighable &&
            !this.kstate.busy &&
            Boolean(this.state.secret.trim())
        );
    }

    confirm() {
        const handover = this.state.handover;
        const side = this.side;
        const scale = this.state.stage.scale;
        this.kiosk.serialized(async () => {
            this.state.handover = await this.weigher.weigh(
                `${handover.id}:${side}`,
                scale,
                (reading) =>
                    this.kiosk.server.call("kiosk_handover_confirm", [], {
                        handover_id: handover.id,
                        side,
                        scale_id: scale.id,
                        reading,
                        secret: this.state.secret.trim(),
                    })
            );
            this.state.secret = "";
            this.sayOutcome(this.state.handover);
        });
    }

    sayOutcome(handover) {
        const grams = (g) => `${this.kiosk.grams(g)} g`;
        if (handover.state === "sent") {
            this.kiosk.say(
                "success",
                _t("%(giver)s gave %(weight)s: %(taker)s, weigh it in and confirm.", {
                    giver: handover.from.name,
                    weight: grams(handover.weight_out),
                    taker: handover.to.name,
                })
            );
        } else if (handover.state === "done") {
            this.kiosk.say("success", _t("Handover received: both weights agree."));
        } else if (handover.state === "dispute") {
            this.kiosk.say(
                "danger",
                _t("The weights differ by %(difference)s: the handover is disputed and your supervisor is called.", {
                    difference: grams(handover.difference),
                })
            );
        }
    }

    again() {
        this.kiosk.serialized(async () => {
            Object.assign(this.state, { stage: null, receiver: null, qty: "", note: "", handover: null });
            await this.load();
        });
    }
}

kioskScreens.add("handover", {
    sequence: 20,
    label: _t("Handover"),
    icon: "fa-exchange",
    Component: KioskHandover,
    offered: (kiosk) => Boolean(kiosk.state.employee),
});
