from decimal import Decimal

from lxml import etree
from odoo.tests import TransactionCase, tagged

from .common import LUONG
from .test_recovery import ArticleMixin


class TraceMixin(ArticleMixin):
    @classmethod
    def _setup_trace_fixture(cls):
        cls._setup_gold_fixture()
        cls.ring.product_tmpl_id.tracking = "lot"
        cls.employee.sudo().pin = "1111"
        cls.employee_b.sudo().pin = "2222"

    def _run_lot(self):
        """100 rings of a lot: casting 2 %; the filing handed from A to B and 3.67 %
        lost against 3.2 % (abnormal, explained, approved); polishing 1.06 %."""
        production = self._make_production()
        lot = self.env["stock.lot"].create({"name": "RING-LOT-1", "product_id": self.ring.id})
        production.lot_producing_id = lot
        casting, filing, polishing = self._stages(production)
        self._capture("issue", 10 * LUONG, production=production)
        self._capture("in", 10 * LUONG, workorder=casting)
        casting.button_start()
        self._capture("out", "367.5", workorder=casting)
        casting.button_finish()
        filing.button_start()
        handover = (
            self.env["gold.handover"]
            .with_user(self.user_operator)
            .create(
                {
                    "workorder_id": filing.id,
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_b.id,
                    "qty": 100,
                }
            )
        )
        handover.gold_confirm_out("1111", scale_id=self.scale.id, reading=self._reading("367.5"))
        handover.gold_confirm_in("2222", scale_id=self.scale.id, reading=self._reading("367.5"))
        self._capture("out", "354", workorder=filing, employee_id=self.employee_b.id)
        filing.gold_loss_explanation = "Heavy sprue filed off"
        filing.with_user(self.user_supervisor).action_gold_approve_loss()
        filing.button_finish()
        polishing.button_start()
        self._capture("out", "350.25", workorder=polishing, employee_id=self.employee_b.id)
        return production, lot, (casting, filing, polishing), handover


@tagged("post_install", "-at_install")
class TestTraceStory(TraceMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_trace_fixture()

    def test_trace_of_a_lot_tells_each_stage_and_the_mix(self):
        production, lot, (casting, filing, polishing), handover = self._run_lot()
        action = lot.action_gold_trace()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "gold_mes.report_gold_trace")
        self.assertEqual(action["report_type"], "qweb-html")
        self.assertIn(production.name, action["display_name"])  # the breadcrumb
        story = production._gold_trace_story()
        self.assertEqual(story["lots"], "RING-LOT-1")
        stages = story["stages"]
        self.assertEqual([s["workorder"] for s in stages], [casting, filing, polishing])
        expected = [
            # in, out, loss, loss %, tolerance, status
            ("375.0000", "367.5000", "7.5000", "2.0000", "2", "ok"),
            ("367.5000", "354.0000", "13.5000", "3.6735", "3.2", "abnormal"),
            ("354.0000", "350.2500", "3.7500", "1.0593", "1.1", "ok"),
        ]
        for stage, row in zip(stages, expected, strict=True):
            got = (stage["in"], stage["out"], stage["loss"], stage["loss_pct"])
            self.assertEqual(got, tuple(Decimal(v) for v in row[:4]), stage["workorder"].name)
            self.assertEqual(stage["tolerance"], Decimal(row[4]))
            self.assertEqual(stage["status"], row[5])
        self.assertFalse(stages[0]["in_carried"])
        self.assertTrue(stages[1]["in_carried"])  # the filing's input is the casting's output
        self.assertTrue(stages[1]["over"])
        self.assertEqual(stages[1]["approver"], self.user_supervisor.name)
        self.assertEqual(stages[1]["worker"], self.employee_b.name)
        for stage, wo in zip(stages, (casting, filing, polishing), strict=True):
            signed = wo.gold_weighing_ids.sorted(lambda w: (w.captured_at, w.id)).mapped("signed")
            self.assertEqual([r["signed"] for r in stage["readings"]], signed)
        self.assertEqual({r["balance"] for s in stages for r in s["readings"]}, {"Bench balance"})
        self.assertEqual(story["batch_lines"][0]["grams"], Decimal("375.0000"))
        # the mix: 10 lượng of 18K grain
        mix = story["mix"]
        self.assertEqual(len(mix["rows"]), 1)
        self.assertEqual(mix["rows"][0]["grams"], Decimal("375.0000"))
        self.assertEqual(mix["fine"], Decimal("281.2500"))
        self.assertEqual(mix["fineness"], Decimal("750.00"))
        # the handover, both sides confirmed
        (given,) = story["handovers"]
        self.assertEqual(given["ref"], handover.name)
        self.assertEqual((given["given"], given["received"]), (Decimal("367.5000"),) * 2)
        self.assertEqual(
            (given["given_by"], given["received_by"]), (self.employee.name, self.employee_b.name)
        )

    def test_trace_from_a_stage_marks_it_and_prints_one_page_per_batch(self):
        production, _lot, (_casting, filing, _polishing), _handover = self._run_lot()
        action = filing.action_gold_trace()
        self.assertEqual(action["data"], {"ids": production.ids, "marked_workorder_id": filing.id})
        self.assertIn(filing.name, action["display_name"])
        other = self._make_production()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "gold_mes.report_gold_trace",
            None,
            data={**action["data"], "ids": [production.id, other.id]},
        )
        root = etree.fromstring(html, etree.HTMLParser())
        pages = root.xpath("//div[contains(concat(' ', @class, ' '), ' o_gold_trace ')]")
        self.assertEqual(len(pages), 2)
        self.assertIn("page-break-after", pages[0].get("style"))
        marked = root.xpath("//div[contains(@class, 'o_gold_trace_marked')]")
        self.assertEqual([m.get("data-workorder-id") for m in marked], [str(filing.id)])
        text = " ".join(marked[0].itertext())
        self.assertIn("13.5000", text)
        self.assertIn("3.67", text)
        self.assertIn(self.user_supervisor.name, text)
        self.assertIn("carried over", text)
        mix = root.xpath("//td[contains(@class, 'o_gold_trace_mix_fineness')]")
        self.assertEqual(mix[0].text.strip(), "750.00")
        self.assertTrue(root.xpath("//table[contains(@class, 'o_gold_trace_handovers')]"))
        pdf = self.env.ref("gold_mes.gold_trace_report_action")
        self.assertEqual(pdf.report_type, "qweb-pdf")
        self.assertEqual(pdf.binding_model_id.model, "mrp.production")

    def test_trace_lists_never_add_the_same_gold_twice(self):
        """Group rows of the stage list and the readings list: totals only of scrap, dust
        and loss; readings oldest first, the issue from the safe first in its batch."""
        production, *_rest = self._run_lot()
        view = self.env.ref("gold_mes.mrp_workorder_view_list_gold_trace")
        arch = etree.fromstring(view.arch)
        fields = self.env["mrp.workorder"]._fields
        summed = {
            node.get("name")
            for node in arch.iter("field")
            if fields[node.get("name")].aggregator and fields[node.get("name")].type == "float"
        }
        self.assertEqual(summed, {"gold_scrap", "gold_dust", "gold_loss"})
        aggregated = [
            f"{name}:{fields[name].aggregator}"
            for name in summed | {"gold_trace_in"}
            if fields[name].aggregator
        ]
        groups = self.env["mrp.workorder"].web_read_group(
            [("production_id", "=", production.id), ("gold_is_stage", "=", True)],
            aggregated,
            ["production_id"],
        )["groups"]
        self.assertNotIn("gold_trace_in", groups[0])
        self.assertAlmostEqual(groups[0]["gold_loss"], 24.75, places=4)
        readings = self.env.ref("gold_mes.gold_weighing_view_list_trace")
        list_node = etree.fromstring(readings.arch)
        self.assertEqual(list_node.get("default_order"), "captured_at asc, id asc")
        weighing_fields = self.env["gold.weighing"]._fields
        for node in list_node.iter("field"):
            field = weighing_fields[node.get("name")]
            self.assertFalse(field.type == "float" and field.aggregator, field.name)
        action = production.action_gold_trace_readings()
        self.assertIn(production.name, action["display_name"])
        lines = self.env["gold.weighing"].search(action["domain"], order="captured_at, id")
        self.assertEqual(lines[0].kind, "issue")
