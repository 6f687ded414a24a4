from . import gold_price, gold_purity, product_template, res_company, res_config_settings, uom_uom
