from django import forms
from django.utils.translation import gettext_lazy as _

from zhusan.accounts.models import Agency
from zhusan.rehab.catalogue import AgeBand, Instrument
from zhusan.rehab.models import (
    Benefit,
    Domain,
    Engagement,
    Goal,
    Housing,
    PlanAction,
    Programme,
    Session,
)

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
NOTE = {"widget": forms.Textarea(attrs={"rows": 3}), "max_length": 5000}


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Session with"), choices=Session.Kind.choices)
    held_on = forms.DateField(label=_("Date"), **DATE)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("yes", _("Attended")), ("no", _("Did not attend"))],
        coerce=lambda v: v == "yes",
        initial="yes",
    )
    absence_reason = forms.CharField(
        label=_("Reason for not attending"), max_length=300, required=False
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note (seen only by psychosocial staff)"), required=False, **NOTE
    )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Area"), choices=Domain.choices)
    text = forms.CharField(label=_("Goal"), max_length=500)


class GoalUpdateForm(forms.Form):
    goal = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    on = forms.DateField(label=_("Since"), **DATE)


class PlanActionForm(forms.Form):
    goal = forms.ChoiceField(label=_("Under the goal"), required=False)
    text = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner (agency)"), queryset=Agency.objects.all())
    worker = forms.ChoiceField(label=_("Worker (optional)"), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, **DATE)

    def __init__(self, *args, goals=(), workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "—")] + [(str(g.public_id), g.text) for g in goals]
        self.fields["worker"].choices = [("", "—")] + [
            (str(m.user_id), f"{m.user} — {m.agency.name}") for m in workers
        ]


class PlanActionUpdateForm(forms.Form):
    action = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, **DATE)
    due_on = forms.DateField(label=_("Due"), required=False, **DATE)


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), **DATE)
    note = forms.CharField(label=_("What was reviewed and agreed"), **NOTE)
    next_review_on = forms.DateField(label=_("Next review"), required=False, **DATE)


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Programme"), choices=Programme.Kind.choices)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    enrolled_on = forms.DateField(label=_("Enrolled on"), **DATE)


class ProgrammeEndForm(forms.Form):
    programme = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("How it ended"),
        choices=[c for c in Programme.Status.choices if c[0] != Programme.Status.ENROLLED],
    )
    ended_on = forms.DateField(label=_("On"), **DATE)
    outcome = forms.CharField(label=_("Outcome"), required=False, **NOTE)


class HousingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Housing"), choices=Housing.Kind.choices)
    region = forms.CharField(label=_("Region"), max_length=100)
    start_on = forms.DateField(label=_("From"), **DATE)
    end_on = forms.DateField(label=_("Until"), required=False, **DATE)


class BenefitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Benefit"), choices=Benefit.Kind.choices)
    amount_kzt = forms.IntegerField(
        label=_("Amount (KZT a month)"), min_value=1, max_value=5_000_000
    )
    start_on = forms.DateField(label=_("From"), **DATE)
    end_on = forms.DateField(label=_("Until"), required=False, **DATE)


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Engagement.Kind.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Role or course"), max_length=200, required=False)
    start_on = forms.DateField(label=_("From"), **DATE)
    end_on = forms.DateField(label=_("Until"), required=False, **DATE)


class SupportEndForm(forms.Form):
    what = forms.ChoiceField(
        choices=[("housing", "housing"), ("benefit", "benefit"), ("engagement", "engagement")],
        widget=forms.HiddenInput,
    )
    item = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_on = forms.DateField(label=_("Ended on"), **DATE)


class ReconciliationForm(forms.Form):
    on = forms.DateField(label=_("Date"), **DATE)
    note = forms.CharField(label=_("What happened"), **NOTE)


class FollowUpForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), **DATE)
    outcome = forms.CharField(label=_("Outcome of the visit"), **NOTE)
    next_due = forms.DateField(label=_("Next visit due"), required=False, **DATE)


class AssessmentForm(forms.Form):
    """One field per item of the instrument asked at the person's age (and reasons for a judgement)."""

    assessed_on = forms.DateField(label=_("Assessed on"), **DATE)

    def __init__(self, *args, instrument: Instrument, band: AgeBand | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.groups = []
        for section, items in instrument.sections_for(band):
            if not items:
                continue
            names = []
            for item in items:
                self.fields[item.id] = forms.TypedChoiceField(
                    label=item.text,
                    # A judgement shows words only: numbers would read as a score.
                    choices=[
                        (
                            str(c.value),
                            c.text if instrument.is_judgement else f"{c.value} · {c.text}",
                        )
                        for c in item.scale.choices
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                )
                names.append(item.id)
                if instrument.is_judgement:
                    self.fields[f"why_{item.id}"] = forms.CharField(
                        label=_("Reasons for this rating"),
                        widget=forms.Textarea(attrs={"rows": 2}),
                        max_length=5000,
                        required=False,
                    )
                    names.append(f"why_{item.id}")
            self.groups.append((section, names))
        if instrument.is_judgement:
            self.fields["overall"] = forms.TypedChoiceField(
                label=instrument.overall_label,
                choices=[(str(c.value), c.text) for c in instrument.overall_scale.choices],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields["overall_rationale"] = forms.CharField(
                label=_("Reasons for the overall judgement"),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
                required=False,
            )
        self.fields["note"] = forms.CharField(label=_("Note"), required=False, **NOTE)
        self.fields["no_reassessment"] = forms.BooleanField(
            label=_("No reassessment planned (the work with this instrument has ended)"),
            required=False,
        )

    def grouped(self):
        """(section, [bound fields]) for the template."""
        return [(section, [self[n] for n in names]) for section, names in self.groups]

    def ratings(self) -> dict[str, int]:
        ids = {i.id for i in self.instrument.items}
        return {k: v for k, v in self.cleaned_data.items() if k in ids and v not in (None, "")}

    def rationales(self) -> dict[str, str]:
        return {
            k.removeprefix("why_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("why_") and v
        }


class ConferenceForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), **DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    persons = forms.MultipleChoiceField(
        label=_("Persons discussed"), widget=forms.CheckboxSelectMultiple
    )
    agencies = forms.MultipleChoiceField(
        label=_("Agencies taking part"), widget=forms.CheckboxSelectMultiple, required=False
    )
    attendees = forms.MultipleChoiceField(
        label=_("Attendees"), widget=forms.CheckboxSelectMultiple, required=False
    )
    decisions = forms.CharField(label=_("Decisions"), **NOTE)
    ACTION_LINES = 3

    def __init__(self, *args, persons=(), agencies=(), memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        person_choices = [(str(p.public_id), p.display_name) for p in persons]
        self.fields["persons"].choices = person_choices
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["attendees"].choices = [
            (str(m.pk), f"{m.user} — {m.get_role_display()}, {m.agency.name}") for m in memberships
        ]
        for n in range(1, self.ACTION_LINES + 1):
            self.fields[f"action_{n}_person"] = forms.ChoiceField(
                label=_("Action %(n)s: for") % {"n": n},
                choices=[("", "—")] + person_choices,
                required=False,
            )
            self.fields[f"action_{n}_text"] = forms.CharField(
                label=_("Action %(n)s: what") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"action_{n}_owner"] = forms.ModelChoiceField(
                label=_("Action %(n)s: owner (agency)") % {"n": n},
                queryset=Agency.objects.all(),
                required=False,
            )
            self.fields[f"action_{n}_due"] = forms.DateField(
                label=_("Action %(n)s: due") % {"n": n}, required=False, **DATE
            )

    def main_fields(self):
        return [
            self[n] for n in ("held_on", "place", "persons", "agencies", "attendees", "decisions")
        ]

    def action_lines(self):
        return [
            [self[f"action_{n}_{part}"] for part in ("person", "text", "owner", "due")]
            for n in range(1, self.ACTION_LINES + 1)
        ]

    def clean(self):
        data = super().clean()
        for n in range(1, self.ACTION_LINES + 1):
            filled = [data.get(f"action_{n}_{p}") for p in ("person", "text", "owner")]
            if any(filled) and not all(filled):
                self.add_error(
                    f"action_{n}_text",
                    _("An action needs the person, what is to be done and the owning agency."),
                )
        return data
