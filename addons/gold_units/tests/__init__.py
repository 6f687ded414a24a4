from . import (
    test_alloy_calculator,
    test_gold_price,
    test_gold_purity,
    test_quantity_digits,
    test_uom,
    test_weight_widget_tour,
)
