"""Early warning of drop-out: a student's weekly record turned into features, a calibrated
model of leaving within the coming weeks, and the reasons behind each score.

Pure: NumPy and scikit-learn, no Django. The weeks are a dense panel, one row per student and
one column per week (week 1 is column 0), so that a whole network is scored with array
operations. **Only the weeks before the prediction week's end are read**: ``features(panel,
at=W)`` looks at columns ``0 .. W-1`` (weeks 1 to W) and nothing else, whatever the panel
holds after them (``tests/engine/test_risk.py`` proves it by truncating the panel).

Features (no demographic attribute, by design):

The weeks are the centre's **open weeks** up to W (those in which some student of the panel
attended): a school holiday is nobody's absence.

- ``attendance``: the share of the last four weeks (fewer at the start) with a session
  attended;
- ``attendance_trend``: the last two weeks' attendance minus the two weeks before;
- ``absent_in_row``: weeks without a session attended, counted back from week W;
- ``rule_alert``: 1 when that run reaches the rule's ``RULE_ABSENCES`` (the rule's own
  signal, which a linear model cannot draw from the run alone);
- ``weeks_since_visit``: weeks since the last one attended (W when never);
- ``activities``: activities done per week over the last four weeks;
- ``activity_trend``: activities of the last two weeks minus the two weeks before, per week;
- ``attendance_all``: the share of the open weeks attended since week 1;
- ``minutes``: log(1 + minutes of work per week) over the last four weeks; ``minutes_last``
  the same for the last open week, ``minutes_trend`` the last two weeks' against the two
  before;
- ``pace``: activities done since week 1 per week, over the centre's usual pace (the median of
  the students scored together, at the same week);
- ``returned_open``: projects returned for changes and not yet resubmitted (returned minus
  later submissions, at least 0);
- ``labs_withdrawn``: lab seats given up or not attended.

Models: ``rule`` (the N-absences-in-a-row rule Parcours used before: the score is the run of
absences, the weeks since the last visit breaking ties) and ``RiskModel``, a logistic
regression on the standardised features with Platt calibration by cross-validation; each
student's reasons are the features that push their log-odds up the most, in words
(``reasons``). The choice and the figures behind it: docs/decisions/0029-risk-model.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score

FloatArray = NDArray[np.float64]

COLUMNS = (
    "present",
    "activities",
    "minutes",
    "projects_submitted",
    "projects_returned",
    "labs_withdrawn",
)

FEATURES = (
    "attendance",
    "attendance_all",
    "attendance_trend",
    "absent_in_row",
    "rule_alert",
    "weeks_since_visit",
    "activities",
    "activity_trend",
    "minutes",
    "minutes_last",
    "minutes_trend",
    "pace",
    "returned_open",
    "labs_withdrawn",
)

WINDOW = 4  # weeks the recent figures are taken over
HORIZON = 8  # weeks ahead a departure is predicted
RULE_ABSENCES = 3  # the rule's alert: this many weeks in a row without a session attended


@dataclass(frozen=True)
class WeekRow:
    """One student's week, as the weekly CSV and the risk app give it."""

    student: str
    week: int  # from 1
    present: float = 0
    activities: float = 0
    minutes: float = 0
    projects_submitted: float = 0
    projects_returned: float = 0
    labs_withdrawn: float = 0
    left_week: int | None = None  # the first week from which the student never came back


@dataclass
class Panel:
    """Students × weeks: each column of ``COLUMNS`` as an array of shape (students, weeks)."""

    students: list[str]
    values: dict[str, FloatArray]
    left_week: NDArray[np.int64]  # 0 when the student stays
    # the week (from 0) each student joined: before it they were nobody's absence (None: all
    # from the first week)
    first_week: NDArray[np.int64] | None = None

    @property
    def weeks(self) -> int:
        return int(self.values["present"].shape[1])

    def until(self, week: int) -> Panel:
        """The same students with weeks 1 to ``week`` only (what was known at its end)."""
        return Panel(
            self.students,
            {k: v[:, :week].copy() for k, v in self.values.items()},
            self.left_week.copy(),
            None if self.first_week is None else self.first_week.copy(),
        )


def panel_from_rows(rows: Iterable[WeekRow]) -> Panel:
    """A dense panel from week rows (weeks without a row are zeros). Raises ``ValueError`` on
    a week below 1, a negative figure or two rows for the same student and week."""
    rows = list(rows)
    students = sorted({r.student for r in rows})
    index = {s: i for i, s in enumerate(students)}
    weeks = max((r.week for r in rows), default=0)
    values = {c: np.zeros((len(students), weeks)) for c in COLUMNS}
    left = np.zeros(len(students), dtype=np.int64)
    seen: set[tuple[str, int]] = set()
    for r in rows:
        if r.week < 1:
            raise ValueError(f"week {r.week} of {r.student}: weeks start at 1")
        if (r.student, r.week) in seen:
            raise ValueError(f"two rows for {r.student} in week {r.week}")
        seen.add((r.student, r.week))
        i = index[r.student]
        for c in COLUMNS:
            figure = float(getattr(r, c))
            if figure < 0 or math.isnan(figure):
                raise ValueError(f"{c} of {r.student} in week {r.week} is {figure}")
            values[c][i, r.week - 1] = figure
        if r.left_week:
            left[i] = r.left_week
    return Panel(students, values, left)


def _window_mean(a: FloatArray, start: int, stop: int) -> FloatArray:
    """Mean over weeks ``start+1 .. stop`` (column slice), zeros for an empty window."""
    start = max(start, 0)
    if stop <= start:
        return np.zeros(a.shape[0])
    return np.asarray(a[:, start:stop].mean(axis=1), dtype=np.float64)


def _their_mean(a: FloatArray, theirs: FloatArray, start: int, stop: int) -> FloatArray:
    """Mean over weeks ``start+1 .. stop`` of the weeks that are each student's (``theirs``:
    1 from the week they joined); 1.0 where none is yet (nothing missed)."""
    start = max(start, 0)
    if stop <= start:
        return np.zeros(a.shape[0])
    weight = theirs[:, start:stop]
    count = weight.sum(axis=1)
    total = (a[:, start:stop] * weight).sum(axis=1)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1.0), 1.0), dtype=np.float64)


def _run_back(mask: NDArray[np.bool_]) -> FloatArray:
    """For each row, how many True columns end the row (the run counted back from the end)."""
    n, weeks = mask.shape
    if weeks == 0:
        return np.zeros(n)
    reversed_mask = mask[:, ::-1]
    broken = ~reversed_mask
    first_false = np.where(broken.any(axis=1), broken.argmax(axis=1), weeks)
    return np.asarray(first_false, dtype=np.float64)


def features(panel: Panel, at: int) -> FloatArray:
    """The ``FEATURES`` of every student of ``panel`` at the end of week ``at`` (from 1): an
    array of shape (students, len(FEATURES)). Reads weeks 1 to ``at`` only."""
    if at < 1:
        raise ValueError("the prediction week starts at 1")
    # The weeks the centre was open (someone attended): a holiday is nobody's absence. The
    # figures below are taken over the open weeks only, in their order.
    open_weeks = np.flatnonzero((panel.values["present"][:, :at] > 0).any(axis=0))
    known = {k: v[:, open_weeks] for k, v in panel.values.items()}
    weeks = len(open_weeks)
    present = (known["present"] > 0).astype(np.float64)
    # A student who joined during the year: the open weeks before they joined are not
    # theirs (not absences); attendance is taken over the weeks since.
    joined = (
        np.zeros(present.shape[0], dtype=np.int64)
        if panel.first_week is None
        else np.searchsorted(open_weeks, panel.first_week).astype(np.int64)
    )
    theirs = (np.arange(weeks)[None, :] >= joined[:, None]).astype(np.float64)
    recent = max(weeks - WINDOW, 0)
    half = max(weeks - WINDOW // 2, 0)
    attendance = _their_mean(present, theirs, recent, weeks)
    attendance_trend = _their_mean(present, theirs, half, weeks) - _their_mean(
        present, theirs, recent, half
    )
    since_joined = (weeks - joined).astype(np.float64)
    absent_in_row = np.minimum(_run_back(present == 0), since_joined)
    ever = present.any(axis=1)
    last_visit = (
        np.where(ever, weeks - 1 - present[:, ::-1].argmax(axis=1), -1)
        if weeks
        else np.full(present.shape[0], -1)
    )
    weeks_since_visit = np.where(ever, weeks - 1 - last_visit, since_joined)
    activities = known["activities"]
    activity_recent = _window_mean(activities, recent, weeks)
    activity_trend = _window_mean(activities, half, weeks) - _window_mean(activities, recent, half)
    minutes = np.log1p(_window_mean(known["minutes"], recent, weeks))
    minutes_last = np.log1p(_window_mean(known["minutes"], weeks - 1, weeks))
    minutes_trend = np.log1p(_window_mean(known["minutes"], half, weeks)) - np.log1p(
        _window_mean(known["minutes"], recent, half)
    )
    attendance_all = _their_mean(present, theirs, 0, weeks)
    pace_own = activities.sum(axis=1) / np.maximum(since_joined, 1.0)
    usual = float(np.median(pace_own)) if pace_own.size else 0.0
    pace = pace_own / usual if usual > 0 else np.ones_like(pace_own)
    returned_open = _returned_open(known["projects_returned"], known["projects_submitted"])
    labs_withdrawn = known["labs_withdrawn"].sum(axis=1)
    return np.column_stack(
        [
            attendance,
            attendance_all,
            attendance_trend,
            absent_in_row,
            (absent_in_row >= RULE_ABSENCES).astype(np.float64),
            weeks_since_visit,
            activity_recent,
            activity_trend,
            minutes,
            minutes_last,
            minutes_trend,
            pace,
            returned_open,
            labs_withdrawn,
        ]
    ).astype(np.float64)


def _returned_open(returned: FloatArray, submitted: FloatArray) -> FloatArray:
    """Projects returned and not resubmitted: returns pile up, each later submission answers
    one (a submission in the same week as a return does not)."""
    n, weeks = returned.shape
    open_ = np.zeros(n)
    for w in range(weeks):
        open_ = np.maximum(open_ - submitted[:, w], 0) + returned[:, w]
    return open_


def still_there(panel: Panel, at: int) -> NDArray[np.bool_]:
    """Students who had not left by week ``at``: no ``left_week``, or one after ``at``."""
    return np.asarray((panel.left_week == 0) | (panel.left_week > at))


def leaves_within(panel: Panel, at: int, horizon: int = HORIZON) -> NDArray[np.int64]:
    """1 for the students who leave after week ``at`` and by week ``at + horizon``."""
    left = panel.left_week
    return ((left > at) & (left <= at + horizon)).astype(np.int64)


def rule_scores(x: FloatArray) -> FloatArray:
    """The rule's score: the run of weeks without a session attended, the weeks since the
    last visit breaking ties (an alert at ``RULE_ABSENCES`` or more)."""
    col = FEATURES.index
    return np.asarray(x[:, col("absent_in_row")] + x[:, col("weeks_since_visit")] / 1000.0)


@dataclass
class RiskModel:
    """Logistic regression on standardised features, calibrated (Platt, 3-fold CV)."""

    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float
    calibrated: CalibratedClassifierCV | None
    base_rate: float

    @classmethod
    def fit(cls, x: FloatArray, y: NDArray[np.int64], *, seed: int = 0) -> RiskModel:
        """Fit on feature rows ``x`` and outcomes ``y`` (1: left within the horizon). With
        one class only or fewer than 6 of the rarer one, the model scores everyone the base
        rate (the caller falls back to the rule)."""
        mean = x.mean(axis=0) if len(x) else np.zeros(x.shape[1])
        scale = x.std(axis=0) if len(x) else np.ones(x.shape[1])
        scale = np.where(scale > 1e-9, scale, 1.0)
        z = (x - mean) / scale
        base = float(y.mean()) if len(y) else 0.0
        rare = int(min(y.sum(), len(y) - y.sum())) if len(y) else 0
        if rare < 6:
            return cls(mean, scale, np.zeros(x.shape[1]), 0.0, None, base)
        plain = LogisticRegression(C=1.0, max_iter=1000, random_state=seed)
        plain.fit(z, y)
        calibrated = CalibratedClassifierCV(
            LogisticRegression(C=1.0, max_iter=1000, random_state=seed),
            method="sigmoid",
            cv=3,
        )
        calibrated.fit(z, y)
        return cls(
            mean,
            scale,
            np.asarray(plain.coef_[0], dtype=np.float64),
            float(plain.intercept_[0]),
            calibrated,
            base,
        )

    @property
    def usable(self) -> bool:
        return self.calibrated is not None

    def probability(self, x: FloatArray) -> FloatArray:
        """The calibrated probability of leaving within the horizon, per row of ``x``."""
        if self.calibrated is None:
            return np.full(len(x), self.base_rate)
        z = (x - self.mean) / self.scale
        return np.asarray(self.calibrated.predict_proba(z)[:, 1], dtype=np.float64)

    def contributions(self, x: FloatArray) -> FloatArray:
        """Each feature's push on each row's log-odds, against the average student."""
        return np.asarray(((x - self.mean) / self.scale) * self.coef, dtype=np.float64)

    def reasons(self, row: FloatArray, *, most: int = 3) -> list[Reason]:
        """The features that raise this student's risk the most (positive pushes only),
        largest first, with the student's value and the centre's average."""
        pushes = self.contributions(row.reshape(1, -1))[0]
        order = np.argsort(-pushes)
        return [
            Reason(FEATURES[i], float(row[i]), float(self.mean[i]), float(pushes[i]))
            for i in order[:most]
            if pushes[i] > 0.05
        ]


@dataclass(frozen=True)
class Reason:
    feature: str
    value: float
    usual: float
    push: float  # on the log-odds


# --- Measures ----------------------------------------------------------------------------------


def auc(y: Sequence[int] | NDArray[np.int64], score: FloatArray) -> float:
    """Area under the ROC curve (scikit-learn's); nan without both classes."""
    y = np.asarray(y)
    if y.sum() == 0 or y.sum() == len(y):
        return float("nan")
    return float(roc_auc_score(y, score))


def pr_auc(y: Sequence[int] | NDArray[np.int64], score: FloatArray) -> float:
    """Average precision (scikit-learn's, the area under the precision-recall curve); nan
    without positives."""
    y = np.asarray(y)
    if y.sum() == 0:
        return float("nan")
    return float(average_precision_score(y, score))


def recall_at(y: Sequence[int] | NDArray[np.int64], score: FloatArray, share: float = 0.1) -> float:
    """The share of positives among the ``share`` highest scores (ties broken by order)."""
    y = np.asarray(y)
    pos = int(y.sum())
    if pos == 0:
        return float("nan")
    k = max(1, math.ceil(share * len(y)))
    top = np.argsort(-score, kind="mergesort")[:k]
    return float(y[top].sum() / pos)


def precision_at(
    y: Sequence[int] | NDArray[np.int64], score: FloatArray, share: float = 0.1
) -> float:
    """The share of leavers among the ``share`` highest scores."""
    y = np.asarray(y)
    if not len(y):
        return float("nan")
    k = max(1, math.ceil(share * len(y)))
    top = np.argsort(-score, kind="mergesort")[:k]
    return float(y[top].mean())


# --- A centre's own evaluation (the managers' model page) -------------------------------------

CALIBRATION_EDGES = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0)


@dataclass(frozen=True)
class Quality:
    auc: float
    pr_auc: float
    precision_top: float
    recall_top: float


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    rows: int
    predicted: float  # the mean probability given
    observed: float  # the share who left


@dataclass(frozen=True)
class GroupRecall:
    attribute: str
    group: str
    students: int
    rows: int  # student-weeks
    leavers: int  # student-weeks followed by a departure within 8 weeks
    found: int  # leavers among the flagged (the top share, over everyone)
    recall: float


@dataclass(frozen=True)
class Evaluation:
    """How the model would have done on the centre's past: trained on a seeded 70% of its
    students, measured on the other 30%, at every week whose 8 following weeks are known."""

    train_students: int
    test_students: int
    rows: int
    leavers: int
    model: Quality | None  # None: too few leavers to train a model
    rule: Quality
    calibration: list[CalibrationBin]
    groups: list[GroupRecall]  # only groups of at least ``min_cell`` students and leavers
    hidden_groups: int  # groups left out for being under the minimum cell size


def _rows(
    panel: Panel, who: NDArray[np.bool_], weeks: int
) -> tuple[FloatArray, NDArray[np.int64], NDArray[np.int64]]:
    xs, ys, idx = [], [], []
    for week in range(2, weeks - HORIZON + 1):
        there = still_there(panel, week) & who
        if not there.any():
            continue
        xs.append(features(panel.until(week), week)[there])
        ys.append(leaves_within(panel, week)[there])
        idx.append(np.flatnonzero(there))
    if not xs:
        return (
            np.zeros((0, len(FEATURES))),
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
        )
    return np.vstack(xs), np.concatenate(ys), np.concatenate(idx)


def _quality(y: NDArray[np.int64], score: FloatArray, share: float) -> Quality:
    return Quality(
        auc(y, score), pr_auc(y, score), precision_at(y, score, share), recall_at(y, score, share)
    )


def evaluate(
    panel: Panel,
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    seed: int = 7,
    share: float = 0.1,
    min_cell: int = 10,
    min_leavers: int = 6,
) -> Evaluation:
    """Train on a seeded 70% of the panel's students, measure on the other 30% the model and
    the rule: AUC, average precision, precision and recall of the ``share`` flagged; the
    model's calibration; and, for each attribute of ``groups`` (one label per student, ""
    when unknown), the recall of the flagged within each group. A group with fewer than
    ``min_cell`` students, or fewer than ``min_cell`` of them leaving, is not shown (counted in
    ``hidden_groups``): small groups would single out a few students and their figures would
    mean nothing. Rows are student-weeks: a leaver counts at each week before they left."""
    n = len(panel.students)
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    test = np.zeros(n, dtype=bool)
    test[order[: round(0.3 * n)]] = True
    weeks = panel.weeks
    x_train, y_train, _i = _rows(panel, ~test, weeks)
    x_test, y_test, who = _rows(panel, test, weeks)
    rule = _quality(y_test, rule_scores(x_test), share)
    model = RiskModel.fit(x_train, y_train, seed=seed) if len(y_train) else None
    quality: Quality | None = None
    calibration: list[CalibrationBin] = []
    flagged_score = rule_scores(x_test)
    if model is not None and model.usable and int(y_train.sum()) >= min_leavers:
        probability = model.probability(x_test)
        quality = _quality(y_test, probability, share)
        flagged_score = probability
        for low, high in itertools.pairwise(CALIBRATION_EDGES):
            inside = (probability >= low) & ((probability < high) | (high >= 1.0))
            if inside.any():
                calibration.append(
                    CalibrationBin(
                        low,
                        high,
                        int(inside.sum()),
                        float(probability[inside].mean()),
                        float(y_test[inside].mean()),
                    )
                )
    k = max(1, math.ceil(share * len(y_test))) if len(y_test) else 0
    top = np.zeros(len(y_test), dtype=bool)
    top[np.argsort(-flagged_score, kind="mergesort")[:k]] = True
    shown: list[GroupRecall] = []
    hidden = 0
    for attribute, labels in (groups or {}).items():
        row_labels = np.asarray(labels, dtype=object)[who] if len(who) else np.asarray([])
        for group in sorted({str(v) for v in row_labels if v}):
            inside = row_labels == group
            leavers = int(y_test[inside].sum())
            # the cell is counted in students, not student-weeks
            students = len(set(who[inside].tolist()))
            leaving = len(set(who[inside & (y_test == 1)].tolist()))
            if students < min_cell or leaving < min_cell:
                hidden += 1
                continue
            found = int((y_test[inside] == 1)[top[inside]].sum())
            shown.append(
                GroupRecall(
                    attribute, group, students, int(inside.sum()), leavers, found, found / leavers
                )
            )
    return Evaluation(
        train_students=int((~test).sum()),
        test_students=int(test.sum()),
        rows=len(y_test),
        leavers=int(y_test.sum()),
        model=quality,
        rule=rule,
        calibration=calibration,
        groups=shown,
        hidden_groups=hidden,
    )
