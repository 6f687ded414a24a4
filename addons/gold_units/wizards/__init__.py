from . import gold_alloy_calculator, gold_price_import
