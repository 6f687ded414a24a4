"""capture() input: plain decimals within bounds, bounded clean text, ids in range.

Every bad value gets a ValidationError that names the field and records nothing;
no value, however odd, makes a server error (property test over JSON-RPC).
"""

import json
import unittest

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import GoldMesFixture

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the test command installs it
    given = None

# (field, value) pairs capture() must refuse with a ValidationError naming the field
BAD_WEIGHTS = [
    "1e3",
    "1E3",
    "1_000",
    "٣",
    "１２",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "+12",
    " 12",
    "12 ",
    "0x10",
    "1.2.3",
    ".5",
    "5.",
    "1,5",
    "",
    "1" * 40,
    1e25,
    1.5e300,
    2**70,
    10**25,
    True,
    [1],
    {"grams": 1},
    "99999999999",
    99999999999,
]
BAD_IDS = [2**31, 2**63, 2**70, -1, 0, "5", 5.0, True, [1], {"id": 1}]
BAD_VALUES = [
    ("kind", ["in"]),
    ("kind", {"in": 1}),
    ("kind", 5),
    ("kind", "IN"),
    ("kind", "in\x00"),
    ("idempotency_key", "k" * 129),
    ("idempotency_key", "k" * 2800),
    ("idempotency_key", "a\x00b"),
    ("idempotency_key", "a\nb"),
    ("idempotency_key", ["k"]),
    ("idempotency_key", 17),
    ("reason", "why\x00"),
    ("reason", "r" * 1001),
    ("reason", ["why"]),
    ("reason", 5),
    ("override_calibration", "yes"),
    ("override_calibration", 1),
    ("reading", "375 g"),
    ("reading", [1]),
]
BAD_READINGS = [
    ("grams", "1e3"),
    ("grams", 2**70),
    ("grams", "１２"),
    ("gross", "NaN"),
    ("tare", "1_0"),
    ("unit", ["g"]),
    ("stable", "yes"),
    ("scale", {"serial": 1}),
    ("nonce", "n" * 300),
    ("raw_hex", "ab" * 3000),
    ("extra", [1, 2, 3]),
]
ID_FIELDS = (
    "workorder_id",
    "production_id",
    "employee_id",
    "scale_id",
    "purity_id",
    "reversal_of_id",
)
CAPTURE_KEYS = (
    "kind",
    "weight_g",
    "reading",
    "reason",
    "idempotency_key",
    "override_calibration",
    *ID_FIELDS,
)


@tagged("post_install", "-at_install")
class TestCaptureInput(GoldMesFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()

    def _manual(self, **extra):
        """A supervisor's manual weight, valid but for ``extra``."""
        vals = {
            "kind": "issue",
            "production_id": self.production.id,
            "employee_id": self.employee.id,
            "weight_g": "375",
            "reason": "Counted at the safe",
        }
        vals.update(extra)
        return vals

    def _assert_refused(self, vals, field):
        with self.assertRaises(ValidationError) as caught:
            self.env["gold.weighing"].with_user(self.user_supervisor).capture(vals)
        self.assertIn(field, str(caught.exception))

    def test_weights_only_plain_decimals(self):
        for value in BAD_WEIGHTS:
            with self.subTest(weight_g=value):
                self._assert_refused(self._manual(weight_g=value), "weight_g")
        self.assertFalse(self.production.gold_weighing_ids)

    def test_good_weights_still_pass(self):
        for value in ("375", "375.0000", "0.0001", 12, 12.5, "100000"):
            with self.subTest(weight_g=value):
                result = (
                    self.env["gold.weighing"]
                    .with_user(self.user_supervisor)
                    .capture(self._manual(weight_g=value, idempotency_key=f"good-{value!r}"))
                )
                self.assertTrue(result["weighing_id"])
        self.assertEqual(len(self.production.gold_weighing_ids), 6)

    def test_company_maximum_for_manual_weights(self):
        self.assertEqual(self.company.gold_manual_max_g, 100000)
        self._assert_refused(self._manual(weight_g="100000.0001"), "weight_g")
        self.company.gold_manual_max_g = 500
        self._assert_refused(self._manual(weight_g="501"), "weight_g")
        self.assertFalse(self.production.gold_weighing_ids)

    def test_balance_capacity_bounds_its_readings(self):
        vals = self._manual(scale_id=self.scale.id, weight_g="1000.0001")
        self._assert_refused(vals, "weight_g")
        reading = dict(self._reading("900", sign=False), gross="1200")
        vals = self._manual(scale_id=self.scale.id, reading=reading, weight_g="900")
        self._assert_refused(vals, "gross")

    def test_ids_ints_in_range(self):
        for field in ID_FIELDS:
            for value in BAD_IDS:
                with self.subTest(field=field, value=value):
                    self._assert_refused(self._manual(**{field: value}), field)
        self.assertFalse(self.production.gold_weighing_ids)

    def test_text_and_kind_bounded_and_clean(self):
        for field, value in BAD_VALUES:
            with self.subTest(field=field, value=value):
                self._assert_refused(self._manual(**{field: value}), field)
        self.assertFalse(self.production.gold_weighing_ids)

    def test_readings_clean(self):
        for key, value in BAD_READINGS:
            reading = dict(self._reading("375", sign=False), **{key: value})
            with self.subTest(key=key, value=value):
                self._assert_refused(
                    self._manual(scale_id=self.scale.id, reading=reading), "reading"
                )
        self.assertFalse(self.production.gold_weighing_ids)

    def test_vals_not_a_dict(self):
        for vals in (None, [], "x", 5):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.env["gold.weighing"].with_user(self.user_supervisor).capture(vals)


def _json_values():
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.integers(min_value=-(2**80), max_value=2**80)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=40)
        | st.text(alphabet="0123456789.-_eE+ ", max_size=30)
        | st.sampled_from(["1e3", "1_000", "٣", "１２", "NaN", "x\x00", "in", "issue", "out"])
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    )


CLIENT_ERRORS = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}


@tagged("post_install", "-at_install")
class TestCaptureInputRpc(GoldMesFixture, HttpCase):
    """Arbitrary JSON for every capture() field, as a client sends it over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_gold_fixture()
        cls.production = cls._make_production()
        cls.casting = cls._stages(cls.production)[0]

    def _call(self, vals):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "gold.weighing",
                "method": "capture",
                "args": [vals],
                "kwargs": {},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/gold.weighing/capture",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_arbitrary_json_no_server_error_no_line(self):
        if given is None:
            raise unittest.SkipTest("hypothesis is not installed (pip install hypothesis)")
        self.authenticate("gold_operator", "gold_operator")
        real_ids = st.sampled_from(
            [self.production.id, self.casting.id, self.employee.id, self.scale.id, 1]
        )
        values = _json_values() | real_ids
        vals_strategy = st.fixed_dictionaries(
            {}, optional={key: values for key in CAPTURE_KEYS}
        ) | st.dictionaries(st.text(max_size=20), values, max_size=6)
        server_errors, recorded = [], []
        before = self.env["gold.weighing"].search_count([])

        @settings(
            max_examples=150,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(vals=vals_strategy | _json_values())
        def check(vals):
            answer = self._call(vals)
            if "error" in answer:
                name = answer["error"].get("data", {}).get("name")
                if name not in CLIENT_ERRORS:
                    server_errors.append((vals, name, answer["error"].get("message")))
            else:
                recorded.append((vals, answer.get("result")))

        check()
        self.assertEqual(server_errors, [], server_errors[:3])
        self.assertEqual(recorded, [], recorded[:3])
        self.assertEqual(self.env["gold.weighing"].search_count([]), before)
