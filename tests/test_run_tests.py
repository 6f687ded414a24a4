"""tools/run_tests.py: how it reads Odoo's test log."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "run_tests", Path(__file__).resolve().parent.parent / "tools" / "run_tests.py"
)
run_tests = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(run_tests)

HEAD = "2026-12-01 10:00:00,000 1234 INFO db odoo.modules.loading: Modules loaded.\n"
TOUR_SKIP = (
    "2026-12-01 10:00:01,000 1234 INFO db odoo.addons.gold_units.tests.test_weight_widget_tour:"
    " skipped TestWeightWidgetTour.test_typed_weight_in_english :"
    " websocket-client module is not installed\n"
)
OTHER_SKIP = (
    "2026-12-01 10:00:02,000 1234 INFO db odoo.addons.gold_mes.tests.test_rpc:"
    " skipped TestRpc.test_over_xmlrpc : no network here\n"
)
RESULT = (
    "2026-12-01 10:00:09,000 1234 INFO db odoo.tests.result:"
    " 0 failed, 0 error(s) of 10 tests when loading database 'db'\n"
)
TAIL = "2026-12-01 10:00:10,000 1234 INFO db odoo.service.server: Initiating shutdown\n"


def parse(text, expect_tours=False, **python):
    layer = run_tests.Layer("odoo")
    run_tests.parse_odoo_log(layer, text, expect_tours=expect_tours, **python)
    return layer


def test_skips_in_the_middle_of_the_log_are_counted():
    """The old pattern matched only a skip on the log's last line: 0 skipped."""
    layer = parse(HEAD + TOUR_SKIP + OTHER_SKIP + RESULT + TAIL)
    assert layer.skipped == 2
    assert layer.passed == 8
    assert layer.failed == 0


def test_a_skipped_tour_fails_where_chromium_is():
    layer = parse(HEAD + TOUR_SKIP + RESULT + TAIL, expect_tours=True)
    assert layer.failed == 1
    assert layer.skipped == 1
    assert any("Chromium is here" in note for note in layer.notes)


def test_a_skipped_tour_without_chromium_is_a_skip_not_a_failure():
    layer = parse(HEAD + TOUR_SKIP + RESULT + TAIL, expect_tours=False)
    assert layer.failed == 0
    assert layer.skipped == 1


def test_missing_websocket_client_says_how_to_install_it():
    layer = parse(HEAD + TOUR_SKIP + RESULT + TAIL, expect_tours=True, python="/opt/py")
    assert any("/opt/py -m pip install websocket-client" in note for note in layer.notes)


def test_other_skips_do_not_fail_the_run():
    layer = parse(HEAD + OTHER_SKIP + RESULT + TAIL, expect_tours=True)
    assert (layer.passed, layer.failed, layer.skipped) == (9, 0, 1)


def test_no_result_line_is_a_failure():
    layer = parse(HEAD + TAIL)
    assert layer.failed == 1


def test_each_module_is_tested_alone_and_together():
    runs = {modules for _name, modules in run_tests.ODOO_RUNS}
    assert ("gold_units",) in runs
    assert set(run_tests.MODULES) in [set(modules) for modules in runs]
    # the module alone is installed and tested alone, in its own database
    cmd = run_tests.odoo_command("py", "/x/odoo", "db1", ("gold_units",), Path("/tmp/l"))
    assert "--init=gold_units" in cmd
    assert "--test-tags=/gold_units" in cmd


@pytest.mark.parametrize("line", [TOUR_SKIP, OTHER_SKIP])
def test_a_skip_on_the_last_line_still_counts_once(line):
    layer = parse(HEAD + RESULT + line)
    assert layer.skipped == 1
