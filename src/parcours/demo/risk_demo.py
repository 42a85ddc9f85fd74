"""The early warning in the demo: each centre scored a week ago and today, as the worker does
every week; last week's first alert closed by its coach with what happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from parcours.risk import services as risk_services
from parcours.risk.models import Alert, Outcome, RiskFit
from parcours.risk.tasks import fit_centre_risk

# what a coach wrote when closing last week's first alert (the student still stayed away,
# so this week's score opens a new one)
CLOSED = [
    (Outcome.CONTACTED, "Appel à la famille : un mois chargé au collège, doit revenir mardi."),
]


def seed(centres: list[Any]) -> dict[str, int]:
    closed = 0
    for centre in centres:
        today = timezone.localdate(timezone=centre.zone)
        risk_services.score_centre(centre=centre, day=today - dt.timedelta(days=7))
        for alert, (outcome, note) in zip(
            Alert.objects.filter(centre=centre, closed_at__isnull=True)
            .exclude(coach=None)
            .select_related("coach")
            .order_by("pk"),
            CLOSED,
            strict=False,
        ):
            coach = alert.coach
            if coach is not None:
                risk_services.alert_close(actor=coach, alert=alert, outcome=outcome, note=note)
            closed += 1
        risk_services.score_centre(centre=centre, day=today)
        # the model page's figures, as a manager's "Train and measure now" leaves them
        fit = RiskFit.objects.create(centre=centre, requested_by=None)
        fit_centre_risk.call(fit.pk)
    return {"alerts_open": Alert.objects.filter(closed_at__isnull=True).count(), "closed": closed}
