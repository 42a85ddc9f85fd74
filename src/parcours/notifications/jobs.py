"""Periodic jobs of notifications (run by `parcours worker`, ADR 11)."""

from __future__ import annotations

from parcours.notifications import services


def send_digests() -> int:
    return services.digests_send()


def prune_read() -> int:
    return services.prune()
