"""Law on Citizenship art. 1 (as reworded by Law No. 91-VI of 11.07.2017); Constitution art. 10(2)."""

from __future__ import annotations

from datetime import date

from zhusan.law import parameters
from zhusan.law.rule import Rule

_PARAMS = parameters.load()
COMMENCEMENT: date = _PARAMS.at("art50_1.commencement", date(2017, 7, 25))

COURT_ONLY = Rule(
    code="CIT-1",
    label="Deprivation of citizenship only by a court decision, for terrorist crimes or other "
    "grave harm to the vital interests of the Republic; in force from 25 July 2017",
    citation="Law on Citizenship RK art. 1 (Law No. 91-VI of 11.07.2017); Constitution RK art. 10(2)",
    effective_from=COMMENCEMENT,
    confidence="I",
    quote="соттың шешімімен ғана",
    note="Law 91-VI was published on 14.07.2017 and entered into force ten calendar days later; "
    "the exact day (25.07.2017) is the reference's inference [I, M].",
)
BEFORE_COMMENCEMENT = Rule(
    code="CIT-1-RETRO",
    label="No deprivation for an offence committed before the deprivation rules came into force",
    citation="CC RK art. 5; CC RK art. 50-1; Law No. 91-VI of 11.07.2017",
    effective_from=COMMENCEMENT,
    confidence="I",
)
RULES = (COURT_ONLY, BEFORE_COMMENCEMENT)
