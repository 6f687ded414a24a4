import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { formatCompound } from "@gold_units/gold_weight_field/gold_weight_field";

const POLL_MS = 700;
const KIND_LABELS = {
    in: _t("Weigh in"),
    out: _t("Weigh out"),
    scrap: _t("Scrap returned"),
    dust: _t("Dust collected"),
    start: _t("Start stage"),
    finish: _t("Finish stage"),
};

const REFUSALS = {
    overload: _t("Over the balance's capacity"),
    underload: _t("Below zero: zero the balance"),
    no_weight: _t("No weight on the pan"),
    no_unit: _t("The balance sends no unit"),
    wrong_unit: _t("Set the balance to grams"),
};

function newKey() {
    const random = crypto.getRandomValues(new Uint32Array(4));
    return "kiosk-" + Array.from(random, (n) => n.toString(16)).join("");
}

/**
 * The shop-floor kiosk: who am I, which stage, weigh on the balance.
 * One request at a time: the screen is blocked until the server answers, and the
 * server decides what each stage may do next (gold.kiosk).
 */
export class GoldKiosk extends Component {
    static template = "gold_mes.GoldKiosk";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.state = useState({
            screen: "who",
            busy: false,
            employees: [],
            employee: null,
            pinFor: null,
            pin: "",
            badge: "",
            workorders: [],
            stage: null,
            reading: null,
            scaleError: "",
            message: null,
        });
        this.pendingKeys = {};
        onWillStart(async () => {
            const [employees, table] = await Promise.all([
                this.orm.call("gold.kiosk", "kiosk_employees", []),
                this.orm.call("uom.uom", "gold_display_table", []),
            ]);
            this.state.employees = employees;
            this.displayUnits = table.display_units;
        });
        onWillUnmount(() => this.stopPolling());
    }

    // ------------------------------------------------------------ plumbing
    async serialized(job) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        this.state.message = null;
        try {
            await job();
        } catch (error) {
            const data = error.data || {};
            this.say("danger", data.message || error.message || String(error));
        } finally {
            this.state.busy = false;
        }
    }

    say(type, text) {
        this.state.message = { type, text };
    }

    compound(grams) {
        return grams ? formatCompound(grams, this.displayUnits || []) : "";
    }

    kindLabel(kind) {
        return KIND_LABELS[kind] || kind;
    }

    // ------------------------------------------------------------ who
    onBadgeKeydown(ev) {
        if (ev.key === "Enter" && this.state.badge.trim()) {
            const badge = this.state.badge.trim();
            this.state.badge = "";
            this.serialized(() => this.identify({ barcode: badge }));
        }
    }

    pickEmployee(employee) {
        if (employee.has_pin) {
            this.state.pinFor = employee;
            this.state.pin = "";
            return;
        }
        this.serialized(() => this.identify({ employee_id: employee.id }));
    }

    submitPin() {
        const employee = this.state.pinFor;
        this.serialized(() => this.identify({ employee_id: employee.id, pin: this.state.pin }));
    }

    async identify(params) {
        const employee = await this.orm.call("gold.kiosk", "kiosk_identify", [], params);
        this.state.employee = employee;
        this.state.pinFor = null;
        await this.loadWorkorders();
    }

    logout() {
        this.stopPolling();
        Object.assign(this.state, { screen: "who", employee: null, stage: null, message: null });
    }

    // ------------------------------------------------------------ stages
    async loadWorkorders() {
        this.stopPolling();
        this.state.workorders = await this.orm.call("gold.kiosk", "kiosk_workorders", [
            this.state.employee.id,
        ]);
        this.state.stage = null;
        this.state.screen = "stages";
    }

    openStage(card) {
        this.serialized(async () => {
            this.state.stage = await this.orm.call("gold.kiosk", "kiosk_stage", [card.id]);
            this.state.reading = null;
            this.state.screen = "stage";
            this.startPolling();
        });
    }

    backToStages() {
        this.serialized(() => this.loadWorkorders());
    }

    // ------------------------------------------------------------ balance
    startPolling() {
        this.stopPolling();
        const scale = this.state.stage && this.state.stage.scale;
        if (!scale) {
            this.state.scaleError = _t("No balance is set for this work centre.");
            return;
        }
        const poll = async () => {
            try {
                const answer = await rpc(`/gold_mes/scale/${scale.id}/read`, {}, { silent: true });
                this.state.reading = answer.ok ? answer.reading : null;
                this.state.scaleError = answer.ok ? "" : answer.message;
            } catch {
                this.state.scaleError = _t("The balance cannot be reached.");
            }
        };
        poll();
        this.pollTimer = setInterval(poll, POLL_MS);
    }

    stopPolling() {
        clearInterval(this.pollTimer);
        this.pollTimer = null;
    }

    get readingProblem() {
        const reading = this.state.reading;
        if (!reading || !reading.refusal || reading.refusal === "unstable") {
            return "";
        }
        return REFUSALS[reading.refusal] || reading.refusal;
    }

    get readingStable() {
        const reading = this.state.reading;
        return Boolean(reading && reading.stable && reading.capturable);
    }

    act(kind) {
        const stage = this.state.stage;
        if (kind === "start" || kind === "finish") {
            this.serialized(async () => {
                this.state.stage = await this.orm.call("gold.kiosk", "kiosk_act", [
                    stage.id,
                    this.state.employee.id,
                    kind,
                ]);
                this.say("success", `${this.kindLabel(kind)}: ${stage.name}`);
            });
            return;
        }
        this.serialized(() => this.weigh(stage, kind));
    }

    async weigh(stage, kind) {
        // the same key until the server answers, so a retry records nothing twice
        const slot = `${stage.id}:${kind}`;
        this.pendingKeys[slot] ||= newKey();
        const answer = await rpc(`/gold_mes/scale/${stage.scale.id}/weigh`, {
            workorder_id: stage.id,
            kind,
            employee_id: this.state.employee.id,
            idempotency_key: this.pendingKeys[slot],
            timeout: 10,
        });
        delete this.pendingKeys[slot];
        if (!answer.ok) {
            this.say("danger", answer.message);
            return;
        }
        const weighing = answer.weighing;
        this.state.stage = await this.orm.call("gold.kiosk", "kiosk_stage", [stage.id]);
        this.say(
            "success",
            `${this.kindLabel(kind)}: ${weighing.net_g} g = ${this.compound(weighing.net_g)}`
        );
    }

    tare() {
        const scale = this.state.stage.scale;
        this.serialized(async () => {
            const answer = await rpc(`/gold_mes/scale/${scale.id}/tare`, {});
            this.say(answer.ok ? "info" : "danger", answer.ok ? _t("Tared") : answer.message);
        });
    }
}

registry.category("actions").add("gold_mes_kiosk", GoldKiosk);
