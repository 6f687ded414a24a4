from . import (
    gold_price,
    gold_purity,
    ir_http,
    ir_qweb_field_float,
    product_template,
    res_company,
    res_config_settings,
    uom_uom,
)
