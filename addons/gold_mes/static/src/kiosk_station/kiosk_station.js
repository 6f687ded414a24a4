import { App, Component, whenReady, xml } from "@odoo/owl";
import { makeEnv, startServices } from "@web/env";
import { getTemplate } from "@web/core/templates";
import { _t } from "@web/core/l10n/translation";
import { MainComponentsContainer } from "@web/core/main_components_container";
import { GoldKiosk } from "@gold_mes/kiosk/kiosk";

/** The station's page: the kiosk and Odoo's overlays (notifications, tours). */
class GoldKioskStation extends Component {
    static template = xml`
        <div class="o_gold_kiosk_station h-100">
            <GoldKiosk station="props.station"/>
            <MainComponentsContainer/>
        </div>`;
    static components = { GoldKiosk, MainComponentsContainer };
    static props = ["station"];
}

/** Mount the kiosk for a station (``gold_mes.gold_kiosk_station_page``). */
export async function startStation(station) {
    await whenReady();
    const env = makeEnv();
    await startServices(env);
    const app = new App(GoldKioskStation, {
        getTemplate,
        env,
        props: { station },
        dev: env.debug,
        translateFn: _t,
        translatableAttributes: ["data-tooltip"],
    });
    return app.mount(document.body);
}
