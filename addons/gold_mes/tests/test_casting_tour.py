from decimal import Decimal

from lxml import etree
from odoo import api
from odoo.tests import HttpCase, tagged

from .scale_common import VirtualBalancesMixin
from .test_casting_mix import CastingMixin

# what the caster puts on the pan, in turn: the grain 1 g heavy first, then each
# component as its line says (to the balance's 0.01 g)
ON_THE_PAN = ["38.50", "37.50", "10.00", "22.35", "5.15"]


@tagged("post_install", "-at_install")
class TestCastingTour(CastingMixin, VirtualBalancesMixin, HttpCase):
    """The casting mix at the kiosk, in headless Chromium against a virtual balance on
    a pty: recipe, components weighed against their lines, fineness, pour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_casting_fixture()
        cls._start_virtual_balances()
        cls.employee.barcode = "KIOSK001"
        cls.scale_local.write({"workcenter_id": cls.wc_casting.id, "capacity_g": 220})
        cls.production = cls._make_production(qty=20)
        cls.production.name = "MO-CAST-TOUR"  # the tour picks it among the demo batches

    def setUp(self):
        super().setUp()
        self._reset_balances()

    def _hands_at_the_pan(self, sim=None):
        """Each time a component is weighed, the next weight goes on the pan (of
        ``sim``, the pty balance unless told)."""
        queue = list(ON_THE_PAN)
        sim = sim or self.sim_local
        sim.place(Decimal(queue.pop(0)))
        Kiosk = self.registry["gold.kiosk"]
        weigh = Kiosk.kiosk_casting_weigh

        @api.model
        def weigh_and_place_next(self, *args, **kwargs):
            card = weigh(self, *args, **kwargs)
            if queue:
                sim.place(Decimal(queue.pop(0)))
            return card

        self.patch(Kiosk, "kiosk_casting_weigh", weigh_and_place_next)

    def _run_tour(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mrp", "gold_units", "gold_mes"], [lang]
            )
        self.user_operator.lang = lang
        self._hands_at_the_pan()
        self.start_tour(
            "/odoo/action-gold_mes.gold_kiosk_action",
            "gold_mes_kiosk_casting_" + lang[:2],
            login="gold_operator",
        )
        self.env.invalidate_all()
        mix = self.production.gold_casting_mix_id
        self.assertEqual(mix.state, "poured")
        self.assertEqual(mix.poured_by_id, self.employee)
        weighed = [Decimal(str(line.weighed_g)) for line in mix.line_ids]
        self.assertEqual(weighed, [Decimal(g) for g in ON_THE_PAN[1:]])
        self.assertTrue(all(mix.line_ids.mapped("signed")))
        self.assertEqual(mix.line_ids.scale_id, self.scale_local)
        self.assertEqual(f"{mix.fineness:.2f}", "750.97")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "gold_mes.report_gold_trace", self.production.ids
        )
        root = etree.fromstring(html, etree.HTMLParser())
        cell = root.xpath("//td[contains(@class, 'o_gold_trace_casting_fineness')]")
        self.assertEqual(cell[0].text.strip(), "750.97")

    def test_casting_mix_at_the_kiosk_en(self):
        self._run_tour("en_US")

    def test_casting_mix_at_the_kiosk_vi(self):
        self._run_tour("vi_VN")


@tagged("post_install", "-at_install")
class TestCastingStationTour(TestCastingTour):
    """The same mix at a kiosk station (token URL, no login) of the casting bench:
    the weights from the station's balance (the scale proxy's), pushed to the page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scale_proxy.workcenter_id = cls.wc_casting
        cls.station = cls.env["gold.kiosk.station"].create(
            {
                "name": "Casting bench",
                "workcenter_ids": [(6, 0, cls.wc_casting.ids)],
                "scale_id": cls.scale_proxy.id,
                "live_mode": "proxy_sse",
                "screen_casting": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.proxy.config.cors_origins.append(self.base_url().rstrip("/"))
        self.addCleanup(self.proxy.config.cors_origins.clear)

    def _run_tour(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mrp", "gold_units", "gold_mes"], [lang]
            )
        self.station.lang = lang
        self._hands_at_the_pan(sim=self.sim_proxy)
        self.start_tour(
            f"/gold_mes/kiosk/{self.station.access_token}", "gold_mes_kiosk_casting_" + lang[:2]
        )
        self.env.invalidate_all()
        mix = self.production.gold_casting_mix_id
        self.assertEqual(mix.state, "poured")
        self.assertEqual(mix.poured_by_id, self.employee)
        weighed = [Decimal(str(line.weighed_g)) for line in mix.line_ids]
        self.assertEqual(weighed, [Decimal(g) for g in ON_THE_PAN[1:]])
        self.assertTrue(all(mix.line_ids.mapped("signed")))
        self.assertEqual(mix.line_ids.scale_id, self.scale_proxy)
        self.assertEqual(mix.line_ids.write_uid, self.station.user_id)
        self.assertEqual(f"{mix.fineness:.2f}", "750.97")

    def test_casting_mix_at_the_kiosk_en(self):
        self._run_tour("en_US")

    def test_casting_mix_at_the_kiosk_vi(self):
        self._run_tour("vi_VN")
