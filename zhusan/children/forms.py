from django import forms
from django.utils.translation import gettext_lazy as _

from zhusan.children import citizenship as rule
from zhusan.children.models import (
    IdentityStep,
    ParentContact,
    Placement,
    ReunificationStep,
    SchoolEnrolment,
)

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
NOTE = {"max_length": 500, "required": False}
TRI_STATE = [("", _("not known")), ("yes", _("yes")), ("no", _("no"))]
PARENT_STATUS = [
    ("", _("not known")),
    (rule.KZ_CITIZEN, _("citizen of Kazakhstan")),
    (rule.FOREIGN, _("citizen of another state")),
    (rule.STATELESS, _("stateless")),
    (rule.UNKNOWN_PARENT, _("parent unknown")),
]
AGREEMENT = [
    ("", _("not known")),
    (rule.AGREED_KZ, _("agreed on citizenship of Kazakhstan")),
    (rule.AGREED_OTHER, _("agreed on the other state's citizenship")),
    (rule.NO_AGREEMENT, _("no agreement made")),
]


class PersonChoiceForm(forms.Form):
    """A form with fields choosing a person from a given list (public id, label)."""

    person_fields: tuple[str, ...] = ()

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.person_fields:
            field = self.fields[name]
            empty = [("", _("— choose —"))] if field.required else [("", _("none"))]
            field.choices = empty + [(str(pid), label) for pid, label in persons]


class DocumentsMissingForm(forms.Form):
    title = _("Record that documents are missing")
    date = forms.DateField(label=_("Date"), **DATE)
    note = forms.CharField(label=_("What is missing"), **NOTE)


class DnaTestForm(PersonChoiceForm):
    title = _("Record a DNA test")
    person_fields = ("tested_with",)
    date = forms.DateField(label=_("Date of the result"), **DATE)
    tested_with = forms.ChoiceField(label=_("Tested with"))
    relation = forms.ChoiceField(
        label=_("Who they are to the child"), choices=IdentityStep.Relation.choices
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (IdentityStep.Result.MATCH, IdentityStep.Result.MATCH.label),
            (IdentityStep.Result.NO_MATCH, IdentityStep.Result.NO_MATCH.label),
            (IdentityStep.Result.INCONCLUSIVE, IdentityStep.Result.INCONCLUSIVE.label),
        ],
    )
    lab = forms.CharField(label=_("Laboratory"), max_length=200)
    note = forms.CharField(label=_("Note"), **NOTE)


class CourtDecisionForm(forms.Form):
    title = _("Record a court decision")
    date = forms.DateField(label=_("Date of the decision"), **DATE)
    court = forms.CharField(label=_("Court"), max_length=200)
    establishes = forms.ChoiceField(
        label=_("Application to establish"), choices=IdentityStep.Establishes.choices
    )
    result = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (IdentityStep.Result.ESTABLISHED, IdentityStep.Result.ESTABLISHED.label),
            (IdentityStep.Result.NOT_ESTABLISHED, IdentityStep.Result.NOT_ESTABLISHED.label),
        ],
    )
    decision = forms.CharField(label=_("Decision number and words"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), **NOTE)


class BirthCertificateForm(forms.Form):
    title = _("Record the birth certificate")
    date = forms.DateField(label=_("Issued on"), **DATE)
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    registry_office = forms.CharField(label=_("Civil registry office"), max_length=200)
    note = forms.CharField(label=_("Note"), **NOTE)


IDENTITY_FORMS = {
    IdentityStep.Kind.DOCUMENTS_MISSING: DocumentsMissingForm,
    IdentityStep.Kind.DNA_TEST: DnaTestForm,
    IdentityStep.Kind.COURT_DECISION: CourtDecisionForm,
    IdentityStep.Kind.BIRTH_CERTIFICATE: BirthCertificateForm,
}


class CitizenshipForm(forms.Form):
    title = _("Determine citizenship")
    mother = forms.ChoiceField(
        label=_("The mother, when the child was born"), choices=PARENT_STATUS, required=False
    )
    father = forms.ChoiceField(
        label=_("The father, when the child was born"), choices=PARENT_STATUS, required=False
    )
    born_in_kz = forms.ChoiceField(label=_("Born in Kazakhstan"), choices=TRI_STATE, required=False)
    parent_resident_in_kz = forms.ChoiceField(
        label=_("A parent had permanent residence in Kazakhstan at the birth"),
        choices=TRI_STATE,
        required=False,
    )
    written_agreement = forms.ChoiceField(
        label=_("The parents' written agreement"), choices=AGREEMENT, required=False
    )
    determined_on = forms.DateField(label=_("Determined on"), **DATE)
    note = forms.CharField(label=_("Note"), **NOTE)

    def facts(self) -> rule.BirthFacts:
        d = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        return rule.BirthFacts(
            mother=d["mother"] or None,
            father=d["father"] or None,
            born_in_kz=yes_no.get(d["born_in_kz"]),
            parent_resident_in_kz=yes_no.get(d["parent_resident_in_kz"]),
            written_agreement=d["written_agreement"] or None,
        )


class PlacementForm(PersonChoiceForm):
    title = _("Record a placement")
    person_fields = ("carer",)
    kind = forms.ChoiceField(label=_("Placement"), choices=Placement.Kind.choices)
    carer = forms.ChoiceField(label=_("Carer"), required=False)
    institution = forms.CharField(
        label=_("Children's home, foster family or place"), max_length=200, required=False
    )
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=Placement.LegalStatus.choices)
    start_date = forms.DateField(label=_("From"), **DATE)
    authority = forms.CharField(label=_("Deciding authority"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, **DATE)
    review_date = forms.DateField(label=_("Next review"), required=False, **DATE)
    orphan = forms.BooleanField(label=_("Orphan (no parent able to care)"), required=False)
    note = forms.CharField(label=_("Note"), **NOTE)


class PlacementUpdateForm(forms.Form):
    title = _("Update the placement")
    placement = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=Placement.LegalStatus.choices)
    authority = forms.CharField(label=_("Deciding authority"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, **DATE)
    review_date = forms.DateField(label=_("Next review"), required=False, **DATE)
    orphan = forms.BooleanField(label=_("Orphan (no parent able to care)"), required=False)
    note = forms.CharField(label=_("Note"), **NOTE)


class ContactForm(PersonChoiceForm):
    title = _("Record contact with a parent")
    person_fields = ("parent",)
    parent = forms.ChoiceField(label=_("Parent"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ParentContact.Kind.choices)
    date = forms.DateField(label=_("Date"), **DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    supervised_by = forms.CharField(label=_("Supervised by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), **NOTE)


class PlanForm(PersonChoiceForm):
    title = _("Agree a reunification plan")
    person_fields = ("parent",)
    parent = forms.ChoiceField(label=_("Parent"))
    agreed_on = forms.DateField(label=_("Agreed on"), **DATE)
    target_date = forms.DateField(label=_("Target date for reunification"), **DATE)
    note = forms.CharField(label=_("Note"), **NOTE)


class StepUpdateForm(forms.Form):
    title = _("Update a reunification step")
    step = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ReunificationStep.Status.choices)
    due_date = forms.DateField(label=_("Due"), required=False, **DATE)
    done_on = forms.DateField(label=_("Done on"), required=False, **DATE)
    note = forms.CharField(label=_("Note"), **NOTE)


class ReunificationForm(PersonChoiceForm):
    title = _("Record the reunification")
    person_fields = ("parent",)
    parent = forms.ChoiceField(label=_("Reunified with"))
    date = forms.DateField(label=_("Date"), **DATE)
    authority = forms.CharField(label=_("Deciding authority"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, **DATE)
    note = forms.CharField(label=_("Note"), **NOTE)
    placement_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SchoolForm(forms.Form):
    title = _("Record school or kindergarten enrolment")
    kind = forms.ChoiceField(label=_("Kind"), choices=SchoolEnrolment.Kind.choices)
    institution = forms.CharField(label=_("School or kindergarten"), max_length=200)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    start_date = forms.DateField(label=_("From"), **DATE)
    grade = forms.CharField(label=_("Grade or group"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), **NOTE)
