from . import core, models, wizards


def post_init_hook(env):
    """Quantities of gold must keep 0.1 mg in grams and 0.1 ly in lượng.

    Odoo ships 'Product Unit of Measure' with 2 digits, which rounds 46.275 g to
    46.28 g.  Raise it (never lower it) to the digits our gold units need.
    """
    precision = env.ref("product.decimal_product_uom", raise_if_not_found=False)
    needed = env["uom.uom"]._gold_quantity_digits()
    if precision and precision.digits < needed:
        precision.digits = needed
