"""Every write to proceedings, charges, sentences, custody, legal facts, petitions and assessments."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from zhusan import law
from zhusan.access.scope import require_person_write
from zhusan.access.tiers import Tier, can_see
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.justice.facts import MEDICAL, RECORDED, facts_for
from zhusan.justice.models import (
    Assessment,
    Charge,
    CustodyPeriod,
    LegalFacts,
    Petition,
    Proceeding,
    SecurityLevel,
    Sentence,
)
from zhusan.law.catalogue import load as offences
from zhusan.lib.dates import refuse_future
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Person


def do_open_proceeding(
    acting: Membership,
    person: Person,
    *,
    opened_on: dt.date,
    court: str = "",
    co_defendants: int = 0,
    video_link: bool = False,
) -> Proceeding:
    require_person_write(acting, person, Perm.RECORD_JUSTICE)
    refuse_future(opened_on, "opened_on")
    with transaction.atomic():
        proceeding = Proceeding.objects.create(
            person=person,
            opened_on=opened_on,
            court=court,
            co_defendants=co_defendants,
            video_link=video_link,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.PROCEEDING_OPENED,
            obj=proceeding,
            person=person,
            membership=acting,
            new={"opened_on": opened_on, "court": court},
        )
    return proceeding


def do_add_charge(
    acting: Membership,
    proceeding: Proceeding,
    *,
    article: str,
    part: str,
    offence_date: dt.date,
    description: str = "",
) -> Charge:
    """Add a count by Criminal Code article and part; the article must be in the engine's catalogue."""
    require_person_write(acting, proceeding.person, Perm.RECORD_JUSTICE)
    article, part = article.strip(), part.strip()
    refuse_future(offence_date, "offence_date")
    if offences().find(article, part, offence_date) is None:
        raise ActionError(
            {"article": f"CC art. {article}({part}) is not in the offences catalogue."}
        )
    with transaction.atomic():
        charge = Charge.objects.create(
            proceeding=proceeding,
            article=article,
            part=part,
            offence_date=offence_date,
            description=description,
        )
        record(
            acting.user,
            A.CHARGE_ADDED,
            obj=charge,
            person=proceeding.person,
            membership=acting,
            new={"article": article, "part": part, "offence_date": offence_date},
        )
    return charge


def do_record_verdict(
    acting: Membership, proceeding: Proceeding, *, verdict: str, verdict_date: dt.date
) -> None:
    require_person_write(acting, proceeding.person, Perm.RECORD_JUSTICE)
    if verdict not in Proceeding.Verdict.values:
        raise ActionError({"verdict": f"{verdict!r} is not a verdict."})
    refuse_future(verdict_date, "verdict_date")
    if verdict_date < proceeding.opened_on:
        raise ActionError({"verdict_date": "The verdict is dated before the proceeding opened."})
    with transaction.atomic():
        Proceeding.objects.filter(pk=proceeding.pk).update(
            verdict=verdict, verdict_date=verdict_date
        )
        record(
            acting.user,
            A.VERDICT_RECORDED,
            obj=proceeding,
            person=proceeding.person,
            membership=acting,
            old={"verdict": proceeding.verdict},
            new={"verdict": verdict, "verdict_date": verdict_date},
        )
        proceeding.refresh_from_db()


def do_record_sentence(
    acting: Membership,
    proceeding: Proceeding,
    *,
    kind: str,
    start_date: dt.date,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    life: bool = False,
    security_level: str = "",
    pretrial_custody_days: int = 0,
    house_arrest_days: int = 0,
) -> Sentence:
    """Record the punishment of a conviction, with the pre-trial time to be credited."""
    require_person_write(acting, proceeding.person, Perm.RECORD_JUSTICE)
    if proceeding.verdict != Proceeding.Verdict.CONVICTED:
        raise ActionError({"": "Record a conviction before its sentence."})
    if kind not in Sentence.Kind.values:
        raise ActionError({"kind": f"{kind!r} is not a kind of punishment."})
    if security_level and security_level not in SecurityLevel.values:
        raise ActionError({"security_level": f"{security_level!r} is not a security level."})
    if kind == Sentence.Kind.IMPRISONMENT and not life and not (years or months or days):
        raise ActionError({"years": "Give the length of the term."})
    if life and kind != Sentence.Kind.IMPRISONMENT:
        raise ActionError({"life": "Only imprisonment can be for life."})
    if hasattr(proceeding, "sentence"):
        raise ActionError({"": "This proceeding already has a sentence."})
    with transaction.atomic():
        sentence = Sentence.objects.create(
            proceeding=proceeding,
            kind=kind,
            start_date=start_date,
            years=years,
            months=months,
            days=days,
            life=life,
            security_level=security_level,
            pretrial_custody_days=pretrial_custody_days,
            house_arrest_days=house_arrest_days,
        )
        record(
            acting.user,
            A.SENTENCE_RECORDED,
            obj=sentence,
            person=proceeding.person,
            membership=acting,
            new={
                "kind": kind,
                "years": years,
                "months": months,
                "days": days,
                "life": life,
                "start_date": start_date,
                "pretrial_custody_days": pretrial_custody_days,
            },
        )
    return sentence


def do_start_custody(
    acting: Membership, person: Person, *, facility: str, kind: str, start_date: dt.date
) -> CustodyPeriod:
    """Start a custody period; an open one at another facility ends that day (a transfer)."""
    require_person_write(acting, person, Perm.RECORD_JUSTICE)
    if kind not in CustodyPeriod.Kind.values:
        raise ActionError({"kind": f"{kind!r} is not a kind of custody."})
    if not facility.strip():
        raise ActionError({"facility": "Name the facility."})
    refuse_future(start_date, "start_date")
    with transaction.atomic():
        for open_period in CustodyPeriod.objects.select_for_update().filter(
            person=person, end_date__isnull=True
        ):
            if start_date < open_period.start_date:
                raise ActionError({"start_date": "The new period starts before the current one."})
            CustodyPeriod.objects.filter(pk=open_period.pk).update(
                end_date=start_date, end_reason=f"Transferred to {facility}"
            )
            record(
                acting.user,
                A.CUSTODY_ENDED,
                obj=open_period,
                person=person,
                membership=acting,
                new={"end_date": start_date, "reason": "transfer"},
            )
        period = CustodyPeriod.objects.create(
            person=person,
            facility=facility.strip(),
            kind=kind,
            start_date=start_date,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.CUSTODY_STARTED,
            obj=period,
            person=person,
            membership=acting,
            new={"facility": period.facility, "kind": kind, "start_date": start_date},
        )
    return period


def do_end_custody(acting: Membership, person: Person, *, end_date: dt.date, reason: str) -> None:
    require_person_write(acting, person, Perm.RECORD_JUSTICE)
    refuse_future(end_date, "end_date")
    with transaction.atomic():
        periods = list(
            CustodyPeriod.objects.select_for_update().filter(person=person, end_date__isnull=True)
        )
        if not periods:
            raise ActionError({"": "The person is not in custody."})
        for period in periods:
            if end_date < period.start_date:
                raise ActionError({"end_date": "Custody cannot end before it started."})
            CustodyPeriod.objects.filter(pk=period.pk).update(end_date=end_date, end_reason=reason)
            record(
                acting.user,
                A.CUSTODY_ENDED,
                obj=period,
                person=person,
                membership=acting,
                new={"end_date": end_date, "reason": reason},
            )


def do_update_legal_facts(
    acting: Membership, person: Person, *, version: int | None = None, **facts
) -> LegalFacts:
    """Record what is known of conduct, family and health; None clears a fact back to unknown."""
    medical = set(facts) & set(MEDICAL)
    other = set(facts) - set(MEDICAL)
    if medical:
        require_person_write(acting, person, Perm.RECORD_MEDICAL)
    if other:
        require_person_write(acting, person, Perm.RECORD_JUSTICE)
    allowed = set(RECORDED)
    unknown = set(facts) - allowed
    if unknown:
        raise ActionError(dict.fromkeys(sorted(unknown), "Not a legal fact Zhusan records."))
    if facts.get("disability_group") not in (None, 0, 1, 2, 3):
        raise ActionError({"disability_group": "Use 0 (none), 1, 2 or 3."})
    if facts.get("prior_revocation_ground") not in (None, 1, 2, 3):
        raise ActionError({"prior_revocation_ground": "Use 1, 2 or 3 (the item of art. 72(7))."})
    with transaction.atomic():
        current, _created = LegalFacts.objects.select_for_update().get_or_create(person=person)
        if version is not None and current.version != version:
            raise ConcurrentEdit({k: getattr(current, k) for k in allowed}, current.version)
        before = {k: getattr(current, k) for k in facts}
        after = {k: facts.get(k, getattr(current, k)) for k in allowed}
        if after["prior_revocation_ground"] is not None and after["prior_parole_revoked"] is False:
            raise ActionError(
                {
                    "prior_revocation_ground": "No earlier parole was revoked: leave the ground unknown."
                }
            )
        if after["pregnant"] and person.sex == "M":
            raise ActionError({"pregnant": "The person is recorded as male."})
        LegalFacts.objects.filter(pk=current.pk).update(version=F("version") + 1, **facts)
        current.refresh_from_db()
        record(
            acting.user,
            A.LEGAL_FACTS_UPDATED,
            obj=current,
            person=person,
            membership=acting,
            old={k: v for k, v in before.items() if v != facts[k]},
            new={k: v for k, v in facts.items() if before[k] != v},
        )
    return current


def assess(person: Person, as_of: dt.date) -> dict | None:
    """The engine's current assessment of the person's latest conviction (not stored)."""
    facts = facts_for(person, as_of)
    if facts is None:
        return None
    try:
        return {"facts": facts, "result": law.evaluate(facts)}
    except law.FactsError as exc:
        # The records themselves are valid; the date asked about is not (e.g. before the offence).
        raise ActionError({"as_of": f"Cannot assess as of {as_of}: {exc}"}) from exc


def do_store_assessment(
    acting: Membership, person: Person, *, as_of: dt.date, purpose: str = ""
) -> Assessment:
    """Keep the assessment shown to a decision-maker, with its inputs and versions, so it can be reproduced."""
    require_person_write(acting, person, Perm.ADD_EVENT)
    if not can_see(acting, Tier.JUSTICE):
        raise PermissionDenied("Your role does not work with justice information.")
    current = assess(person, as_of)
    if current is None:
        raise ActionError({"": "There is no conviction with a sentence to assess."})
    with transaction.atomic():
        stored = Assessment.objects.create(
            person=person,
            as_of=as_of,
            facts=current["facts"],
            result=current["result"],
            engine_version=current["result"]["engine_version"],
            law_version=current["result"]["law_version"],
            purpose=purpose,
            created_by=acting.user,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.ASSESSMENT_STORED,
            obj=stored,
            person=person,
            membership=acting,
            new={
                "as_of": as_of,
                "purpose": purpose,
                "outcomes": {m["measure"]: m["outcome"] for m in current["result"]["measures"]},
            },
        )
    return stored


def do_file_petition(
    acting: Membership,
    person: Person,
    *,
    measure: str,
    filed_on: dt.date,
    hearing_date: dt.date | None = None,
    court: str = "",
) -> Petition:
    """File a petition; the engine's assessment on the filing date is stored with it."""
    require_person_write(acting, person, Perm.RECORD_JUSTICE)
    if measure not in Petition.Measure.values:
        raise ActionError({"measure": f"{measure!r} is not a petition Zhusan records."})
    refuse_future(filed_on, "filed_on")
    with transaction.atomic():
        assessment = None
        if facts_for(person, filed_on) is not None:
            assessment = do_store_assessment(
                acting, person, as_of=filed_on, purpose=f"petition: {measure}"
            )
        petition = Petition.objects.create(
            person=person,
            measure=measure,
            filed_on=filed_on,
            hearing_date=hearing_date,
            court=court,
            assessment=assessment,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.PETITION_FILED,
            obj=petition,
            person=person,
            membership=acting,
            new={"measure": measure, "filed_on": filed_on, "hearing_date": hearing_date},
        )
    return petition


def do_decide_petition(
    acting: Membership,
    petition: Petition,
    *,
    decision: str,
    decided_on: dt.date,
    reasons: str = "",
    version: int | None = None,
) -> Petition:
    require_person_write(acting, petition.person, Perm.RECORD_JUSTICE)
    if decision not in Petition.Decision.values or decision == Petition.Decision.PENDING:
        raise ActionError({"decision": "Record granted, refused or withdrawn."})
    refuse_future(decided_on, "decided_on")
    if decided_on < petition.filed_on:
        raise ActionError({"decided_on": "The decision is dated before the petition was filed."})
    with transaction.atomic():
        current = Petition.objects.select_for_update().get(pk=petition.pk)
        if version is not None and current.version != version:
            raise ConcurrentEdit(
                {"decision": current.decision, "decided_on": current.decided_on}, current.version
            )
        if current.decision != Petition.Decision.PENDING:
            raise ActionError({"decision": "This petition is already decided."})
        Petition.objects.filter(pk=current.pk).update(
            decision=decision, decided_on=decided_on, reasons=reasons, version=F("version") + 1
        )
        record(
            acting.user,
            A.PETITION_DECIDED,
            obj=current,
            person=petition.person,
            membership=acting,
            old={"decision": current.decision},
            new={"decision": decision, "decided_on": decided_on},
            reason=reasons,
        )
        petition.refresh_from_db()
    return petition
