"""`make bench` collects every bench's figures into one page, failures included."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_bench_is_reported_and_a_failure_fails_the_run(tmp_path):
    (tmp_path / "bench_fast.py").write_text("print('fast: 2.0 s, baseline 4.0 s, ratio 2.0x')\n")
    (tmp_path / "bench_broken.py").write_text("raise SystemExit('no database')\n")
    (tmp_path / "helper.py").write_text("raise SystemExit('not a bench')\n")
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_bench.py"), "--dir", str(tmp_path), "--no-year"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    page = (tmp_path / "README.md").read_text()
    assert "| `bench_fast.py` | ok |" in page
    assert "| `bench_broken.py` | FAILED (exit 1) |" in page
    assert "ratio 2.0x" in page and "no database" in page
    assert "helper.py" not in page
    assert "| CPU |" in page and "| PostgreSQL |" in page


def test_a_run_of_one_bench_keeps_the_others_on_the_page(tmp_path):
    (tmp_path / "bench_fast.py").write_text("print('fast: 2.0 s, ratio 2.0x')\n")
    (tmp_path / "bench_slow.py").write_text("print('slow: 9.0 s, ratio 1.1x')\n")
    command = [sys.executable, str(ROOT / "tools" / "run_bench.py"), "--dir", str(tmp_path)]
    subprocess.run([*command, "--no-year"], capture_output=True, check=True)
    (tmp_path / "bench_fast.py").write_text("print('fast: 1.5 s, ratio 2.7x')\n")
    subprocess.run([*command, "--no-year", "--only", "fast"], capture_output=True, check=True)
    page = (tmp_path / "README.md").read_text()
    assert "ratio 2.7x" in page and "ratio 2.0x" not in page
    assert "| `bench_slow.py` | ok |" in page and "slow: 9.0 s, ratio 1.1x" in page
    assert page.index("## bench_fast.py") < page.index("## bench_slow.py")
    assert page.count("(from an earlier run of make bench)") == 1
