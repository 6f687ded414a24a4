import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

/**
 * Print menu: download reports of type "xlsx" from /gold_mes/report/xlsx/<name>/<ids>.
 * Any other report type falls through to the web client's own handling.
 */
export async function xlsxReportHandler(action, options, env) {
    if (action.report_type !== "xlsx") {
        return false;
    }
    const context = { ...user.context, ...(action.context || {}) };
    let url = `/gold_mes/report/xlsx/${action.report_name}`;
    if (context.active_ids && context.active_ids.length) {
        url += `/${context.active_ids.join(",")}`;
    }
    env.services.ui.block();
    try {
        await download({
            url,
            data: {
                options: JSON.stringify(action.data || {}),
                context: JSON.stringify(context),
            },
        });
    } finally {
        env.services.ui.unblock();
    }
    const { onClose } = options;
    if (action.close_on_report_download) {
        return env.services.action.doAction({ type: "ir.actions.act_window_close" }, { onClose });
    }
    if (onClose) {
        onClose();
    }
    return true;
}

registry.category("ir.actions.report handlers").add("gold_mes_xlsx", xlsxReportHandler);
