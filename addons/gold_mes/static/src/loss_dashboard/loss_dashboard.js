import { loadBundle } from "@web/core/assets";
import { DateTimeInput } from "@web/core/datetime/datetime_input";
import { deserializeDate, formatDate, serializeDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { COLOURS, limitsConfig, number, scatterConfig } from "./loss_dashboard_charts";

/**
 * The owner's loss dashboard: the workers of a work centre placed on speed against
 * loss, and the centre's (or a worker's) loss over time against its limits.
 * The server (gold.loss.dashboard.get_dashboard) decides every figure, quadrant and
 * flag; this component draws them with Chart.js.
 */
export class GoldLossDashboard extends Component {
    static template = "gold_mes.GoldLossDashboard";
    static props = ["*"];
    static components = { DateTimeInput };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.scatterRef = useRef("scatter");
        this.limitsRef = useRef("limits");
        this.charts = [];
        this.state = useState({
            data: null,
            loading: true,
            error: false,
            filters: { date_from: false, date_to: false, workcenter_id: false, employee_id: false },
        });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        useEffect(
            () => {
                this.renderCharts();
                return () => this.destroyCharts();
            },
            () => [this.state.data]
        );
        onWillUnmount(() => this.destroyCharts());
    }

    async load() {
        this.state.loading = true;
        try {
            const data = await this.orm.call("gold.loss.dashboard", "get_dashboard", [], {
                ...this.state.filters,
            });
            this.state.error = false;
            this.state.data = data;
            Object.assign(this.state.filters, {
                date_from: data.date_from,
                date_to: data.date_to,
                workcenter_id: data.workcenter_id,
                employee_id: data.employee_id,
            });
        } catch (error) {
            // a refused filter (a bad period): say why, keep the last charts and show
            // the filters they were drawn for
            this.state.error = error.data?.message || error.message || String(error);
            const shown = this.state.data;
            if (shown) {
                Object.assign(this.state.filters, {
                    date_from: shown.date_from,
                    date_to: shown.date_to,
                    workcenter_id: shown.workcenter_id,
                    employee_id: shown.employee_id,
                });
            }
        } finally {
            this.state.loading = false;
        }
    }

    // ------------------------------------------------------------------ filters
    dateValue(name) {
        const value = this.state.filters[name];
        return value ? deserializeDate(value) : false;
    }

    onDate(name, value) {
        this.state.filters[name] = value ? serializeDate(value) : false;
        this.load();
    }

    onWorkcenter(ev) {
        this.state.filters.workcenter_id = Number(ev.target.value) || false;
        this.state.filters.employee_id = false;
        this.load();
    }

    onEmployee(ev) {
        this.state.filters.employee_id = Number(ev.target.value) || false;
        this.load();
    }

    async openWorker(employeeId) {
        const filters = this.state.filters;
        const action = await this.orm.call("gold.loss.dashboard", "action_open_stages", [
            employeeId,
            filters.workcenter_id,
            filters.date_from,
            filters.date_to,
        ]);
        await this.action.doAction(action);
    }

    openAnalysis() {
        this.action.doAction("gold_mes.gold_worker_performance_action_dashboard");
    }

    // ------------------------------------------------------------------ display
    number(value, places) {
        return number(value, places);
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    quadrantColour(key) {
        return COLOURS[key] || COLOURS.point;
    }

    get beyond() {
        const limits = this.state.data?.limits;
        return limits ? limits.points.filter((point) => point.beyond) : [];
    }

    // ------------------------------------------------------------------ charts
    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.state.data;
        if (!data) {
            return;
        }
        if (this.scatterRef.el && data.scatter.points.length) {
            const onWorker = (employeeId) => this.openWorker(employeeId);
            const config = scatterConfig(data.scatter, onWorker);
            this.charts.push(new Chart(this.scatterRef.el, config));
        }
        if (this.limitsRef.el && data.limits.points.length) {
            const config = limitsConfig(data.limits, (value) => this.date(value));
            this.charts.push(new Chart(this.limitsRef.el, config));
        }
    }
}

registry.category("actions").add("gold_mes_loss_dashboard", GoldLossDashboard);
