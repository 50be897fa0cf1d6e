"""aptheory.core.bench: the quick table runs and has its columns; the loop baseline is correct.

No timing is asserted (speed is measured by the benchmark, never by a test).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory.core import bench, fastap, ranking
from aptheory.strategies import ranking_instances


def _check_quick_table(out: list[str]) -> None:
    assert out[0].startswith("numpy ") and "load average" in out[0]
    assert out[1].split() == list(bench.COLUMNS)
    rows = out[2:-1]
    n_rows = len(bench.QUICK_POSITIVES) * len(bench.QUICK_NEGATIVES)
    assert len(rows) == n_rows
    seen = set()
    for line in rows:
        cells = line.split()
        assert len(cells) == len(bench.COLUMNS)
        seen.add((int(cells[0]), int(float(cells[1]))))
        assert cells[6].endswith("x")
        # the fast version and the loop agree on these tie-free instances
        assert float(cells[8]) <= 1e-9
    expected = {(p, n) for p in bench.QUICK_POSITIVES for n in bench.QUICK_NEGATIVES}
    assert seen == expected
    assert out[-1].startswith("peak memory at |P|=100, |N|=10000")


def test_quick_table_has_rows_with_the_expected_columns():
    text, status = bench.run_bench_command(quick=True, repeat=1, progress=False)
    assert status == 0 and text.endswith("\n")
    _check_quick_table(text.splitlines())


def test_cli_prints_the_quick_table(capsys):
    from aptheory import cli

    assert cli.main(["bench", "--quick", "--repeat", "1", "--quiet"]) == 0
    _check_quick_table(capsys.readouterr().out.splitlines())


def test_cli_defaults_to_the_full_table(monkeypatch):
    from aptheory import cli

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        return "", 0

    monkeypatch.setattr(bench, "run_bench_command", fake)
    assert cli.main(["bench"]) == 0
    assert seen == {"quick": False, "seed": 0, "repeat": 5, "progress": None}
    assert bench.FULL_POSITIVES == (100, 1000, 5000)
    assert bench.FULL_NEGATIVES == (10_000, 100_000, 1_000_000)


def test_bad_arguments_raise_naming_them():
    with pytest.raises(ValueError, match="--repeat"):
        bench.run_bench_command(quick=True, repeat=0)
    with pytest.raises(TypeError, match="quick"):
        bench.run_bench_command(quick=1)
    with pytest.raises(ValueError, match="seed"):
        bench.run_bench_command(quick=True, seed=-1)
    with pytest.raises(ValueError, match="positives"):
        bench.run_table([0], [10], repeat=1, progress=False)
    with pytest.raises(ValueError, match="n_neg"):
        bench.measure_memory(2, -1)


def test_run_table_rows_and_memory_row():
    rows = bench.run_table([3], [50, 200], seed=1, repeat=1, progress=False)
    assert [(r.n_pos, r.n_neg) for r in rows] == [(3, 50), (3, 200)]
    for r in rows:
        assert min(r.fast, r.fast_heaviside, r.loop, r.argsort) > 0
        assert r.loop_over_fast == r.loop / r.fast
        assert r.fast_over_argsort == r.fast / r.argsort
        assert r.max_grad_diff <= 1e-9
    mem = bench.measure_memory(20, 2000, seed=1)
    assert mem.input_bytes == 2020 * 9
    assert mem.peak_bytes > 0 and mem.ratio == mem.peak_bytes / mem.input_bytes
    text = bench.format_table(rows)
    assert len(text.splitlines()) == 3


def test_bench_instance_is_seeded_and_shaped():
    a = bench.bench_instance(4, 30, np.random.default_rng(3))
    b = bench.bench_instance(4, 30, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert a[1].sum() == 4 and a[0].shape == (34,)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.one_of(ranking_instances(max_size=14), ranking_instances(max_size=14, ties=False)),
    st.sampled_from([1.0, 0.5, 2.0]),
)
def test_per_positive_loop_matches_the_reference(instance, delta):
    """The official-layout loop is the training form, ties included."""
    loss_ref, grad_ref = ranking.ap_loss_grad(
        instance.scores, instance.positive, step="piecewise", delta=delta, interpolated=True
    )
    loss, grad = bench.per_positive_loop(instance.scores, instance.positive, delta=delta)
    assert loss == pytest.approx(loss_ref, abs=1e-12)
    np.testing.assert_allclose(grad, grad_ref, rtol=0, atol=1e-12)


def test_loop_and_fast_agree_at_benchmark_scale():
    scores, positive = bench.bench_instance(30, 20_000, np.random.default_rng(5))
    _, g_loop = bench.per_positive_loop(scores, positive)
    _, g_fast = fastap.ap_loss_grad(scores, positive, step="piecewise", interpolated=True)
    np.testing.assert_allclose(g_fast, g_loop, rtol=0, atol=1e-9)
