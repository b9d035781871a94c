"""Labels for the engine's measure and outcome codes, in the page's language."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

MEASURES = {
    "parole": _("Parole (CC art. 72)"),
    "milder_punishment": _("Milder punishment (CC art. 73)"),
    "illness_release": _("Release for illness (CC art. 75, CPC art. 481)"),
    "citizenship_deprivation": _("Deprivation of citizenship (CC art. 50-1)"),
    "criminal_liability": _("Criminal liability of a minor (CC art. 15)"),
    "amnesty": _("Amnesty (CC art. 78)"),
    "suspended_sentence": _("Suspended sentence (CC art. 63)"),
    "deferral_for_children": _("Deferral for pregnancy or young children (CC art. 74)"),
    "deferral_for_family": _("Deferral for grave family circumstances (CC art. 76)"),
}
OUTCOMES = {
    "eligible": _("possible now"),
    "not_yet": _("not yet"),
    "not_eligible": _("not possible"),
    "mandatory": _("the court must grant"),
    "barred": _("barred by law"),
    "needs_facts": _("facts missing"),
    "needs_review": _("unclear in law: needs review"),
}


@register.filter
def measure_label(code: str) -> str:
    return str(MEASURES.get(code, code))


@register.filter
def outcome_label(code: str) -> str:
    return str(OUTCOMES.get(code, code))
