import { _t } from "@web/core/l10n/translation";
import { Component, onMounted, onWillUnmount, onWillUpdateProps, useState } from "@odoo/owl";
import { refusalText } from "../kiosk";

/**
 * The live weight of a balance, as the stage screen shows it: the kiosk's own
 * reading (``kiosk.startPolling(scale)`` fills ``kiosk.state.reading``), so a screen
 * of the registry follows whatever feeds the stage screen (polled or pushed).
 * The number carries ``data-gold-weight``.
 */
export class KioskLiveWeight extends Component {
    static template = "gold_mes.KioskLiveWeight";
    static props = {
        kiosk: Object,
        scale: { type: [Object, Boolean], optional: true },
        slots: { type: Object, optional: true },
    };

    setup() {
        // the kiosk's state, observed here: this panel renders at each new reading
        this.kstate = useState(this.props.kiosk.state);
        onMounted(() => this.listen(this.props.scale));
        onWillUpdateProps((next) => {
            if ((next.scale && next.scale.id) !== (this.props.scale && this.props.scale.id)) {
                this.listen(next.scale);
            }
        });
        onWillUnmount(() => this.props.kiosk.stopPolling());
    }

    listen(scale) {
        this.kstate.reading = null;
        this.props.kiosk.startPolling(scale || null);
    }
}

function newKey() {
    const random = crypto.getRandomValues(new Uint32Array(4));
    return "kiosk-" + Array.from(random, (n) => n.toString(16)).join("");
}

/**
 * Weighing for a screen of the registry: the balance's next stable signed reading
 * from the scale route (``capture``), handed to a ``kiosk_*`` method with a key.
 * The same reading and key go again on a retry (the answer lost on the way), so
 * the server answers with the first line; a refusal of the server drops them.
 */
export class KioskWeigher {
    constructor(kiosk) {
        this.kiosk = kiosk;
        this.pending = {};
    }

    async weigh(slot, scale, record) {
        if (!scale) {
            throw new KioskRefusal(_t("No balance is set for this screen: call your supervisor."));
        }
        let pending = this.pending[slot];
        if (!pending) {
            const answer = await this.kiosk.server.scale(scale.id, "capture", { timeout: 10 });
            if (!answer.ok) {
                throw new KioskRefusal(refusalText(answer));
            }
            pending = this.pending[slot] = { key: newKey(), reading: answer.signed };
        }
        try {
            const result = await record(pending.reading, pending.key);
            delete this.pending[slot];
            return result;
        } catch (error) {
            if (error && error.exceptionName) {
                delete this.pending[slot]; // the server answered: weigh afresh next time
            }
            throw error;
        }
    }

    forget() {
        this.pending = {};
    }
}

/** A refusal in operator words, shown as the kiosk shows the server's. */
export class KioskRefusal extends Error {
    constructor(text) {
        super(text);
        this.exceptionName = "kiosk_refusal";
        this.data = { message: text };
    }
}
