import { _t } from "@web/core/l10n/translation";
import { formatFloat } from "@web/core/utils/numbers";

// Chart.js configurations of the loss dashboard, from the server's figures as they are:
// nothing here decides a quadrant, a limit or a flag.
export const COLOURS = {
    fast_wasteful: "#dc3545",
    slow_careful: "#198754",
    fast_careful: "#0d6efd",
    slow_wasteful: "#fd7e14",
    tolerance: "#fd7e14",
    mean: "#6c757d",
    limit: "#dc3545",
    point: "#495057",
};
// where each quadrant's words go: [right?, top?]
const CORNERS = {
    fast_wasteful: [true, true],
    slow_wasteful: [false, true],
    fast_careful: [true, false],
    slow_careful: [false, false],
};

/** A figure as the user's language writes it (2 places by default). */
export function number(value, places = 2) {
    if (value === null || value === undefined || value === false) {
        return "";
    }
    return formatFloat(value, { digits: [16, places] });
}

/** A round axis end at or above ``value`` (1, 1.2, 1.5, 2 ... 8, 10 times a power of 10). */
function niceMax(value) {
    if (!(value > 0)) {
        return 1;
    }
    const magnitude = 10 ** Math.floor(Math.log10(value));
    const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * magnitude >= value);
    return step * magnitude;
}

/** Words drawn on a chart: the quadrants' words in their corners and names by points. */
function wordsPlugin(scatter) {
    return {
        id: "goldQuadrantWords",
        afterDatasetsDraw(chart) {
            const { ctx, chartArea, scales } = chart;
            if (!chartArea || scatter.mean_speed === null || scatter.mean_loss === null) {
                return;
            }
            const midX = scales.x.getPixelForValue(scatter.mean_speed);
            const midY = scales.y.getPixelForValue(scatter.mean_loss);
            ctx.save();
            ctx.font = "bold 13px sans-serif";
            for (const [key, [right, top]] of Object.entries(CORNERS)) {
                ctx.fillStyle = COLOURS[key];
                ctx.textAlign = right ? "right" : "left";
                ctx.textBaseline = top ? "top" : "bottom";
                const x = right ? chartArea.right - 8 : chartArea.left + 8;
                const y = top ? chartArea.top + 6 : chartArea.bottom - 6;
                // only where the quadrant has room on the chart
                const room = right ? x > midX : x < midX;
                const height = top ? y < midY : y > midY;
                if (room && height) {
                    ctx.fillText(scatter.quadrants[key], x, y);
                }
            }
            ctx.font = "12px sans-serif";
            ctx.fillStyle = "#212529";
            ctx.textAlign = "left";
            ctx.textBaseline = "middle";
            const meta = chart.getDatasetMeta(0);
            scatter.points.forEach((point, index) => {
                const element = meta.data[index];
                if (element) {
                    ctx.fillText(point.name, element.x + 9, element.y - 9);
                }
            });
            ctx.restore();
        },
    };
}

/** The workers on speed against loss; ``onWorker(employeeId)`` on a click on a point. */
export function scatterConfig(scatter, onWorker) {
    const points = scatter.points;
    const speeds = points.map((p) => p.speed).concat([scatter.mean_speed]);
    const losses = points.map((p) => p.loss_pct).concat([scatter.mean_loss]);
    if (scatter.tolerance !== null) {
        losses.push(scatter.tolerance);
    }
    const xMax = niceMax(Math.max(...speeds) * 1.15);
    const yMax = niceMax(Math.max(...losses) * 1.15);
    const line = (label, colour, from, to, dash) => ({
        type: "line",
        label,
        data: [from, to],
        borderColor: colour,
        borderDash: dash,
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 0,
        fill: false,
    });
    const datasets = [
        {
            type: "scatter",
            label: _t("Workers"),
            data: points.map((p) => ({ x: p.speed, y: p.loss_pct })),
            backgroundColor: COLOURS.point,
            borderColor: COLOURS.point,
            pointBackgroundColor: points.map((p) => COLOURS[p.quadrant]),
            pointBorderColor: points.map((p) => COLOURS[p.quadrant]),
            pointRadius: 8,
            pointHoverRadius: 11,
        },
        line(
            _t("Centre's mean loss"),
            COLOURS.mean,
            { x: 0, y: scatter.mean_loss },
            { x: xMax, y: scatter.mean_loss },
            [6, 4]
        ),
        line(
            _t("Centre's mean speed"),
            COLOURS.mean,
            { x: scatter.mean_speed, y: 0 },
            { x: scatter.mean_speed, y: yMax },
            [2, 3]
        ),
    ];
    if (scatter.tolerance !== null) {
        datasets.push(
            line(
                _t("Tolerance"),
                COLOURS.tolerance,
                { x: 0, y: scatter.tolerance },
                { x: xMax, y: scatter.tolerance },
                []
            )
        );
    }
    return {
        type: "scatter",
        data: { datasets },
        plugins: [wordsPlugin(scatter)],
        options: {
            maintainAspectRatio: false,
            animation: false,
            scales: {
                x: {
                    min: 0,
                    max: xMax,
                    title: { display: true, text: _t("Pieces per logged hour") },
                    ticks: { callback: (value) => number(value, 1) },
                },
                y: {
                    min: 0,
                    max: yMax,
                    title: { display: true, text: _t("Loss % (weighted by gold in)") },
                    ticks: { callback: (value) => number(value, 1) },
                },
            },
            plugins: {
                // the workers are named beside their points and coloured by quadrant
                legend: { labels: { filter: (item) => item.datasetIndex !== 0 } },
                tooltip: {
                    filter: (item) => item.datasetIndex === 0,
                    callbacks: {
                        title: (items) => points[items[0].dataIndex].name,
                        label: (item) => {
                            const p = points[item.dataIndex];
                            return [
                                _t("Pieces per hour: %(speed)s", { speed: number(p.speed) }),
                                _t("Loss: %(loss)s", { loss: `${number(p.loss_pct)} %` }),
                                p.quadrant_label,
                            ];
                        },
                    },
                },
            },
            onClick: (event, elements) => {
                const hit = elements.find((element) => element.datasetIndex === 0);
                if (hit && points[hit.index].employee_id) {
                    onWorker(points[hit.index].employee_id);
                }
            },
            onHover: (event, elements) => {
                const onPoint = elements.some((element) => element.datasetIndex === 0);
                event.native.target.style.cursor = onPoint ? "pointer" : "default";
            },
        },
    };
}


/** Each stage's loss % over time with the limits it was judged by. */
export function limitsConfig(limits, dateText) {
    const points = limits.points;
    const labels = points.map((p) => dateText(p.date));
    const stepped = (label, key, colour, dash) => ({
        label,
        data: points.map((p) => p[key]),
        borderColor: colour,
        borderDash: dash,
        borderWidth: 2,
        pointRadius: 0,
        pointHitRadius: 0,
        stepped: true,
        spanGaps: false,
        fill: false,
    });
    const datasets = [
        {
            label: _t("Loss %"),
            data: points.map((p) => p.value),
            borderColor: "#adb5bd",
            borderWidth: 1,
            pointBackgroundColor: points.map((p) => (p.beyond ? COLOURS.limit : COLOURS.point)),
            pointBorderColor: points.map((p) => (p.beyond ? COLOURS.limit : COLOURS.point)),
            pointStyle: points.map((p) => (p.beyond ? "triangle" : "circle")),
            pointRadius: points.map((p) => (p.beyond ? 7 : 3)),
        },
    ];
    if (points.some((p) => p.tolerance !== null)) {
        datasets.push(stepped(_t("Tolerance"), "tolerance", COLOURS.tolerance, []));
    }
    // the limits only where there were enough earlier points (null: not drawn)
    if (limits.enough) {
        datasets.push(stepped(_t("Mean"), "mean", COLOURS.mean, [6, 4]));
        datasets.push(stepped(_t("Upper limit"), "ucl", COLOURS.limit, [3, 3]));
        datasets.push(stepped(_t("Lower limit"), "lcl", COLOURS.limit, [3, 3]));
    }
    return {
        type: "line",
        data: { labels, datasets },
        options: {
            maintainAspectRatio: false,
            animation: false,
            scales: {
                y: {
                    min: 0,
                    title: { display: true, text: _t("Loss %") },
                    ticks: { callback: (value) => number(value, 1) },
                },
            },
            plugins: {
                tooltip: {
                    filter: (item) => item.datasetIndex === 0,
                    callbacks: {
                        title: (items) => {
                            const p = points[items[0].dataIndex];
                            return `${labels[items[0].dataIndex]} · ${p.batch} · ${p.worker}`;
                        },
                        label: (item) => {
                            const p = points[item.dataIndex];
                            return `${number(p.value)} % · ${p.flag_label}`;
                        },
                        footer: (items) => points[items[0].dataIndex].reason,
                    },
                },
            },
        },
    };
}
