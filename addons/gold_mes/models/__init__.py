from . import mrp_routing_workcenter
from . import mrp_workcenter
from . import gold_scale
from . import gold_weighing
from . import mrp_workorder
from . import mrp_production
from . import res_company
from . import stock_move
