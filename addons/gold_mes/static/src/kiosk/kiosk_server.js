import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

/**
 * The kiosk's one door to the server. Every screen calls ``gold.kiosk``'s public
 * ``kiosk_*`` methods and the scale routes through it, never ``orm`` or ``rpc``
 * directly, so the same screens run in the backend (a logged-in user) and on a
 * station (a token URL, no login), where only this class changes its road.
 */
export class KioskServer {
    constructor(orm) {
        this.orm = orm;
    }

    /** ``gold.kiosk.<method>(*args, **kwargs)``: a ``kiosk_*`` method only. */
    call(method, args = [], kwargs = {}) {
        if (!method.startsWith("kiosk_")) {
            throw new Error(`not a kiosk method: ${method}`);
        }
        return this.orm.call("gold.kiosk", method, args, kwargs);
    }

    /** A scale route: ``/gold_mes/scale/<id>/<action>`` (read, weigh, tare, ...). */
    scale(scaleId, action, params = {}, options = {}) {
        return rpc(`/gold_mes/scale/${scaleId}/${action}`, params, options);
    }
}

/**
 * The kiosk's screens beyond the stages, each in its own folder: an entry
 * ``{ sequence, label, icon, Component, offered(kiosk) }`` in this category. The
 * kiosk shows a tile for each one ``offered`` to the signed-in worker, and renders
 * its ``Component`` with the prop ``kiosk`` (the GoldKiosk: ``server``, ``state.employee``,
 * ``serialized()``, ``say()``, ``grams()``, ``compound()``, ``home()``).
 */
export const kioskScreens = registry.category("gold_kiosk_screens");
