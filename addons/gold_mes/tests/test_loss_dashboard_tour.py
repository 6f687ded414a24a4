import io
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import TranslationImporter

DAYS = 12


@tagged("post_install", "-at_install")
class TestLossDashboardTour(HttpCase):
    """The owner's dashboard in headless Chromium, in English and in Vietnamese, on a
    generated fortnight of the three filers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("mrp.group_mrp_routings")
        # inside the dashboard's default period: the last 30 days
        start = fields.Date.context_today(cls.env.user) - timedelta(days=DAYS + 1)
        cls.env["gold.workshop.generator"]._generate(
            days=DAYS, batches_per_day=1, seed=4, prefix="Tour ", abnormal_every=0, start=start
        )
        cls.owner = new_test_user(
            cls.env, "dash_tour_owner", groups="gold_mes.gold_weighing_group_accountant"
        )

    def _tour(self, name):
        self.start_tour(
            "/odoo/action-gold_mes.gold_loss_dashboard_action", name, login="dash_tour_owner"
        )

    def test_dashboard_tour_en(self):
        self._tour("gold_mes_loss_dashboard_en")

    def test_dashboard_tour_vi(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        # read vi.po as it is (see test_trace_tour): the .pot is re-exported at merge
        po = io.BytesIO((Path(__file__).parents[1] / "i18n" / "vi.po").read_bytes())
        po.name = "vi.po"
        importer = TranslationImporter(self.env.cr, verbose=False)
        importer.load(po, "po", "vi_VN")
        importer.save(overwrite=True)
        self.owner.lang = "vi_VN"
        self._tour("gold_mes_loss_dashboard_vi")
