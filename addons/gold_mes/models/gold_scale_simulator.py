"""Driving a virtual balance (bin/gold-scale-sim --control-port) from its balance form.

A demo or a training session puts a weight on the pan, takes it off, makes it
unstable or overloads it with a button, through the simulator's control channel
(:mod:`..hw_scale.sim_control`).  Only for balances that have a simulator URL: a
real balance has none and shows no such buttons.
"""

import json
import urllib.error
import urllib.request

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr, float_round

SIMULATOR_TIMEOUT_S = 3.0


class GoldScale(models.Model):
    _inherit = "gold.scale"

    simulator_url = fields.Char(
        string="Simulator Control URL",
        copy=False,
        groups="gold_mes.gold_weighing_group_manager",
        help="Only for a virtual balance: the control address printed by "
        "bin/gold-scale-sim --control-port, e.g. http://127.0.0.1:8766. Leave empty for a "
        "real balance.",
    )
    simulator_load_g = fields.Float(
        string="Load to Put (g)",
        digits="Gold Weight",
        default=10.0,
        help="Weight the Put on Pan button places on the virtual balance.",
    )

    @api.constrains("simulator_url")
    def _check_simulator_url(self):
        for scale in self:
            url = scale.simulator_url or ""
            if url and not url.startswith(("http://", "https://")):
                raise ValidationError(
                    _("Simulator Control URL must start with http:// or https://.")
                )

    def action_simulator_put(self):
        self.ensure_one()
        if self.simulator_load_g < 0:
            raise UserError(_("Load to Put must not be negative."))
        grams = float_repr(float_round(self.simulator_load_g, precision_digits=4), 4)
        return self._gold_simulator_command(f"put {grams}")

    def action_simulator_off(self):
        return self._gold_simulator_command("off")

    def action_simulator_unstable(self):
        return self._gold_simulator_command("unstable")

    def action_simulator_stable(self):
        return self._gold_simulator_command("stable")

    def action_simulator_overload(self):
        return self._gold_simulator_command("overload")

    def _gold_simulator_command(self, command):
        """Send one command line to the simulator; a notification with what it shows."""
        self.ensure_one()
        url = self.sudo().simulator_url
        if not url:
            raise UserError(_("Balance %(scale)s is not a virtual balance.", scale=self.name))
        request = urllib.request.Request(
            f"{url.rstrip('/')}/command",
            data=json.dumps({"command": command}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=SIMULATOR_TIMEOUT_S) as response:
                body = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read()).get("error")
            except ValueError:
                detail = str(exc)
            raise UserError(_("The simulator refused: %(detail)s", detail=detail)) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise UserError(
                _("The simulator at %(url)s does not answer: %(error)s", url=url, error=exc)
            ) from None
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Virtual balance"),
                "message": _("The balance shows: %(reply)s", reply=body.get("reply", "")),
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
