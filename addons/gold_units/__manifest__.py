{
    "name": "Gold Units",
    "summary": "Gold weight units (lượng, chỉ, tael, troy ounce, tola…), purity, fine gold, "
    "gold price and alloy maths, exact to 0.1 mg",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "license": "LGPL-3",
    "author": "Gold MES",
    "website": "https://github.com/gold-mes/gold-mes",
    "depends": ["product", "uom"],
    "data": [
        "security/gold_units_security.xml",
        "security/ir.model.access.csv",
        "data/decimal_precision_data.xml",
        "data/uom_uom_data.xml",
        "data/gold_purity_data.xml",
        "views/gold_purity_views.xml",
        "views/gold_price_views.xml",
        "views/product_template_views.xml",
        "views/uom_uom_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/gold_price_import_views.xml",
        "wizards/gold_alloy_calculator_views.xml",
        "views/gold_units_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "gold_units/static/src/gold_weight_field/*",
            "gold_units/static/src/quantity_digits/*",
        ],
        "web.assets_tests": [
            "gold_units/static/tests/tours/*",
        ],
    },
    "post_init_hook": "post_init_hook",
}
