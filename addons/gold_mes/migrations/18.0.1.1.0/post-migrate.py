"""18.0.1.1.0: every balance has a signing secret (issue 10).

Balances created before this version that had none (proxy balances by default) get
one; a manager shows it once from the balance's form and puts it into the proxy's
configuration.  Until then their readings count as weights typed by hand.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["gold.scale"]._gold_fill_missing_secrets()
