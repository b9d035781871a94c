"""The pathway a case moves along, and the only moves it may make.

The states follow DESIGN.md's pathway: repatriation, screening with its differentiated outcomes,
prosecution, custody, early or end-of-term release, rehabilitation, reintegration, closure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    ARRIVED = "arrived", _("Arrived")
    SCREENING = "screening", _("Screening")
    PROSECUTION = "prosecution", _("Prosecution")
    CUSTODY = "custody", _("In custody")
    RELEASED = "released", _("Released")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    REINTEGRATION = "reintegration", _("Reintegration")
    CLOSED = "closed", _("Closed")


S = State
TRANSITIONS: dict[str, tuple[str, ...]] = {
    # Children and people not screened go straight to the adaptation centre.
    S.ARRIVED: (S.SCREENING, S.REHABILITATION, S.CLOSED),
    # Differentiated approach: prosecute, or absolved and sent to rehabilitation; a screened
    # person detained on arrival goes to custody pending trial.
    S.SCREENING: (S.PROSECUTION, S.REHABILITATION, S.CUSTODY, S.CLOSED),
    # A verdict of imprisonment → custody; acquittal, suspended sentence or terminated
    # proceedings → rehabilitation or reintegration.
    S.PROSECUTION: (S.CUSTODY, S.REHABILITATION, S.REINTEGRATION, S.CLOSED),
    # Release at end of term, on parole, for illness or on replacement with a milder punishment;
    # a new trial moves back to prosecution; death in custody closes the case.
    S.CUSTODY: (S.RELEASED, S.PROSECUTION, S.CLOSED),
    # Revoked parole returns to custody.
    S.RELEASED: (S.REHABILITATION, S.REINTEGRATION, S.CUSTODY, S.CLOSED),
    # New information may open a prosecution during rehabilitation.
    S.REHABILITATION: (S.REINTEGRATION, S.PROSECUTION, S.CLOSED),
    S.REINTEGRATION: (S.REHABILITATION, S.PROSECUTION, S.CLOSED),
    # A closed case may be reopened.
    S.CLOSED: (S.REHABILITATION, S.REINTEGRATION),
}


def allowed_moves(state: str) -> tuple[str, ...]:
    """The states a case in `state` may move to."""
    return TRANSITIONS.get(state, ())


def can_move(from_state: str, to_state: str) -> bool:
    return to_state in allowed_moves(from_state)
