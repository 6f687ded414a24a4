import { rpc } from "@web/core/network/rpc";
import { toScaled } from "@gold_units/gold_weight_field/gold_weight_field";

const SILENT_MS = 3000; // no reading for this long: the balance is not answering
const RETRY_MS = 1500;

/**
 * The live weight on a station, pushed: the scale proxy's SSE stream opened with a
 * short-lived ticket from Odoo, or Odoo's bus (the station's channel), as the
 * station is set (``/gold_mes/kiosk/<token>/live`` says which).
 */
export class LiveReading {
    constructor(server, scaleId, onAnswer) {
        this.server = server;
        this.scaleId = scaleId;
        this.onAnswer = onAnswer;
        this.stopped = false;
        this.lastAt = 0;
    }

    async start() {
        this.stopped = false;
        this.watchdog = setInterval(() => this.checkSilence(), 1000);
        await this.connect();
    }

    async connect() {
        // nothing within SILENT_MS from now either: the operator is told
        this.lastAt = this.lastAt || Date.now();
        let info;
        try {
            info = await rpc(`${this.server.base}/live`, {}, { silent: true });
        } catch {
            this.retry();
            return;
        }
        if (this.stopped) {
            return;
        }
        if (info.mode === "proxy_sse") {
            this.openStream(info);
        } else if (info.mode === "bus") {
            this.listenBus(info);
        }
    }

    openStream(info) {
        const source = new EventSource(info.url);
        this.source = source;
        source.addEventListener("reading", (ev) => this.received(JSON.parse(ev.data)));
        source.addEventListener("status", (ev) => {
            const status = JSON.parse(ev.data);
            if (status.online === false) {
                this.onAnswer({ ok: false, error: "offline" });
            }
        });
        source.onerror = () => {
            // a dropped stream, or a ticket that expired: a new ticket, a new stream
            source.close();
            this.retry();
        };
        // renew the ticket before it expires (a reconnect would need a valid one)
        this.renewTimer = setTimeout(() => {
            source.close();
            this.connect();
        }, Math.max(30, info.ttl - 30) * 1000);
    }

    listenBus(info) {
        const bus = this.server.services.bus_service;
        this.channel = info.channel;
        bus.addChannel(info.channel);
        const onReading = (payload) => {
            if (payload.scale_id === this.scaleId) {
                this.received(payload.reading);
            }
        };
        bus.subscribe("gold_mes.reading", onReading);
        this.unsubscribe = () => bus.unsubscribe("gold_mes.reading", onReading);
        bus.start();
    }

    received(reading) {
        if (this.stopped) {
            return;
        }
        this.lastAt = Date.now();
        this.onAnswer({ ok: true, reading });
    }

    checkSilence() {
        if (!this.stopped && this.lastAt && Date.now() - this.lastAt > SILENT_MS) {
            this.lastAt = 0;
            this.onAnswer({ ok: false, error: "offline" });
        }
    }

    retry() {
        this.closeAll();
        if (!this.stopped) {
            this.retryTimer = setTimeout(() => this.connect(), RETRY_MS);
        }
    }

    closeAll() {
        clearTimeout(this.renewTimer);
        clearTimeout(this.retryTimer);
        if (this.source) {
            this.source.close();
            this.source = null;
        }
        if (this.unsubscribe) {
            this.unsubscribe();
            this.unsubscribe = null;
            this.server.services.bus_service.deleteChannel(this.channel);
        }
    }

    stop() {
        this.stopped = true;
        clearInterval(this.watchdog);
        this.closeAll();
    }
}

const QUANTUM = 10n ** 8n; // toScaled() is in 10^-12 g: 10^8 of it is 0.0001 g

function gramsText(scaled) {
    const negative = scaled < 0n;
    const abs = negative ? -scaled : scaled;
    const tenThousandths = (abs + QUANTUM / 2n) / QUANTUM;
    const frac = (tenThousandths % 10000n).toString().padStart(4, "0");
    return `${negative ? "-" : ""}${tenThousandths / 10000n}.${frac}`;
}

/**
 * The loss the weight on the pan would make at the weigh-out, and its colour,
 * from the thresholds the server gives with the stage (``card.preview``):
 * ``ok`` (green) up to ``amber``, ``warn`` (amber) up to ``allowed``, ``abnormal``
 * (red) beyond it or for a gain beyond the balance's readability. Exact: decimal
 * strings compared as integers, never floats.
 */
export function previewLoss(preview, grams) {
    if (!preview || grams === null || grams === undefined || grams === "") {
        return null;
    }
    const loss = toScaled(preview.in) - toScaled(preview.scrap) - toScaled(grams);
    let level = "ok";
    if (loss > toScaled(preview.allowed) || -loss > toScaled(preview.readability)) {
        level = "abnormal";
    } else if (loss > toScaled(preview.amber)) {
        level = "warn";
    }
    return { level, loss: gramsText(loss) };
}
