from django import forms
from django.utils.translation import gettext_lazy as _

from zhusan.cases.models import EventType, ScreeningOutcome
from zhusan.cases.pathway import State, allowed_moves
from zhusan.people.forms import PartialDateField


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("What happened"), choices=EventType.choices)
    when = PartialDateField(label=_("When"), required=False)
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    outcome = forms.ChoiceField(
        label=_("Screening outcome"), choices=[("", "—")] + ScreeningOutcome.choices, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Move to"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(s, State(s).label) for s in allowed_moves(state)]
