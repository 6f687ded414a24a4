from decimal import Decimal

from odoo import Command
from odoo.tests import new_test_user

from ..hw_scale.signing import sign_reading

LUONG = Decimal("37.5")

WORKORDER_GROUPS = "mrp.group_mrp_routings"


class GoldMesFixture:
    """Fixtures shared by the gold_mes suites: the article's batch of 18K rings.

    Mixed into TransactionCase / HttpCase classes; builds everything in setUpClass.
    """

    @classmethod
    def _setup_gold_fixture(cls, own_company=False):
        """``own_company``: build the workshop in a company of its own, for the tests
        about all of a company's workers or batches (a day close, a period): on a
        database with the demo's workshop, that one's people and batches stay out."""
        if own_company:
            cls._setup_own_company()
        env = cls.env
        cls.company = env.company
        cls.purity_750 = env.ref("gold_units.gold_purity_750")
        cls.uom_luong = env.ref("gold_units.uom_luong")
        cls.uom_unit = env.ref("uom.product_uom_unit")
        cls.stock_location = env.ref("stock.stock_location_stock")
        if own_company:
            warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)])
            cls.stock_location = warehouse.lot_stock_id
        cls._setup_gold_users()
        cls.raw_gold = env["product.product"].create(
            {
                "name": "Gold 18K grain",
                "is_storable": True,
                "uom_id": cls.uom_luong.id,
                "uom_po_id": cls.uom_luong.id,
                "gold_is_gold": True,
                "gold_purity_id": cls.purity_750.id,
            }
        )
        cls.ring = env["product.product"].create(
            {
                "name": "Ring 18K",
                "is_storable": True,
                "gold_is_gold": True,
                "gold_purity_id": cls.purity_750.id,
                "gold_weight": 3.525,
            }
        )
        workcenter = env["mrp.workcenter"]
        cls.wc_casting = workcenter.create({"name": "Casting"})
        cls.wc_filing = workcenter.create({"name": "Filing"})
        cls.wc_polishing = workcenter.create({"name": "Polishing"})
        cls.bom = cls._make_bom(
            [
                ("Casting", cls.wc_casting, "burn", 2.0, True),
                ("Filing", cls.wc_filing, "recoverable", 3.2, False),
                ("Polishing", cls.wc_polishing, "recoverable", 1.1, False),
            ]
        )
        cls.scale = env["gold.scale"].create(
            {
                "name": "Bench balance",
                "serial": "SN-1000",
                "capacity_g": 1000,
                "readability_g": 0.0001,
            }
        )
        env["stock.quant"]._update_available_quantity(cls.raw_gold, cls.stock_location, 20.0)

    @classmethod
    def _setup_own_company(cls):
        """A new company, made the fixture's: its users, employees, work centres and
        batches are created in it (their defaults are the environment's company)."""
        company = cls.env["res.company"].create({"name": "Gold test workshop"})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))

    @classmethod
    def _setup_gold_users(cls):
        env = cls.env
        groups = "gold_mes.gold_weighing_group_%s," + WORKORDER_GROUPS
        cls.user_operator = new_test_user(env, "gold_operator", groups=groups % "operator")
        cls.user_supervisor = new_test_user(env, "gold_supervisor", groups=groups % "supervisor")
        cls.user_accountant = new_test_user(
            env, "gold_accountant", groups="gold_mes.gold_weighing_group_accountant"
        )
        cls.user_manager = new_test_user(env, "gold_manager", groups=groups % "manager")
        cls.user_plain = new_test_user(env, "gold_plain", groups="base.group_user")
        cls.employee = env["hr.employee"].create({"name": "Worker A"})
        cls.employee_b = env["hr.employee"].create({"name": "Worker B"})

    @classmethod
    def _make_bom(cls, operations, product_qty=100, gold_luong=10):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.ring.product_tmpl_id.id,
                "product_qty": product_qty,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.raw_gold.id,
                            "product_qty": gold_luong,
                            "product_uom_id": cls.uom_luong.id,
                        }
                    )
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": name,
                            "workcenter_id": workcenter.id,
                            "sequence": 10 * (index + 1),
                            "gold_loss_kind": kind,
                            "gold_loss_tolerance_pct": pct,
                            "gold_weigh_in_required": weigh_in,
                            "gold_weigh_out_required": True,
                        }
                    )
                    for index, (name, workcenter, kind, pct, weigh_in) in enumerate(operations)
                ],
            }
        )

    @classmethod
    def _make_production(cls, bom=None, qty=100):
        production = cls.env["mrp.production"].create(
            {
                "product_id": cls.ring.id,
                "bom_id": (bom or cls.bom).id,
                "product_qty": qty,
            }
        )
        production.action_confirm()
        return production

    @staticmethod
    def _stages(production):
        return production.workorder_ids.sorted(lambda wo: (wo.operation_id.sequence, wo.id))

    def _reading(self, grams, stable=True, unit="g", scale=None, sign=True):
        """A balance reading, signed with the balance's secret as its proxy signs it
        (``sign=False``: the bare reading, as a hand-made one would be)."""
        scale = scale or self.scale
        grams = str(Decimal(str(grams)))
        reading = {
            "scale": scale.serial,
            "protocol": "mt_sics",
            "net": grams,
            "grams": grams if unit == "g" else None,
            "unit": unit,
            "stable": stable,
        }
        secret = scale.sudo().secret
        return sign_reading(secret, reading) if sign and secret else reading

    def _capture(self, kind, weight, workorder=None, production=None, user=None, **extra):
        """Capture as ``user`` (operator by default) on the bench balance."""
        vals = {
            "kind": kind,
            "employee_id": self.employee.id,
            "scale_id": self.scale.id,
            "reading": self._reading(weight),
        }
        if workorder:
            vals["workorder_id"] = workorder.id
        if production:
            vals["production_id"] = production.id
        vals.update(extra)
        model = self.env["gold.weighing"].with_user(user or self.user_operator)
        return model.capture(vals)
