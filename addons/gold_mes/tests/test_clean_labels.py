from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCleanLabels(TransactionCase):
    """No two fields of a model share a label where gold_mes added one of them: Odoo
    warns of it, and the user cannot tell the two apart in a filter or an export."""

    def test_no_label_twice(self):
        doubles = []
        for name in self.env.registry:
            model = self.env[name]
            seen = {}
            for field in model._fields.values():
                other = seen.setdefault(field.string, field)
                if other is not field and "gold_mes" in (field._module, other._module):
                    doubles.append(f"{name}: {other.name} / {field.name} ({field.string})")
        self.assertEqual(doubles, [])
