from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhusan.justice.models import CustodyPeriod, Petition, Proceeding, SecurityLevel, Sentence

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
TRI_STATE = [("", _("not known")), ("yes", _("yes")), ("no", _("no"))]


class ChargeForm(forms.Form):
    article = forms.CharField(label=_("Article of the Criminal Code"), max_length=8)
    part = forms.CharField(label=_("Part"), max_length=3, initial="1")
    offence_date = forms.DateField(label=_("Offence date"), **DATE)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    court = forms.CharField(label=_("Court (for a new proceeding)"), max_length=200, required=False)
    opened_on = forms.DateField(
        label=_("Proceeding opened on (for a new proceeding)"), required=False, **DATE
    )


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[c for c in Proceeding.Verdict.choices if c[0] != "pending"]
    )
    verdict_date = forms.DateField(label=_("Verdict date"), **DATE)
    kind = forms.ChoiceField(
        label=_("Punishment"), choices=[("", "—")] + Sentence.Kind.choices, required=False
    )
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=50, required=False)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=600, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=20000, required=False)
    life = forms.BooleanField(label=_("Life imprisonment"), required=False)
    start_date = forms.DateField(label=_("Term counted from"), required=False, **DATE)
    security_level = forms.ChoiceField(
        label=_("Security level"), choices=[("", "—")] + SecurityLevel.choices, required=False
    )
    pretrial_custody_days = forms.IntegerField(
        label=_("Pre-trial custody (days)"), min_value=0, initial=0, required=False
    )
    house_arrest_days = forms.IntegerField(
        label=_("House arrest (days)"), min_value=0, initial=0, required=False
    )


class CustodyForm(forms.Form):
    facility = forms.CharField(label=_("Facility"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CustodyPeriod.Kind.choices)
    start_date = forms.DateField(label=_("From"), **DATE)


class LegalFactsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, fields: dict, **kwargs):
        """Build one form field per LegalFacts model field: yes/no/not known, a choice or a count."""
        super().__init__(*args, **kwargs)
        for name, model_field in fields.items():
            label = model_field.verbose_name
            if model_field.choices:
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=[("", _("not known")), *model_field.choices],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
            elif isinstance(model_field, models.BooleanField):
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=TRI_STATE, required=False
                )
            else:
                self.fields[name] = forms.IntegerField(
                    label=label, min_value=0, max_value=20, required=False
                )

    def facts(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            if name == "version":
                continue
            if isinstance(value, str):
                value = {"yes": True, "no": False}.get(value)
            out[name] = value
        return out


class PetitionForm(forms.Form):
    measure = forms.ChoiceField(label=_("Petition for"), choices=Petition.Measure.choices)
    filed_on = forms.DateField(label=_("Filed on"), **DATE)
    hearing_date = forms.DateField(label=_("Hearing date"), required=False, **DATE)
    court = forms.CharField(label=_("Court"), max_length=200, required=False)


class DecisionForm(forms.Form):
    petition = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in Petition.Decision.choices if c[0] != "pending"]
    )
    decided_on = forms.DateField(label=_("Decided on"), **DATE)
    reasons = forms.CharField(
        label=_("Reasons given by the court"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class StoreAssessmentForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), **DATE)
    purpose = forms.CharField(label=_("Shown for"), max_length=200)
