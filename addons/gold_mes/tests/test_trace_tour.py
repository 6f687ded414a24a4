import io
from pathlib import Path

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import TranslationImporter

from .test_trace_story import TraceMixin


@tagged("post_install", "-at_install")
class TestTraceTour(TraceMixin, HttpCase):
    """The trace in headless Chromium, in English and in Vietnamese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_trace_fixture()
        cls.user_supervisor.groups_id |= cls.env.ref("mrp.group_mrp_user")

    def _tour(self, name, login="gold_supervisor"):
        production, *_rest = self._run_lot()
        self.start_tour("/odoo/action-gold_mes.mrp_workorder_action_gold_trace", name, login=login)
        return production

    def test_trace_tour_en(self):
        self._tour("gold_mes_trace_en")

    def test_trace_tour_accountant_en(self):
        """The accountant (no manufacturing group) opens a stage's form, then its story."""
        self._tour("gold_mes_trace_accountant_en", login="gold_accountant")

    def test_trace_tour_accountant_vi(self):
        self._load_vi()
        self.user_accountant.lang = "vi_VN"
        self._tour("gold_mes_trace_accountant_vi", login="gold_accountant")

    def _recovery_as_accountant(self):
        self.env["gold.recovery"].with_user(self.user_supervisor).create(
            {
                "workcenter_ids": [Command.set(self.wc_casting.ids)],
                "gross_g": 500.0,
                "assay_g": 10.0,
                "assay_fineness": 750.0,
            }
        )
        self.start_tour(
            "/odoo/action-gold_mes.gold_recovery_action",
            "gold_mes_recovery_accountant",
            login="gold_accountant",
        )

    def test_recovery_accountant_en(self):
        """The accountant opens a recovery lot (its stock moves read) without an error."""
        self._recovery_as_accountant()

    def test_recovery_accountant_vi(self):
        self._load_vi()
        self.user_accountant.lang = "vi_VN"
        self._recovery_as_accountant()

    def _load_vi(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        # read vi.po as it is: Odoo's loader would first merge it with gold_mes.pot, which
        # is re-exported only when the branches are merged
        po = io.BytesIO((Path(__file__).parents[1] / "i18n" / "vi.po").read_bytes())
        po.name = "vi.po"
        importer = TranslationImporter(self.env.cr, verbose=False)
        importer.load(po, "po", "vi_VN")
        importer.save(overwrite=True)

    def test_trace_tour_vi(self):
        self._load_vi()
        self.user_supervisor.lang = "vi_VN"
        self._tour("gold_mes_trace_vi")
