import { registry } from "@web/core/registry";

// The owner's dashboard on the tour's generated fortnight of filing: the fast filer is
// fast and wasteful, the slow one slow and careful; the fast filer's stages are marked
// over the tolerance; one worker alone has too few points for limits, and says so; a
// click on the fast filer's point opens their stages.
const CENTRE = "Tour Filing";

function chartOf(name) {
    const canvas = document.querySelector(`canvas[data-gold-dash-chart=${name}]`);
    return canvas && window.Chart.getChart(canvas);
}

function choose(filter, text) {
    const select = document.querySelector(`select[data-gold-dash-filter=${filter}]`);
    const option = [...select.options].find((o) => o.textContent.trim() === text);
    if (!option) {
        throw new Error(`no option ${text} in ${filter}`);
    }
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

function dashboardSteps(words) {
    return [
        {
            content: "The dashboard draws the scatter",
            trigger: ".o_gold_loss_dashboard canvas[data-gold-dash-chart=scatter]",
        },
        {
            content: "Choose the tour's filing bench",
            trigger: "select[data-gold-dash-filter=workcenter_id]",
            run: () => choose("workcenter_id", CENTRE),
        },
        {
            content: "The fast filer is fast and wasteful",
            trigger: `[data-gold-dash-quadrant=fast_wasteful]:contains(Tour Filer Fast) .badge:contains(${words.fastWasteful})`,
        },
        {
            content: "The slow filer is slow and careful",
            trigger: `[data-gold-dash-quadrant=slow_careful]:contains(Tour Filer Slow) .badge:contains(${words.slowCareful})`,
        },
        {
            content: "One point per filer, with the centre's lines and the tolerance",
            trigger: "canvas[data-gold-dash-chart=scatter]",
            run: () => {
                const chart = chartOf("scatter");
                const [workers, ...lines] = chart.data.datasets;
                if (workers.data.length !== 3 || lines.length !== 3) {
                    throw new Error(`${workers.data.length} points, ${lines.length} lines`);
                }
            },
        },
        {
            content: "The fast filer's stages are over the tolerance, in words",
            trigger: `[data-gold-dash-flag=over_tolerance]:contains(Tour Filer Fast):contains(${words.overTolerance})`,
        },
        {
            content: "The limits are drawn for the centre",
            trigger: "canvas[data-gold-dash-chart=limits]",
            run: () => {
                const labels = chartOf("limits").data.datasets.map((d) => d.label);
                if (labels.length !== 5) {
                    throw new Error(`limits chart lines: ${labels.join(", ")}`);
                }
            },
        },
        {
            content: "The slow filer alone",
            trigger: "select[data-gold-dash-filter=employee_id]",
            run: () => choose("employee_id", "Tour Filer Slow"),
        },
        {
            content: "has too few points for limits, and the dashboard says so",
            trigger: `[data-gold-dash-message=limits]:contains(${words.tooFew})`,
            run: () => {
                const labels = chartOf("limits").data.datasets.map((d) => d.label);
                if (labels.length !== 2) {
                    throw new Error(`limits drawn with too few points: ${labels.join(", ")}`);
                }
            },
        },
        {
            content: "Click the fast filer's point",
            trigger: "canvas[data-gold-dash-chart=scatter]",
            run: () => {
                const chart = chartOf("scatter");
                const names = [...document.querySelectorAll("[data-gold-dash-quadrant]")].map(
                    (row) => row.querySelector("td").textContent.trim()
                );
                const point = chart.getDatasetMeta(0).data[names.indexOf("Tour Filer Fast")];
                const rect = chart.canvas.getBoundingClientRect();
                chart.canvas.dispatchEvent(
                    new MouseEvent("click", {
                        clientX: rect.left + point.x,
                        clientY: rect.top + point.y,
                        bubbles: true,
                    })
                );
            },
        },
        {
            content: "The fast filer's stages at the bench open",
            trigger: ".o_breadcrumb:contains(Tour Filer Fast)",
        },
        {
            content: "listing their filing stages",
            trigger: ".o_list_view .o_data_row:contains(Tour Filer Fast):contains(Tour Filing)",
        },
    ];
}

registry.category("web_tour.tours").add("gold_mes_loss_dashboard_en", {
    steps: () =>
        dashboardSteps({
            fastWasteful: "Fast and wasteful",
            slowCareful: "Slow and careful",
            overTolerance: "over the stage's tolerance of 3.50",
            tooFew: "Too few points",
        }),
});
registry.category("web_tour.tours").add("gold_mes_loss_dashboard_vi", {
    steps: () =>
        dashboardSteps({
            fastWasteful: "Nhanh nhưng hao",
            slowCareful: "Chậm nhưng kỹ",
            overTolerance: "vượt dung sai 3,50",
            tooFew: "Quá ít điểm",
        }),
});
