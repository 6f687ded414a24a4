import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { LiveReading } from "./kiosk_live";

const POLL_MS = 700; // the backend client action still polls the scale route

/**
 * The kiosk's one door to the server. Every screen calls ``gold.kiosk``'s public
 * ``kiosk_*`` methods and the scale routes through it, never ``orm`` or ``rpc``
 * directly, so the same screens run in the backend (a logged-in user) and on a
 * station (a token URL, no login), where only this class changes its road: every
 * call then goes through ``/gold_mes/kiosk/<token>/...`` and the live weight is
 * pushed to the page (``watch``) instead of polled.
 */
export class KioskServer {
    /**
     * @param {Object} orm the ``orm`` service (backend)
     * @param {Object} [station] the station's info (``gold.kiosk.station._station_info``)
     * @param {Object} [services] the env's services (the bus, for a station on the bus)
     */
    constructor(orm, station = null, services = {}) {
        this.orm = orm;
        this.station = station;
        this.services = services;
        this.lastSigned = {}; // scale id: the last signed reading pushed (outbound)
    }

    get base() {
        return `/gold_mes/kiosk/${encodeURIComponent(this.station.token)}`;
    }

    /** ``gold.kiosk.<method>(*args, **kwargs)``: a ``kiosk_*`` method only. */
    call(method, args = [], kwargs = {}) {
        if (!method.startsWith("kiosk_")) {
            throw new Error(`not a kiosk method: ${method}`);
        }
        if (this.station) {
            return rpc(`${this.base}/call`, { method, args, kwargs });
        }
        return this.orm.call("gold.kiosk", method, args, kwargs);
    }

    /** A scale route: ``/gold_mes/scale/<id>/<action>`` (read, weigh, tare, ...). */
    scale(scaleId, action, params = {}, options = {}) {
        if (this.station) {
            if (["weigh", "capture"].includes(action) && this.station.live_mode === "outbound") {
                // Odoo cannot reach the balance: it records the signed reading pushed
                params = { ...params, reading: this.lastSigned[scaleId] || false };
            }
            return rpc(`${this.base}/scale/${scaleId}/${action}`, params, options);
        }
        return rpc(`/gold_mes/scale/${scaleId}/${action}`, params, options);
    }

    /**
     * Follow the live weight of a balance: ``onAnswer({ ok, reading } | { ok: false,
     * error })`` at each reading; returns a function that stops. Pushed on a station
     * (the proxy's stream or Odoo's bus, as the station is set), polled in the backend.
     */
    watch(scaleId, onAnswer) {
        if (this.station) {
            const live = new LiveReading(this, scaleId, (answer) => {
                if (answer.ok && answer.reading && answer.reading.signature) {
                    this.lastSigned[scaleId] = answer.reading;
                }
                onAnswer(answer);
            });
            live.start();
            return () => live.stop();
        }
        let stopped = false;
        const poll = async () => {
            try {
                const answer = await this.scale(scaleId, "read", {}, { silent: true });
                if (!stopped) {
                    onAnswer(answer);
                }
            } catch {
                if (!stopped) {
                    onAnswer({ ok: false, error: "server" });
                }
            }
        };
        poll();
        const timer = setInterval(poll, POLL_MS);
        return () => {
            stopped = true;
            clearInterval(timer);
        };
    }

    /** The worker leaves: a station forgets who identified there. */
    signOut() {
        return this.station ? rpc(`${this.base}/signout`, {}) : Promise.resolve(true);
    }

    /** Does this kiosk offer this screen? (a station offers the ones it is set with) */
    offers(screen) {
        return !this.station || this.station.screens.includes(screen);
    }
}

/**
 * The kiosk's screens beyond the stages, each in its own folder: an entry
 * ``{ sequence, label, icon, Component, offered(kiosk) }`` in this category. The
 * kiosk shows a tile for each one ``offered`` to the signed-in worker, and renders
 * its ``Component`` with the prop ``kiosk`` (the GoldKiosk: ``server``, ``state.employee``,
 * ``serialized()``, ``say()``, ``grams()``, ``compound()``, ``home()``). On a station
 * only the screens it is set with are shown (its key: safe, handover, casting,
 * day_close); ``kiosk.station`` is the station's info (null in the backend).
 */
export const kioskScreens = registry.category("gold_kiosk_screens");
