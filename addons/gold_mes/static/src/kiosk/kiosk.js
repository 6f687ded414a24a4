import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { formatCompound, formatGrams, isPositive } from "./kiosk_format";
import { previewLoss } from "./kiosk_live";
import { KioskServer, kioskScreens } from "./kiosk_server";

const KIND_LABELS = {
    in: _t("Weigh in"),
    out: _t("Weigh out"),
    scrap: _t("Scrap returned"),
    dust: _t("Dust collected"),
    start: _t("Start stage"),
    finish: _t("Finish stage"),
    approve: _t("Supervisor approval"),
};

const REFUSALS = {
    overload: _t("Over the balance's capacity"),
    underload: _t("Below zero: zero the balance"),
    no_weight: _t("No weight on the pan"),
    no_unit: _t("The balance sends no unit"),
    wrong_unit: _t("Set the balance to grams"),
};
// the balance or its proxy cannot be reached: the operator checks the hardware
const NOT_ANSWERING = ["offline", "timeout", "proxy_error", "config", "unauthorised", "not_found"];
const BALANCE_SILENT = _t("The balance is not answering: check its cable and power");
const SERVER_SILENT = _t("The server is not answering: check the tablet's network");

/** Operator words for a refusal of the scale routes (never a URL or an errno). */
export function refusalText(answer) {
    const code = answer && answer.error;
    if (NOT_ANSWERING.includes(code)) {
        return BALANCE_SILENT;
    }
    if (code === "unstable") {
        return _t("The balance is not stable: wait and weigh again");
    }
    if (REFUSALS[code]) {
        return REFUSALS[code];
    }
    if (code === "access_denied") {
        return _t("This tablet may not use the balance: call your supervisor");
    }
    return (answer && answer.message) || _t("The balance refused: weigh again");
}

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
        // on a station (token URL, no login) the page passes the station's info
        this.server = new KioskServer(useService("orm"), this.props.station, this.env.services);
        this.station = this.server.station;
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
            approval: null,
        });
        this.pendingKeys = {};
        onWillStart(async () => {
            const [employees, table] = await Promise.all([
                this.server.call("kiosk_employees", []),
                this.server.call("kiosk_display_table"),
            ]);
            this.state.employees = employees;
            this.displayUnits = table.display_units;
        });
        onWillUnmount(() => this.stopPolling());
        if (this.station) {
            this.watchIdle();
        }
    }

    /** A station signs the worker out after its idle timeout without a touch. */
    watchIdle() {
        const touched = () => (this.touchedAt = Date.now());
        touched();
        const timer = setInterval(() => {
            const idle = Date.now() - this.touchedAt > this.station.idle_timeout * 1000;
            if (idle && this.state.employee && !this.state.busy) {
                this.logout();
            }
        }, 1000);
        onMounted(() => {
            for (const type of ["pointerdown", "keydown"]) {
                document.addEventListener(type, touched, true);
            }
        });
        onWillUnmount(() => {
            clearInterval(timer);
            for (const type of ["pointerdown", "keydown"]) {
                document.removeEventListener(type, touched, true);
            }
        });
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
            this.say("danger", this.errorText(error));
        } finally {
            this.state.busy = false;
        }
    }

    errorText(error) {
        // a refusal of the server (UserError) carries its sentence; anything else
        // (lost connection, a crash) gets operator words, never a URL or a trace
        if (error && error.data && error.data.message && error.exceptionName) {
            return error.data.message;
        }
        return SERVER_SILENT;
    }

    /** Another screen: a banner of the screen before never stays. */
    setScreen(screen) {
        this.state.screen = screen;
        this.state.message = null;
        this.state.approval = null;
    }

    say(type, text) {
        this.state.message = { type, text };
    }

    compound(grams) {
        return grams ? formatCompound(grams, this.displayUnits || []) : "";
    }

    grams(grams) {
        return formatGrams(grams);
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
        // badge or PIN, always: a name alone never lets anyone in
        this.state.message = null;
        if (!employee.has_pin) {
            this.state.pinFor = null;
            this.say("warning", _t("%(name)s: scan your badge to sign in.", { name: employee.name }));
            return;
        }
        this.state.pinFor = employee;
        this.state.pin = "";
    }

    submitPin() {
        const employee = this.state.pinFor;
        this.serialized(() => this.identify({ employee_id: employee.id, pin: this.state.pin }));
    }

    async identify(params) {
        const employee = await this.server.call("kiosk_identify", [], params);
        this.state.employee = employee;
        this.state.pinFor = null;
        await this.loadWorkorders();
    }

    logout() {
        this.stopPolling();
        this.server.signOut().catch(() => {});
        Object.assign(this.state, { employee: null, stage: null, pinFor: null });
        this.setScreen("who");
    }

    // ------------------------------------------------------------ stages
    async loadWorkorders() {
        this.stopPolling();
        this.state.workorders = await this.server.call("kiosk_workorders", [
            this.state.employee.id,
        ]);
        this.state.stage = null;
        this.setScreen("stages");
    }

    openStage(card) {
        this.serialized(async () => {
            this.state.stage = await this.server.call("kiosk_stage", [card.id]);
            this.state.reading = null;
            this.setScreen("stage");
            this.startPolling();
        });
    }

    backToStages() {
        this.serialized(() => this.loadWorkorders());
    }

    /** Back to the signed-in worker's first screen (the stages and the other tiles). */
    home() {
        return this.serialized(() => this.loadWorkorders());
    }

    // ------------------------------------------------------------ other screens
    /** The screens of the ``gold_kiosk_screens`` registry offered to this worker. */
    get otherScreens() {
        return kioskScreens
            .getEntries()
            .map(([key, screen]) => ({ key, ...screen }))
            .filter((screen) => this.server.offers(screen.key))
            .filter((screen) => !screen.offered || screen.offered(this))
            .sort((a, b) => (a.sequence || 0) - (b.sequence || 0));
    }

    get currentScreen() {
        const key = this.state.screen.startsWith("screen:") && this.state.screen.slice(7);
        return key && kioskScreens.contains(key) ? kioskScreens.get(key) : null;
    }

    openScreen(key) {
        this.stopPolling();
        this.state.stage = null;
        this.setScreen(`screen:${key}`);
    }

    // ------------------------------------------------------------ balance
    /** Poll ``scale`` (the stage's balance by default) into ``state.reading``; the
     * other screens show the same live weight (live_weight/live_weight.js). */
    startPolling(scale = this.state.stage && this.state.stage.scale) {
        this.stopPolling();
        if (!scale) {
            this.state.scaleError = _t("No balance is set for this work centre.");
            return;
        }
        // pushed on a station, polled in the backend (KioskServer.watch)
        this.stopWatching = this.server.watch(scale.id, (answer) => {
            this.state.reading = answer.ok ? answer.reading : null;
            this.state.scaleError = answer.ok
                ? ""
                : answer.error === "server"
                ? SERVER_SILENT
                : refusalText(answer);
        });
    }

    stopPolling() {
        if (this.stopWatching) {
            this.stopWatching();
        }
        this.stopWatching = null;
    }

    /** The loss the weight on the pan would make at the weigh-out, while it settles. */
    get lossPreview() {
        const reading = this.state.reading;
        const stage = this.state.stage;
        return stage && reading && reading.grams ? previewLoss(stage.preview, reading.grams) : null;
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

    /** A weight may be recorded: stable, capturable and above zero. */
    get readingWeighable() {
        return this.readingStable && isPositive(this.state.reading.grams);
    }

    isWeighing(kind) {
        return !["start", "finish", "approve"].includes(kind);
    }

    actionDisabled(kind) {
        return this.state.busy || (this.isWeighing(kind) && !this.readingWeighable);
    }

    get verdictClass() {
        const verdict = this.state.stage && this.state.stage.verdict;
        const level = verdict && verdict.level;
        return { ok: "alert-success", warn: "alert-warning", abnormal: "alert-danger" }[level] || "";
    }

    act(kind) {
        const stage = this.state.stage;
        if (kind === "approve") {
            this.state.message = null;
            this.state.approval = { badge: "", employeeId: "", pin: "", explanation: "" };
            return;
        }
        if (kind === "start" || kind === "finish") {
            this.serialized(async () => {
                this.state.stage = await this.server.call("kiosk_act", [
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
        const answer = await this.server.scale(stage.scale.id, "weigh", {
            workorder_id: stage.id,
            kind,
            employee_id: this.state.employee.id,
            idempotency_key: this.pendingKeys[slot],
            timeout: 10,
        });
        delete this.pendingKeys[slot];
        if (!answer.ok) {
            this.say("danger", refusalText(answer));
            return;
        }
        const weighing = answer.weighing;
        // a station answers with the stage as it is now; the backend asks for it
        this.state.stage = answer.card || (await this.server.call("kiosk_stage", [stage.id]));
        this.say(
            "success",
            `${this.kindLabel(kind)}: ${this.grams(weighing.net_g)} g = ${this.compound(
                weighing.net_g
            )}`
        );
    }

    // ------------------------------------------------------------ supervisor
    get supervisors() {
        return this.state.employees.filter((employee) => employee.has_pin);
    }

    cancelApproval() {
        this.state.approval = null;
    }

    submitApproval() {
        const approval = this.state.approval;
        const stage = this.state.stage;
        const params = { explanation: approval.explanation };
        if (approval.badge.trim()) {
            params.barcode = approval.badge.trim();
        } else {
            params.employee_id = Number(approval.employeeId) || false;
            params.pin = approval.pin;
        }
        this.serialized(async () => {
            this.state.stage = await this.server.call("kiosk_approve_loss",
                [stage.id],
                params
            );
            this.state.approval = null;
            this.say("success", _t("The supervisor approved the loss: finish the stage."));
        });
    }

    tare() {
        const scale = this.state.stage.scale;
        this.serialized(async () => {
            const answer = await this.server.scale(scale.id, "tare");
            this.say(answer.ok ? "info" : "danger", answer.ok ? _t("Tared") : refusalText(answer));
        });
    }
}

registry.category("actions").add("gold_mes_kiosk", GoldKiosk);
