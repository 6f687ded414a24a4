"""Driving a running simulator by hand (issue 12 point 4): the command language, the
terminal (the simulator's stdin and stdout on a real pty) and the HTTP control channel,
each checked through what a reader on the balance's own pty receives."""

import http.client
import json
import os
import re
import select
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from gold_mes.hw_scale.protocols import get_protocol
from gold_mes.hw_scale.reader import BalanceReader
from gold_mes.hw_scale.sim_control import CommandError, ControlServer, run_command
from gold_mes.hw_scale.simulator import VirtualBalance
from gold_mes.hw_scale.transport import SerialTransport

SIM = Path(__file__).resolve().parent.parent / "bin" / "gold-scale-sim"
MT = get_protocol("mt_sics")


def is_weight(value):
    return lambda r: r.capturable and r.net == Decimal(value)


# ---------------------------------------------------------------- the language


@pytest.fixture
def balance():
    sim = VirtualBalance("mt_sics", decimals=3, seed=4).start()
    yield sim
    sim.stop()


def test_commands_change_what_the_balance_shows(balance):
    assert run_command(balance, "put 46.275") == "46.275 g stable"
    assert run_command(balance, "unstable").endswith("unstable")
    assert run_command(balance, "stable") == "46.275 g stable"
    assert run_command(balance, "overload") == "overload"
    assert run_command(balance, "off") == "0.000 g stable"
    assert run_command(balance, "PUT 1.5") == "1.500 g stable"
    assert run_command(balance, "unit ct") == "1.500 ct stable"
    assert run_command(balance, "unit g") == "1.500 g stable"
    assert run_command(balance, "put 2 0.5").endswith("unstable")  # settling
    assert "put" in run_command(balance, "help") and "overload" in run_command(balance, "help")
    assert run_command(balance, "unplug") == "unplugged"
    assert run_command(balance, "replug").endswith("stable")


@pytest.mark.parametrize(
    "line",
    ["", "   ", "jump", "put", "put abc", "put 1e3", "put -1", "put 1_000", "put \u0661",
     "put 99999", "put 1 -2", "put 1 2 3", "unit", "unit c t", "unit 12", "drift x",
     "put 1\n", "x" * 300, "stable now"],
)  # fmt: skip
def test_bad_commands_are_refused_and_change_nothing(balance, line):
    run_command(balance, "put 3.25")
    with pytest.raises(CommandError):
        run_command(balance, line)
    assert run_command(balance, "status") == "3.250 g stable"


# ---------------------------------------------------------------- the terminal


class Terminal:
    """The simulator as a user runs it: bin/gold-scale-sim with a pty as its terminal."""

    def __init__(self, *args):
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, str(SIM), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
        )
        os.close(slave)
        self.output = ""

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def expect(self, pattern: str, timeout: float = 5.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            if m := re.search(pattern, self.output):
                self.output = self.output[m.end() :]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} in terminal output {self.output!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.output += os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the simulator exited
                    raise AssertionError(f"simulator gone; output {self.output!r}") from None

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    made = []

    def start(*args):
        term = Terminal("-p", "mt_sics", "-l", str(tmp_path / "balance"), "--decimals", "3",
                        *args)  # fmt: skip
        made.append(term)
        term.expect(r"on " + re.escape(str(tmp_path / "balance")))
        return term

    yield start
    for term in made:
        term.close()


@pytest.fixture
def reader_on(request):
    readers = []

    def make(port):
        reader = BalanceReader("sim", MT, SerialTransport(port, MT), reconnect_delay=0.1)
        reader.start()
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.stop()


def test_terminal_commands_reach_the_reader_on_the_balance_pty(terminal, reader_on, tmp_path):
    term = terminal()
    term.expect("type help")
    reader = reader_on(str(tmp_path / "balance"))
    term.type("put 46.275")
    term.expect(r"46\.275 g stable")
    assert reader.wait_reading(is_weight("46.275"), 3.0) is not None
    term.type("unstable")
    term.expect("unstable")
    assert reader.wait_reading(lambda r: not r.stable, 2.0) is not None
    assert reader.next_stable(0.6) is None  # no stable reading while the pan moves
    term.type("stable")
    assert reader.wait_reading(is_weight("46.275"), 2.0) is not None
    term.type("overload")
    term.expect("overload")
    over = reader.wait_reading(lambda r: r.overload, 2.0)
    assert over is not None and not over.capturable
    term.type("off")
    assert reader.wait_reading(is_weight("0.000"), 2.0) is not None
    term.type("bogus 1")
    term.expect("error: unknown command 'bogus'")
    term.type("help")
    term.expect(r"put 46\.275")


def test_http_control_channel_drives_the_balance(terminal, reader_on, tmp_path):
    term = terminal("--control-port", "0", "--control-token", "tk", "--no-stdin")
    url = term.expect(r"control on http://127\.0\.0\.1:(\d+)")
    port = int(url[1])
    reader = reader_on(str(tmp_path / "balance"))

    def post(body, token="tk"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        conn.request("POST", "/command", body=json.dumps(body), headers=headers)
        resp = conn.getresponse()
        answer = resp.status, json.loads(resp.read())
        conn.close()
        return answer

    status, body = post({"command": "put 12.5"})
    assert status == 200 and body["ok"] and body["display"]["value"] == "12.500"
    assert reader.wait_reading(is_weight("12.500"), 3.0) is not None
    status, body = post({"command": "unstable"})
    assert status == 200 and body["display"]["stable"] is False
    assert reader.wait_reading(lambda r: not r.stable, 2.0) is not None
    for bad in ({"command": "put lots"}, {"command": ["put", 1]}, {}, {"command": "x" * 500}):
        status, body = post(bad)
        assert status == 400 and body["ok"] is False and body["error"]
    assert post({"command": "off"}, token=None)[0] == 401
    assert post({"command": "off"}, token="wrong")[0] == 401
    status, body = post({"command": "stable"})
    assert status == 200 and body["display"]["value"] == "12.500"  # refusals changed nothing


def test_control_server_in_process(balance):
    control = ControlServer(balance).start()
    try:
        host, port = control.httpd.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=5)
        conn.request("GET", "/status")
        resp = conn.getresponse()
        body = json.loads(resp.read())
        assert resp.status == 200 and body["display"]["protocol"] == "mt_sics"
        conn.request("POST", "/command", body="[", headers={"Content-Length": "1"})
        resp = conn.getresponse()
        assert resp.status == 400 and json.loads(resp.read())["ok"] is False
        conn.close()
    finally:
        control.stop()
