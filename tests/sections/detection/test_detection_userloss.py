"""aptheory.sections.detection.userloss: a user's loss is loaded, trained and checked."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest

from aptheory import cli
from aptheory.sections.detection.comparison import run_detection_command
from aptheory.sections.detection.training import train
from aptheory.sections.detection.userloss import (
    UserLoss,
    check_user_loss_output,
    load_user_loss,
)

#: The small loss of these tests: logistic loss over every pair, with its exact gradient,
#: and broken variants of it.
LOSSES_PY = textwrap.dedent(
    """
    import numpy as np

    def logistic(scores, positive):
        y = np.where(positive, 1.0, -1.0)
        n = positive.sum()
        return np.logaddexp(0.0, -y * scores).sum() / n, -y / (1.0 + np.exp(y * scores)) / n

    def wrong_shape(scores, positive):
        return 0.0, np.zeros(scores.size + 1)

    def nan_grad(scores, positive):
        grad = np.zeros_like(scores)
        grad[0] = np.nan
        return 0.0, grad

    def inf_loss(scores, positive):
        return float("inf"), np.zeros_like(scores)

    def not_a_pair(scores, positive):
        return np.zeros_like(scores)

    def raises(scores, positive):
        raise RuntimeError("boom\\nsecond line")

    NOT_CALLABLE = 3
    """
)


@pytest.fixture()
def losses_py(tmp_path):
    path = tmp_path / "my_losses.py"
    path.write_text(LOSSES_PY)
    return path


def test_logistic_user_loss_from_a_file_matches_its_numerical_gradient(losses_py):
    loss = load_user_loss(f"{losses_py}:logistic")
    rng = np.random.default_rng(0)
    scores = rng.normal(size=20)
    positive = np.zeros(20, dtype=bool)
    positive[[2, 7]] = True
    value, grad = loss(scores, positive)
    assert grad.shape == scores.shape and grad.dtype == np.float64
    eps = 1e-6
    for i in (2, 3):
        bumped = scores.copy()
        bumped[i] += eps
        assert grad[i] == pytest.approx((loss(bumped, positive)[0] - value) / eps, abs=1e-5)


def test_a_user_loss_by_module_name_is_the_builtin_auc_run(tiny_comparison):
    """``--loss aptheory.sections.detection.losses:auc_loss`` is the AUC-loss itself: the
    user-loss path (loading, checking, lifting to the minibatch, raw-score evaluation) gives
    the built-in run exactly."""
    (spec,) = tiny_comparison.config.user_losses
    assert spec == "aptheory.sections.detection.losses:auc_loss"
    mine, builtin = tiny_comparison.runs_of(spec), tiny_comparison.runs_of("auc")
    assert [r.seed for r in mine] == [0, 1]
    for a, b in zip(mine, builtin, strict=True):
        assert a.loss == spec and b.loss == "auc"
        assert a.det_curve == b.det_curve and a.curve == b.curve
        assert a.train_loss == b.train_loss and a.det_ap75 == b.det_ap75


@pytest.mark.parametrize(
    "function, message",
    [
        ("wrong_shape", r"grad must have the shape of scores \(\d+,\), got \(\d+,\)"),
        ("nan_grad", r"grad must be finite, got 1 NaN or inf value"),
        ("inf_loss", r"the loss must be finite"),
        ("not_a_pair", r"must return a pair \(loss, grad\)"),
        ("raises", r"raised RuntimeError: boom second line"),
    ],
)
def test_a_misbehaving_user_loss_stops_training_with_one_line(
    losses_py, tiny_data, tiny, function, message
):
    spec = f"{losses_py}:{function}"
    with pytest.raises(ValueError, match=message) as info:
        train(tiny_data, load_user_loss(spec), tiny.train, 3)
    text = str(info.value)
    assert "\n" not in text and text.startswith(f"--loss {spec}: ")


@pytest.mark.parametrize(
    "spec, message",
    [
        ("no_colon", "must be MODULE:FUNCTION"),
        ("mod:", "must be MODULE:FUNCTION"),
        ("mod:not an identifier", "must be MODULE:FUNCTION"),
        ("aptheory_no_such_module_xyz:f", "cannot import aptheory_no_such_module_xyz"),
        ("/no/such/file.py:f", "no such file"),
        ("{path}:missing", "has no attribute 'missing'"),
        ("{path}:NOT_CALLABLE", "NOT_CALLABLE is not callable"),
    ],
)
def test_a_user_loss_that_cannot_be_loaded_is_one_line(losses_py, spec, message):
    with pytest.raises(ValueError, match=message) as info:
        load_user_loss(spec.format(path=losses_py))
    assert "\n" not in str(info.value) and "--loss" in str(info.value)


def test_a_module_that_fails_to_import_is_one_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy\nraise ValueError('not\\ntoday')\n")
    with pytest.raises(ValueError, match=r"cannot import .*bad.py \(ValueError: not today\)"):
        load_user_loss(f"{bad}:f")


def test_output_checks_accept_lists_and_integers():
    value, grad = check_user_loss_output([1, [0, 1, 2]], (3,), "m:f")
    assert value == 1.0 and grad.dtype == np.float64
    with pytest.raises(ValueError, match="real number"):
        check_user_loss_output((np.zeros(2), np.zeros(3)), (3,), "m:f")
    with pytest.raises(ValueError, match="real array"):
        check_user_loss_output((0.0, np.array(["a", "b", "c"])), (3,), "m:f")
    with pytest.raises(ValueError, match="real number"):
        check_user_loss_output((True, np.zeros(3)), (3,), "m:f")


def test_the_loss_gets_copies_of_its_inputs():
    seen = []

    def greedy(scores, positive):
        scores[:] = 0.0  # must not reach the trainer's arrays
        seen.append(positive.dtype)
        return 0.0, np.zeros_like(scores)

    scores = np.arange(4.0)
    UserLoss("m:greedy", greedy)(scores, np.array([True, False, False, False]))
    assert scores.tolist() == [0.0, 1.0, 2.0, 3.0] and seen == [np.dtype(bool)]


def test_the_command_adds_a_user_loss_row_with_both_views(losses_py, tiny):
    spec = f"{losses_py}:logistic"
    text, status = run_detection_command(
        seeds=1, as_json=True, progress=False, config=tiny, user_losses=[spec]
    )
    assert status == 0
    rows = {r["loss"]: r for r in json.loads(text)}
    assert list(rows)[-1] == spec and len(rows) == 6
    assert 0.0 <= rows[spec]["det_ap"] <= 1.0 and rows[spec]["label"] == spec
    assert "paper_ap" not in rows[spec]


@pytest.mark.parametrize("function", ["wrong_shape", "nan_grad"])
def test_cli_reports_a_bad_user_loss_in_one_line_exit_2(losses_py, capsys, function):
    argv = ["detection", "--quick", "--seeds", "1", "--quiet", "--loss", f"{losses_py}:{function}"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"aptheory: error: --loss {losses_py}:{function}: grad must")
    assert err.count("\n") == 1


def test_cli_refuses_an_unloadable_loss_before_any_work(capsys):
    import time

    start = time.perf_counter()
    assert cli.main(["detection", "--loss", "aptheory_no_such_module_xyz:f"]) == 2
    assert time.perf_counter() - start < 2.0
    err = capsys.readouterr().err
    assert err.startswith("aptheory: error: --loss aptheory_no_such_module_xyz:f: cannot import")
    assert err.count("\n") == 1
