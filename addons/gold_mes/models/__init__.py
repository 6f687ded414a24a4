from . import (
    gold_scale,
    gold_weighing,
    mrp_production,
    mrp_routing_workcenter,
    mrp_workcenter,
    mrp_workorder,
    res_company,
    stock_move,
)
