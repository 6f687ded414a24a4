"""Virtual balances for the in-Odoo scale tests: one on a pty read by Odoo itself, one
behind a scale proxy on 127.0.0.1, both cleaned up with every thread they started."""

import time
from decimal import Decimal

from ..hw_scale.link import READERS
from ..hw_scale.proxy import ScaleProxy, config_from_dict
from ..hw_scale.simulator import VirtualBalance

PROXY_TOKEN = "proxy-token-7"
PROXY_SECRET = "proxy-secret-7"
PROXY_BALANCE = "bench-7"
READER_LOGGER = "odoo.addons.gold_mes.hw_scale.reader"


class VirtualBalancesMixin:
    """Mixed into a TransactionCase / HttpCase after ``GoldMesFixture``."""

    @classmethod
    def _start_virtual_balances(cls):
        cls.sim_local = VirtualBalance("mt_sics", seed=11, capacity="220").start()
        cls.addClassCleanup(cls.sim_local.stop)
        cls.addClassCleanup(READERS.stop_all)
        cls.sim_proxy = VirtualBalance("and", seed=12, capacity="220").start()
        cls.addClassCleanup(cls.sim_proxy.stop)
        config = config_from_dict(
            {
                "token": PROXY_TOKEN,
                "port": 0,
                "balances": [
                    {
                        "id": PROXY_BALANCE,
                        "protocol": "and",
                        "port": cls.sim_proxy.port,
                        "secret": PROXY_SECRET,
                    }
                ],
            }
        )
        cls.proxy = ScaleProxy(config).start()
        cls.addClassCleanup(cls.proxy.stop)
        cls.scale_local = cls.env["gold.scale"].create(
            {
                "name": "Casting balance (local)",
                "serial": "SN-LOCAL-1",
                "protocol": "mt_sics",
                "connection": "local",
                "port": cls.sim_local.port,
                "capacity_g": 220,
                "readability_g": 0.01,
            }
        )
        cls.scale_proxy = cls.env["gold.scale"].create(
            {
                "name": "Filing balance (proxy)",
                "serial": "SN-PROXY-1",
                "protocol": "and",
                "connection": "proxy",
                "proxy_url": cls.proxy.url,
                "proxy_balance_id": PROXY_BALANCE,
                "proxy_token": PROXY_TOKEN,
                "secret": PROXY_SECRET,
                "capacity_g": 220,
                "readability_g": 0.01,
            }
        )

    def _reset_balances(self):
        for sim in (self.sim_local, self.sim_proxy):
            with sim._lock:  # a test that failed half-way may have left a tare behind
                sim._tare = Decimal(0)
            sim.replug()
            sim.set_unit("g")
            sim.set_unstable(False)
            sim.set_overload(False)
            sim.place(0)
        self._wait_until(lambda: self.proxy.readers[PROXY_BALANCE].online)

    def _latest(self, scale):
        """The balance's last reading as the scale's link reports it (None if none)."""
        return scale._gold_link().status()["latest"]

    def _wait_latest(self, scale, check):
        self._wait_until(lambda: (latest := self._latest(scale)) is not None and check(latest))

    def _load(self, scale, grams):
        """Place ``grams`` on the balance of ``scale`` and wait until its reader shows it."""
        sim = self.sim_local if scale.connection == "local" else self.sim_proxy
        sim.place(grams)
        self._wait_latest(
            scale, lambda r: r["stable"] and r["net"] and Decimal(r["net"]) == Decimal(grams)
        )

    @staticmethod
    def _wait_until(predicate, timeout=3.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("condition not reached in time")
            time.sleep(0.02)

    @staticmethod
    def _grams(text):
        return Decimal(text)
