"""Odds ratios from aggregated cells: the fit and its bootstrap intervals (issue 8).

Design decisions:
- scikit-learn's LogisticRegression with its default weak ridge penalty (C = 1 with
  weights counted in patients: a few patients' worth of shrinkage towards "no
  difference"), which keeps the estimate finite for a group where everyone, or no one,
  was screened, and is negligible for groups of any size. The Newton-Cholesky solver
  suits many rows and few one-hot columns: about 5 iterations, a few milliseconds a fit.
- Intervals: a nonparametric bootstrap over patients, drawn as a multinomial over the
  (cell, outcome) counts (the same as resampling patients with replacement), refitted
  `resamples` times with a seeded generator; the 2.5th and 97.5th percentiles. The same
  seed and data give the same intervals.
- Small numbers: with suppression on, a group with 1-7 screened or 1-7 not screened, or a
  hidden eligible count, gets no odds ratio (its estimate would reveal roughly how many);
  it still takes part in the fit, so the other groups stay adjusted for it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression

from screening.uptake.rules.suppression import LOWEST_SHOWN, Published, primary


@dataclass(frozen=True)
class OddsRow:
    group: str
    eligible: Published
    odds_ratio: float | None  # None: too few to report (suppressed), or not estimable
    ci_low: float | None
    ci_high: float | None
    reference: bool


def _design(cells: pd.DataFrame, covariates: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """One-hot columns against each covariate's largest group (dropped: the reference)."""
    references, blocks = {}, []
    for name in covariates:
        sizes = cells.groupby(name, sort=True)["eligible"].sum()
        references[name] = str(sizes.idxmax())
        levels = [level for level in sizes.index if level != references[name]]
        blocks.append(pd.DataFrame({f"{name}={level}": (cells[name] == level).astype(float) for level in levels},
                                   index=cells.index))  # fmt: skip
    return pd.concat(blocks, axis=1) if blocks else pd.DataFrame(index=cells.index), references


def _fit(x: np.ndarray, screened: np.ndarray, missed: np.ndarray) -> np.ndarray:
    rows = np.vstack([x, x])
    outcome = np.r_[np.ones(len(x)), np.zeros(len(x))]
    weight = np.r_[screened, missed].astype(float)
    keep = weight > 0
    model = LogisticRegression(C=1.0, solver="newton-cholesky", max_iter=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a bootstrap draw may stop near, not at, the optimum
        model.fit(rows[keep], outcome[keep], sample_weight=weight[keep])
    return model.coef_[0]


def odds_from_cells(
    cells: pd.DataFrame, dimension: str, *, suppress: bool, resamples: int = 200, seed: int = 8
) -> list[OddsRow]:
    """The model on aggregated cells: one row per covariate pattern with `eligible` and
    `screened` counts, and a column per covariate (the dimension first)."""
    if cells.empty or cells["screened"].sum() in (0, cells["eligible"].sum()):
        return []
    covariates = [name for name in cells.columns if name not in ("eligible", "screened") and cells[name].nunique() > 1]
    design, _ = _design(cells, covariates)
    sizes = cells.groupby(dimension, sort=False)[["eligible", "screened"]].sum()
    reference = str(sizes["eligible"].idxmax())
    if design.shape[1] == 0:  # one group, one site, one age band, one gender: nothing to compare
        return [
            OddsRow(
                reference,
                primary(int(sizes["eligible"].iloc[0])) if suppress else int(sizes["eligible"].iloc[0]),
                1.0,
                None,
                None,
                True,
            )
        ]
    x = design.to_numpy()
    screened = cells["screened"].to_numpy()
    missed = (cells["eligible"] - cells["screened"]).to_numpy()
    columns = [c for c in design.columns if c.startswith(f"{dimension}=")]
    index = [list(design.columns).index(c) for c in columns]
    estimate = np.exp(_fit(x, screened, missed)[index])
    rng = np.random.default_rng(seed)
    both = np.r_[screened, missed]
    draws = []
    # The first fit checked the inputs; the resamples have the same shapes and types.
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        for _ in range(resamples):
            sample = rng.multinomial(both.sum(), both / both.sum())
            hit, miss = sample[: len(x)], sample[len(x) :]
            if hit.sum() and miss.sum():  # a tiny service can draw nobody screened (or nobody missed)
                draws.append(np.exp(_fit(x, hit, miss)[index]))
    low, high = np.percentile(np.array(draws), [2.5, 97.5], axis=0) if draws else (estimate * np.nan,) * 2
    rows = []
    for group, (eligible, hit) in sizes.iterrows():
        small = suppress and (0 < hit < LOWEST_SHOWN or 0 < eligible - hit < LOWEST_SHOWN)
        shown_eligible = primary(int(eligible)) if suppress else int(eligible)
        name = f"{dimension}={group}"
        if str(group) == reference:
            rows.append(OddsRow(str(group), shown_eligible, 1.0, None, None, True))
        elif small or name not in columns:
            rows.append(OddsRow(str(group), shown_eligible, None, None, None, False))
        else:
            i = columns.index(name)
            bounds: tuple[float | None, float | None] = (
                (None, None) if np.isnan(low[i]) else (float(low[i]), float(high[i]))
            )
            rows.append(OddsRow(str(group), shown_eligible, float(estimate[i]), *bounds, False))
    return rows
