"""What capture() accepts: every value from outside cleaned before anything reads it.

The parsing is pure (``core/inputs.py``); this says each refusal in the user's language
as a ValidationError that names the field, so that no value, however odd (a list for a
kind, an id beyond bigint, NUL in a key, ``'1e3'`` or ``'١٢'`` for a weight), reaches
the ORM or PostgreSQL and comes back as a server error.
"""

import json

from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError

from ..core import inputs
from ..core.inputs import InputError
from ..core.weights import to_grams

ID_FIELDS = (
    "workorder_id",
    "production_id",
    "employee_id",
    "scale_id",
    "purity_id",
    "reversal_of_id",
)
KEY_MAX = 128
REASON_MAX = 1000
READING_MAX_KEYS = 40
READING_KEY_MAX = 64
READING_TEXT_MAX = 512
READING_JSON_MAX = 4096
READING_WEIGHTS = ("grams", "gross", "tare")
# reading keys with a type of their own (any other key: a plain JSON scalar)
READING_TEXTS = {"unit": 16, "scale": 128, "nonce": 128, "signature": 128, "alg": 32}


class GoldWeighing(models.Model):
    _inherit = "gold.weighing"

    @api.model
    def _capture_clean(self, vals):
        """``vals`` as capture() reads them: kind, ids (int or None), weight_g
        (Decimal or None), reading (the dict as sent, checked) with its weights
        parsed in ``reading_weights``, reason, idempotency_key, override_calibration.

        Raises a ValidationError naming the field for any value out of shape."""
        if not isinstance(vals, dict):
            raise ValidationError(_("capture() expects a dictionary of values."))
        try:
            clean = {
                "kind": inputs.parse_choice(vals.get("kind"), "kind", self._capture_kinds()),
                "weight_g": self._capture_clean_weight(vals),
                "reason": inputs.parse_text(
                    vals.get("reason"), "reason", REASON_MAX, multiline=True
                ),
                "idempotency_key": inputs.parse_text(
                    vals.get("idempotency_key"), "idempotency_key", KEY_MAX
                )
                or False,
                "override_calibration": inputs.parse_bool(
                    vals.get("override_calibration"), "override_calibration"
                ),
            }
            for name in ID_FIELDS:
                clean[name] = inputs.parse_id(vals.get(name), name)
            clean["reading"], clean["reading_weights"] = self._capture_clean_reading(
                vals.get("reading")
            )
        except InputError as error:
            raise ValidationError(self._capture_input_message(error)) from None
        return clean

    @api.model
    def _capture_kinds(self):
        return [value for value, _label in self._fields["kind"].selection]

    @api.model
    def _capture_clean_weight(self, vals):
        weight = vals.get("weight_g")
        if weight is False:
            return None
        return inputs.parse_decimal(weight, "weight_g")

    @api.model
    def _capture_clean_reading(self, reading):
        """(the reading dict as sent, {grams/gross/tare: Decimal or None})."""
        if reading is None or reading is False or reading == {}:
            return {}, dict.fromkeys(READING_WEIGHTS)
        if not isinstance(reading, dict):
            raise InputError("reading", "type", reading)
        if len(reading) > READING_MAX_KEYS:
            raise InputError("reading", "length", reading, READING_MAX_KEYS)
        for key, value in reading.items():
            if not isinstance(key, str) or len(key) > READING_KEY_MAX:
                raise InputError("reading", "type", key)
            field = f"reading.{key}"
            if key in READING_TEXTS and value is not None:
                if not isinstance(value, str):
                    raise InputError(field, "type", value)
                inputs.check_plain(value, field, READING_TEXTS[key])
            elif key == "stable" and value is not None:
                inputs.parse_bool(value, field)
            elif key == "signed_at_ms" and value is not None:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise InputError(field, "type", value)
                inputs.check_plain(value, field, 0)
            else:
                inputs.check_plain(value, field, READING_TEXT_MAX)
        weights = {
            key: inputs.parse_decimal(reading.get(key) or None, f"reading.{key}")
            for key in READING_WEIGHTS
        }
        if len(json.dumps(reading, default=str)) > READING_JSON_MAX:
            raise InputError("reading", "length", reading, READING_JSON_MAX)
        return reading, weights

    @api.model
    def _capture_input_message(self, error):
        """A translated sentence for an :class:`InputError`, naming its field."""
        params = {
            "field": error.field,
            "value": inputs.shorten(error.value),
            "limit": error.limit,
        }
        if error.code == "choice":
            params["limit"] = ", ".join(error.limit or ())
        messages = {
            "syntax": _(
                "%(field)s: %(value)s is not a number written as plain decimals "
                "(ASCII digits and at most one decimal point)."
            ),
            "type": _("%(field)s: %(value)s is not of the expected type."),
            "range": _("%(field)s: %(value)s is out of range (limit %(limit)s)."),
            "negative": _("%(field)s: %(value)s is negative; the weight must be positive."),
            "length": _("%(field)s is too long (at most %(limit)s)."),
            "control": _("%(field)s contains control characters (such as NUL)."),
            "choice": _("Unknown %(field)s %(value)s: expected one of %(limit)s."),
            "nested": _("%(field)s: %(value)s must be a plain value, not a list or an object."),
        }
        message = messages.get(error.code, _("%(field)s: %(value)s is refused."))
        return message % params

    # --- checks on the resolved capture (called from _capture_check) --------------
    @api.model
    def _check_capture_bound(self, cap):
        """Weights within the balance's capacity, or, without one, the company's
        maximum for a weight typed by hand."""
        scale = cap.scale
        capacity = to_grams(scale.capacity_g) if scale else 0
        limit = 0
        if capacity <= 0:
            # only a hand-typed bound reads it: not the company's whole row each capture
            cap.company.fetch(["gold_manual_max_g"])
            limit = to_grams(cap.company.gold_manual_max_g or 0)
        for field, grams in (
            ("weight_g", cap.weight),
            ("reading.gross", cap.gross),
            ("reading.tare", cap.tare),
        ):
            if not grams:
                continue
            if capacity > 0 and grams > capacity:
                raise ValidationError(
                    _(
                        "%(field)s: %(w)s g exceeds the capacity of balance %(scale)s (%(cap)s g).",
                        field=field,
                        w=grams,
                        scale=scale.name,
                        cap=capacity,
                    )
                )
            if capacity <= 0 and grams > limit:
                raise ValidationError(
                    _(
                        "%(field)s: %(w)s g exceeds the largest weight %(company)s accepts "
                        "without a balance's capacity (%(max)s g).",
                        field=field,
                        w=grams,
                        company=cap.company.name,
                        max=limit,
                    )
                )

    @api.model
    def _check_capture_manual(self, cap):
        """A weight not signed by its balance's secret is typed by hand: it needs a
        gold supervisor and a reason."""
        if cap.trusted or cap.kind == "reversal":
            return
        if cap.reading and not cap.scale:
            raise ValidationError(_("A balance reading must name its balance (scale_id)."))
        if not self._is_gold_supervisor():
            if cap.reading:
                raise AccessError(
                    _(
                        "Balance %(scale)s only accepts readings signed by its proxy: an "
                        "unsigned reading is a weight typed by hand, which needs a gold "
                        "supervisor and a reason.",
                        scale=cap.scale.name,
                    )
                )
            raise AccessError(
                _(
                    "A weight typed by hand needs a gold supervisor and a reason; weigh on "
                    "a balance."
                )
            )
        if not cap.reason:
            raise ValidationError(
                _("A weight typed by hand needs a reason (reason): say why it was not weighed.")
            )
