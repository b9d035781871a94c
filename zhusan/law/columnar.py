"""Assess a whole population at once, column by column: the batch path's decisions, as arrays.

The input is an Arrow table of facts documents (`read_jsonl` reads JSON Lines into one with an
explicit schema built from data/law-facts.schema.json; `from_documents` builds one from dicts).
Each fact becomes a small integer code column (a nullable flag 0/1/2, an enum or a whole number
its value + 1 with 0 for null, a date its day number, as_of its epoch); then:

- **Validation** is column-wise: types (the schema), ranges, enum values, required fields, date
  forms, and the semantic checks of `facts.read`.  A row the checks cannot vouch for goes to the
  careful per-document reader with its original document, so an invalid population raises the
  FactsError `[index] field: problem` of the batch path's first bad document, before any result;
  a valid row the checks did not vouch for (a float for a whole number, say) is assessed by the
  batch path itself.
- **Decisions** are the batch path's (zhusan.law.batch), made on a representative row: the
  conviction per conviction key (the catalogue epoch of as_of and, count by count, the article
  part, the epoch of the offence date and its place against the 18th birthday); each memoised
  measure (batch.Memo) in rounds: for every path known (the facts a decision read and the
  conviction attributes it read, as `Memo.make_keyed` records them), the path's codes are
  packed into one int64 per row and the distinct keys looked up; for the rows left, one
  representative per distinct key of the most taken path is decided with `Memo.make_keyed`
  (skipped if a decision of the same round already answers it); repeat until every row has a
  decision.  Sound for the reason Memo is: a decision is a function of what it read (the
  conviction's `counts` and `unknown` as the gaps, its latest offence as its epoch, as in the
  batch path's view).  Parole's parts (art72.candidates) are keyed as batch.Batch keys them
  (the privileged status per person's facts and age on as_of); art. 50-1 on the content of
  the counts' records and citizenship.  Art. 15 gives each count's result from its count key,
  the catalogue epoch of as_of and the age and birthday boundary at the offence, ages from
  `LIABILITY_AGE_CAP` up counted as one (the result compares the age with art. 15's ages only;
  its reasons, which name the age, are left to the per-document JSON).
- **Date arithmetic** is numpy on day numbers: the term as `periods.add_period` counts it (month
  ends clamped), the art. 62 credit in half-days, `Term.reached`, `after` and `floor`, and each
  Plan's finish (art. 72 `_finish_adult` and `_finish_refused`, art. 73, 86, 87) per finish kind.
  A Plan whose finish this module does not know is finished row by row in Python.

`Columnar.assess` returns an `Assessment`: per measure (engine.MEASURES order) an outcome code
column (an index into finding.OUTCOMES), an earliest-date column (days since 1970, NO_DATE when
none) and a decision column (an index into `decisions`, shared between rows; -1 for art. 15
with a birth date, whose record names the ages).  `Assessment.to_json(i)` runs the per-document
path on row i's document.  A test holds every row's outcome and date to `Batch.assess_many`.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from zhusan.law import conviction, engine, epochs, facts, parameters, term
from zhusan.law.batch import DECISIONS, Batch, Measure, Memo, Summary, _shared
from zhusan.law.criminal_code import art15, art50_1, art72, art73, art86, art87
from zhusan.law.facts import Facts, FactsError, Offence
from zhusan.law.finding import OUTCOMES, Deferred, Finding, Plan

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

NO_DATE = np.iinfo(np.int64).min  # an earliest date that is None (datetime64's NaT)
OUTCOME_CODE = {name: code for code, name in enumerate(OUTCOMES)}
CHUNK_BYTES = 64 << 20  # JSON Lines read per Arrow call; a chunk Arrow refuses is read in Python
DENSE_BITS = 24  # the width of an interned key (views, convictions, over-long keys)
# The origin of day numbers (datetime64's), not a date of the law: no rule compares with it.
_UNIX = date.fromisoformat("1970-01-01")
_PARAMS = parameters.load()
# Art. 15 compares the age at an offence with its ages only: from one above the highest, all
# ages meet it alike (batch.Batch keys the exact age, because its record names it).
LIABILITY_AGE_CAP = 1 + max(
    int(period.value)
    for name in ("art15.general_age", "art15.reduced_age")
    for period in _PARAMS.periods[name]
)
# Art. 72(4)'s privileged status compares the age on as_of with its ages only: below the lowest
# and from the highest, all ages meet it alike (batch.Batch keys the exact age).
_PRIVILEGED_AGES = [
    int(period.value)
    for name in ("art72.privileged_age.female", "art72.privileged_age.male")
    for period in _PARAMS.periods[name]
]
PRIVILEGED_AGES = (min(_PRIVILEGED_AGES) - 1, max(_PRIVILEGED_AGES))
_MAJORITY = conviction.MAJORITY
_O = OUTCOME_CODE


# --- The schema ---------------------------------------------------------------------------------

_JSON_SCHEMA: dict[str, Any] = json.loads(
    resources.files("zhusan.law").joinpath("data/law-facts.schema.json").read_text("utf-8")
)


def _resolve(spec: dict[str, Any]) -> dict[str, Any]:
    ref = spec.get("$ref")
    if ref is None:
        return spec
    found: dict[str, Any] = _JSON_SCHEMA["$defs"][ref.rsplit("/", 1)[1]]
    return _resolve(found)


def _not_null(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the non-null alternative of a nullable spec."""
    spec = _resolve(spec)
    if "anyOf" in spec:
        return _not_null(next(s for s in spec["anyOf"] if _resolve(s).get("type") != "null"))
    return spec


def _arrow_type(spec: dict[str, Any]) -> pa.DataType:
    spec = _not_null(spec)
    if "enum" in spec:
        return pa.string() if any(isinstance(v, str) for v in spec["enum"]) else pa.int64()
    kind = spec["type"]
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object":
        return pa.struct([(name, _arrow_type(sub)) for name, sub in spec["properties"].items()])
    if kind == "array":
        return pa.list_(_arrow_type(spec["items"]))
    return {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_()}[kind]


SCHEMA = pa.schema([(name, _arrow_type(spec)) for name, spec in _JSON_SCHEMA["properties"].items()])
SECTIONS = ("person", "sentence", "conduct", "medical", "circumstances")


class _Field:
    """One fact of a section as the schema gives it: how to code, check and decode it."""

    def __init__(self, section: str, name: str, spec: dict[str, Any], required: bool) -> None:
        self.section, self.name, self.required = section, name, required
        plain = _not_null(spec)
        self.values: tuple[Any, ...] = ()
        self.low = self.high = 0
        if "enum" in plain:
            self.kind = "enum"
            self.values = tuple(v for v in plain["enum"] if v is not None)
            width = len(self.values) + 1
        elif plain.get("format") == "date":
            self.kind = "date"
            width = (_days(date(facts.MAX_YEAR, 12, 31)) - _days(date(facts.MIN_YEAR, 1, 1))) + 2
        elif plain.get("type") == "integer":
            self.kind = "whole"
            self.low, self.high = plain["minimum"], plain["maximum"]
            width = self.high + 2
        else:
            self.kind = "flag"
            width = 3
        self.bits = int(width - 1).bit_length()


def _days(on: date) -> int:
    return (on - _UNIX).days


_DAY_ZERO = _days(date(facts.MIN_YEAR, 1, 1)) - 1  # a date's code is its day number minus this
FIELDS: dict[str, _Field] = {
    name: _Field(
        section, name, spec, name in _JSON_SCHEMA["properties"][section].get("required", ())
    )
    for section in SECTIONS
    for name, spec in _JSON_SCHEMA["properties"][section]["properties"].items()
}
if ("as_of", "offences", *FIELDS) != Facts._fields:
    raise RuntimeError(
        "the facts schema and facts.Facts name different fields, or in another order"
    )
_DATE_FIELDS = frozenset(
    {"as_of", "offence_date", *(name for name, field in FIELDS.items() if field.kind == "date")}
)
_AS_OF_BITS = len(epochs.BOUNDARIES).bit_length() + 1
_BOUNDARY_DAYS = np.array([_days(d) for d in epochs.BOUNDARIES], dtype=np.int64)
_CATALOGUE_DAYS = np.array([_days(d) for d in epochs.CATALOGUE_BOUNDARIES], dtype=np.int64)
_EPOCHS = len(epochs.BOUNDARIES) + 1
_CATALOGUE_BITS = len(epochs.CATALOGUE_BOUNDARIES).bit_length() + 1


# --- Population: the table and the documents it was read from -----------------------------------


class Population:
    """An Arrow table of facts documents, and a way back to each row's original document.

    The careful reader needs the original (key order and null against absent decide which
    error it names), so the population keeps the JSON Lines it was read from, or the dicts.
    """

    def __init__(self, table: pa.Table, document: Callable[[int], Any]) -> None:
        self.table = table
        self._document = document

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def document(self, index: int) -> Any:
        """Return row `index`'s document as parsed JSON."""
        return self._document(index)


def _fits(value: Any, kind: pa.DataType) -> bool:
    """Tell whether a JSON value can be put in a column of the type as it is."""
    if value is None:
        return True
    if pa.types.is_boolean(kind):
        return type(value) is bool
    if pa.types.is_integer(kind):
        return type(value) is int and -(2**63) <= value < 2**63
    if pa.types.is_string(kind):
        return type(value) is str
    if pa.types.is_list(kind):
        return type(value) is list and all(_fits(item, kind.value_type) for item in value)
    if pa.types.is_struct(kind):
        if type(value) is not dict:
            return False
        names = {kind.field(i).name: kind.field(i).type for i in range(kind.num_fields)}
        return all(type(k) is str and k in names and _fits(v, names[k]) for k, v in value.items())
    return False


_STRUCT = pa.struct(list(SCHEMA))


def from_documents(documents: Sequence[Any]) -> Population:
    """Build a population from parsed documents (for tests and small inputs; not the fast path).

    A document that does not fit the schema's types goes in as an empty row, which the
    column-wise checks leave to the careful reader with the document itself.
    """
    rows = [d if _fits(d, _STRUCT) else {} for d in documents]
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    return Population(table, documents.__getitem__)


def _lines(chunk: bytes) -> list[bytes]:
    """Return the documents' lines of a JSON Lines chunk (blank lines hold none, as for Arrow)."""
    return [line for line in chunk.split(b"\n") if line.strip()]


class _Source:
    """The JSON Lines a population was read from, split into lines only when a row is asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.chunks: list[tuple[int, int, int]] = []  # (first row, first byte, end byte)
        self.parsed: dict[int, list[Any]] = {}  # chunk number -> its documents, parsed

    def document(self, index: int) -> Any:
        number = max(i for i, (first, _, _) in enumerate(self.chunks) if first <= index)
        first, begin, end = self.chunks[number]
        documents = self.parsed.get(number)
        if documents is None:
            documents = self.parsed[number] = [
                json.loads(line) for line in _lines(self.data[begin:end])
            ]
        return documents[index - first]


def read_jsonl(source: bytes | str | Path) -> Population:
    """Read JSON Lines (bytes or a path) into a population, one document a line.

    Arrow reads each chunk with the explicit schema; a chunk it refuses (a float for a whole
    number, an unknown field, a value of the wrong type) is parsed line by line in Python and
    built as `from_documents` builds it.  A line that is not JSON raises FactsError naming it.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    options = pj.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="error")
    read = pj.ReadOptions(use_threads=False, block_size=16 << 20)
    whole = pa.py_buffer(data)
    found = _Source(data)
    tables = []
    rows = begin = 0
    while begin < len(data):
        end = data.find(b"\n", begin + CHUNK_BYTES)
        end = len(data) if end < 0 else end + 1
        try:
            table = pj.read_json(
                pa.BufferReader(whole.slice(begin, end - begin)),
                read_options=read,
                parse_options=options,
            )
        except pa.ArrowInvalid:
            documents = []
            for offset, line in enumerate(_lines(data[begin:end])):
                try:
                    documents.append(json.loads(line))
                except ValueError:
                    raise FactsError(f"[{rows + offset}] (document)", "not JSON") from None
            table = from_documents(documents).table
            found.parsed[len(found.chunks)] = documents
        found.chunks.append((rows, begin, end))
        tables.append(table)
        rows += table.num_rows
        begin = end
    table = pa.concat_tables(tables) if tables else SCHEMA.empty_table()
    return Population(table, found.document)


def read_parquet(source: str | Path | pa.NativeFile) -> Population:
    """Read a Parquet file of facts documents, the JSON schema's shape as columns.

    The columns are the document's keys (the sections structs, `offences` a list of structs).
    A column or struct field the schema does not know, or whose type cannot hold its field's
    values as a facts document would (`[row] person.citizen: must be true, false or null (a
    column of int64)`), raises FactsError naming the first row that has a value there.  Any
    integer width, integral floats, large or dictionary strings and date columns (written as
    ISO strings) are accepted; an absent column or field is null in every row.
    """
    import pyarrow.parquet as pq

    return from_table(pq.read_table(source))


def from_table(table: pa.Table) -> Population:
    """Conform an Arrow table of facts documents to the schema (see `read_parquet`)."""
    known = set(SCHEMA.names)
    for name in table.column_names:
        if name not in known:
            column = table.column(name).combine_chunks()
            raise FactsError(f"[{_first_value(column)}] {name}", "unknown field")
    arrays = []
    for field in SCHEMA:
        if field.name in table.column_names:
            array = table.column(field.name).combine_chunks()
            arrays.append(_conform(array, field.type, _top(field.name), field.name))
        else:
            arrays.append(pa.nulls(table.num_rows, field.type))
    conformed = pa.Table.from_arrays(arrays, schema=SCHEMA)
    return Population(conformed, _table_document(conformed))


# Where a value of a column stands in the documents: its index in the array -> (row, field path).
_Locate = Callable[[int], tuple[int, str]]


def _top(name: str) -> _Locate:
    return lambda index: (index, name)


def _first_value(array: pa.Array) -> int:
    """Return the index of the first non-null value (0 if there is none)."""
    present = np.flatnonzero(_valid(array))
    return int(present[0]) if len(present) else 0


def _refuse(array: pa.Array, locate: _Locate, problem: str, at: int | None = None) -> FactsError:
    row, path = locate(_first_value(array) if at is None else at)
    return FactsError(f"[{row}] {path}", problem)


def _conform(array: pa.Array, kind: pa.DataType, locate: _Locate, name: str) -> pa.Array:
    """Return the array as the schema's type, or raise FactsError at its first misfit."""
    if array.type == kind:
        return array
    if pa.types.is_null(array.type) or array.null_count == len(array):
        return pa.nulls(len(array), kind)
    if pa.types.is_struct(kind):
        if not pa.types.is_struct(array.type):
            raise _refuse(array, locate, f"not an object (a column of {array.type})")
        names = [array.type.field(i).name for i in range(array.type.num_fields)]
        for unknown in names:
            if kind.get_field_index(unknown) < 0:
                child = pc.struct_field(array, unknown)
                raise _refuse(child, _child(locate, unknown), "unknown field")
        children = [
            _conform(pc.struct_field(array, f.name), f.type, _child(locate, f.name), f.name)
            if f.name in names
            else pa.nulls(len(array), f.type)
            for f in kind
        ]
        return pa.StructArray.from_arrays(children, fields=list(kind), mask=array.is_null())
    if pa.types.is_list(kind):
        if not (pa.types.is_list(array.type) or pa.types.is_large_list(array.type)):
            raise _refuse(array, locate, f"not a list (a column of {array.type})")
        raw = np.asarray(array.offsets.to_numpy(), dtype=np.int64)
        values = array.values.slice(int(raw[0]), int(raw[-1] - raw[0]))
        offsets = raw - raw[0]
        item = _conform(values, kind.value_type, _item(locate, offsets), name)
        return pa.ListArray.from_arrays(
            pa.array(offsets, type=pa.int32()), item, mask=array.is_null()
        )
    return _scalar(array, kind, locate, name)


def _child(locate: _Locate, name: str) -> _Locate:
    def at(index: int) -> tuple[int, str]:
        row, path = locate(index)
        return row, f"{path}.{name}"

    return at


def _item(locate: _Locate, offsets: Ints) -> _Locate:
    def at(index: int) -> tuple[int, str]:
        owner = int(np.searchsorted(offsets, index, side="right")) - 1
        row, path = locate(owner)
        return row, f"{path}[{index - int(offsets[owner])}]"

    return at


def _scalar(array: pa.Array, kind: pa.DataType, locate: _Locate, name: str) -> pa.Array:
    given = array.type
    if pa.types.is_boolean(kind):
        raise _refuse(array, locate, f"must be true, false or null (a column of {given})")
    if pa.types.is_integer(kind):
        problem = f"must be a whole number or null (a column of {given})"
        if pa.types.is_integer(given):
            if pa.types.is_unsigned_integer(given):
                limit = pa.scalar(2**63 - 1, type=pa.uint64())
                over = pc.greater(array.cast(pa.uint64()), limit).fill_null(False)
                big = np.asarray(over.to_numpy(zero_copy_only=False), dtype=np.bool_)
                if big.any():
                    raise _refuse(array, locate, problem, int(np.flatnonzero(big)[0]))
            return pc.cast(array, kind, safe=False)
        if pa.types.is_floating(given):
            values = np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.float64)
            with np.errstate(invalid="ignore"):
                bad = _valid(array) & (
                    ~np.isfinite(values) | (np.floor(values) != values) | (abs(values) >= 2.0**63)
                )
            if bad.any():
                raise _refuse(array, locate, problem, int(np.flatnonzero(bad)[0]))
            return pc.cast(array, kind, safe=False)
        raise _refuse(array, locate, problem)
    # A string: text of any width or dictionary; a date column where the field is a date.
    text = pa.types.is_string(given) or pa.types.is_large_string(given)
    text = text or pa.types.is_string_view(given)
    if pa.types.is_dictionary(given):
        text = pa.types.is_string(given.value_type) or pa.types.is_large_string(given.value_type)
    if name in _DATE_FIELDS:
        if text or pa.types.is_date(given):
            return pc.cast(array, kind)
        raise _refuse(array, locate, f"not an ISO date (a column of {given})")
    if text:
        return pc.cast(array, kind)
    raise _refuse(array, locate, f"must be text or null (a column of {given})")


def _table_document(table: pa.Table) -> Callable[[int], Any]:
    """Return row i of a table as a document: its columns' values, null keys left out."""

    def document(index: int) -> Any:
        row = table.slice(index, 1).to_pylist()[0]
        return {key: value for key, value in row.items() if value is not None}

    return document


# --- Columns: the facts as integer codes --------------------------------------------------------


def _valid(array: pa.Array) -> Bools:
    return np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=np.bool_)


def _civil_days(year: Ints, month: Ints, day: Ints) -> Ints:
    """Return the day numbers (since 1970-01-01) of proleptic Gregorian dates."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return np.asarray(era * 146097 + doe - 719468, dtype=np.int64)


def _civil(days: Ints) -> tuple[Ints, Ints, Ints]:
    """Return (year, month, day) of day numbers since 1970-01-01."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _month_days(year: Ints, month: Ints) -> Ints:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return _MONTH_DAYS[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)


Ymd = tuple[Ints, Ints, Ints]  # year, month, day


def add_period(
    start: Ints, years: Ints | int = 0, months: Ints | int = 0, days: Ints | int = 0
) -> Ints:
    """Return `periods.add_period` of day numbers: years and months on the calendar, then days."""
    return _add_period(_civil(start), years, months, days)


def _add_period(start: Ymd, years: Ints | int, months: Ints | int, days: Ints | int) -> Ints:
    year, month, day = start
    index = month - 1 + months + 12 * np.asarray(years, dtype=np.int64)
    year, month = year + index // 12, index % 12 + 1
    day = np.minimum(day, _month_days(year, month))
    return _civil_days(year, month, day) + days


def _dates(array: pa.Array) -> tuple[Ints, Bools, Bools, Ymd]:
    """Parse ISO date strings as `facts._date` accepts them.

    Return the day numbers, whether each is accepted, whether it is not null, and the year,
    month and day (1970-01-01 where not accepted).  A population holds few distinct dates:
    each is parsed once.
    """
    present = _valid(array)
    encoded = pc.dictionary_encode(array)
    index = np.asarray(encoded.indices.fill_null(0).to_numpy(), dtype=np.int64)
    days, accepted, ymd = _parse_dates(encoded.dictionary)
    if not len(days):
        n = len(array)
        zero, one = np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)
        return zero, np.zeros(n, dtype=np.bool_), present, (zero + 1970, one, one)
    year, month, day = ymd
    return (
        days[index],
        accepted[index] & present,
        present,
        (year[index], month[index], day[index]),
    )


def _parse_dates(array: pa.Array) -> tuple[Ints, Bools, Ymd]:
    n = len(array)
    days = np.zeros(n, dtype=np.int64)
    accepted = np.zeros(n, dtype=np.bool_)
    ymd = (np.full(n, 1970, dtype=np.int64), np.ones(n, dtype=np.int64), np.ones(n, dtype=np.int64))
    buffers = array.buffers()
    if n == 0 or buffers[2] is None:
        return days, accepted, ymd
    present = _valid(array)
    offsets = np.frombuffer(buffers[1], dtype=np.int32, count=n + 1, offset=array.offset * 4)
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    rows = np.flatnonzero(present & (np.diff(offsets) == 10))
    chars = data[offsets[rows][:, None] + np.arange(10)].astype(np.int64) - 48
    digits = chars[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    year = chars[:, 0] * 1000 + chars[:, 1] * 100 + chars[:, 2] * 10 + chars[:, 3]
    month = chars[:, 5] * 10 + chars[:, 6]
    day = chars[:, 8] * 10 + chars[:, 9]
    good = (
        (chars[:, 4] == ord("-") - 48)
        & (chars[:, 7] == ord("-") - 48)
        & ((digits >= 0) & (digits <= 9)).all(axis=1)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= _month_days(year, month))
        & (year >= facts.MIN_YEAR)
        & (year <= facts.MAX_YEAR)
    )
    days[rows] = np.where(good, _civil_days(year, month, day), 0)
    accepted[rows] = good
    ymd[0][rows] = np.where(good, year, 1970)
    ymd[1][rows] = np.where(good, month, 1)
    ymd[2][rows] = np.where(good, day, 1)
    return days, accepted, ymd


def _factorize(keys: Ints) -> tuple[Ints, Ints, Ints]:
    """Return (index of each row's key, the distinct keys, the first row of each)."""
    index, distinct = _encode(keys)
    return index, distinct, _firsts(index)


def _encode(keys: Ints) -> tuple[Ints, Ints]:
    """Return (index of each row's key, the distinct keys in order of first appearance)."""
    if len(keys) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    encoded = pc.dictionary_encode(pa.array(keys, type=pa.int64()))
    index = encoded.indices.to_numpy().astype(np.int64)
    return index, np.asarray(encoded.dictionary.to_numpy(), dtype=np.int64)


def _firsts(index: Ints) -> Ints:
    """Return the first row of each key, given keys indexed in order of first appearance."""
    if len(index) == 0:
        return index
    rising = np.maximum.accumulate(index)
    return np.flatnonzero(np.diff(rising, prepend=-1) > 0)


class _Dense:
    """Intern int64 keys as small dense numbers, the same across calls."""

    def __init__(self) -> None:
        self.ids: dict[int, int] = {}

    def __call__(self, keys: Ints) -> Ints:
        index, distinct = _encode(keys)
        ids = self.ids
        mapped = np.array([ids.setdefault(k, len(ids)) for k in distinct.tolist()], dtype=np.int64)
        if len(ids) >= 1 << DENSE_BITS:
            raise OverflowError("more distinct keys than DENSE_BITS allows")
        return mapped[index] if len(mapped) else index


class Columns:
    """The facts of a table as integer code columns, with the rows the checks vouch for."""

    def __init__(self, table: pa.Table, labels: dict[tuple[str, str], int]) -> None:
        n = self.n = int(table.num_rows)
        self.codes: dict[str, npt.NDArray[Any]] = {}  # int8 or int32: 0 for null
        ok = np.ones(n, dtype=np.bool_)
        as_of_days, as_of_ok, _, self.as_of_ymd = _dates(table.column("as_of").combine_chunks())
        ok &= as_of_ok
        self.as_of = as_of_days
        self.codes["as_of"] = np.searchsorted(_BOUNDARY_DAYS, as_of_days, side="right")
        sections = {name: table.column(name).combine_chunks() for name in SECTIONS}
        ok &= _valid(sections["sentence"])
        self.day: dict[str, Ints] = {}
        self.ymd: dict[str, Ymd] = {}
        for name, field in FIELDS.items():
            column = pc.struct_field(sections[field.section], name)
            present = _valid(column)
            code: npt.NDArray[Any]
            if field.kind == "flag":
                values = column.fill_null(False).to_numpy(zero_copy_only=False)
                code = present.astype(np.int8) + np.asarray(values, dtype=np.int8)
            elif field.kind == "whole":
                values = np.asarray(column.fill_null(0).to_numpy(), dtype=np.int64)
                ok &= ~present | ((values >= field.low) & (values <= field.high))
                code = np.where(present, values + 1, 0).astype(np.int32)
            elif field.kind == "date":
                days, accepted, present, self.ymd[name] = _dates(column)
                ok &= ~present | accepted
                self.day[name] = days
                code = np.where(present, days - _DAY_ZERO, 0).astype(np.int32)
            else:
                encoded = pc.dictionary_encode(column)
                numbers = [
                    field.values.index(v) + 1 if v in field.values else 0
                    for v in encoded.dictionary.to_pylist()
                ]
                index = np.asarray(encoded.indices.fill_null(0).to_numpy(), dtype=np.int64)
                lookup = np.array(numbers or [0], dtype=np.int8)
                code = np.where(present, lookup[index], 0).astype(np.int8)
                ok &= (code > 0) | (~present & (not field.required))
            self.codes[name] = code
        offences = table.column("offences").combine_chunks()
        lengths = np.asarray(pc.list_value_length(offences).fill_null(0).to_numpy(), dtype=np.int64)
        ok &= _valid(offences) & (lengths >= 1) & (lengths <= 50)
        self.count = lengths
        self.first = np.cumsum(lengths) - lengths
        items = pc.list_flatten(offences)
        parent = np.repeat(np.arange(n, dtype=np.int64), lengths)
        on, on_ok, _, self.on_ymd = _dates(pc.struct_field(items, "offence_date"))
        label, label_ok = _labels(items, labels)
        item_ok = _valid(items) & on_ok & label_ok
        self.label, self.on = label, on
        self.parent = parent
        self._check_semantics(ok, item_ok, parent)
        self.ok = ok
        self.labels = {number: pair for pair, number in labels.items()}

    def _check_semantics(self, ok: Bools, item_ok: Bools, parent: Ints) -> None:
        """Mark the rows failing `facts._check_semantics` (and those with a bad count)."""
        codes, on = self.codes, self.on
        birth, start = codes["birth_date"][parent], codes["start_date"][parent]
        item_ok &= on <= self.as_of[parent]
        item_ok &= (start == 0) | (on <= self.day["start_date"][parent])
        item_ok &= (birth == 0) | (on >= self.day["birth_date"][parent])
        ok[parent[~item_ok]] = False
        ok &= (codes["start_date"] == 0) | (self.day["start_date"] <= self.as_of)
        life = codes["life"] == 2
        imprisonment = codes["kind"] == 1 + FIELDS["kind"].values.index("imprisonment")
        truthy = (codes["years"] > 1) | (codes["months"] > 1) | (codes["days"] > 1)
        ok &= ~life | (imprisonment & ~truthy)
        male = codes["sex"] == 1 + FIELDS["sex"].values.index("M")
        ok &= ~((codes["pregnant"] == 2) & male)
        ok &= ~((codes["prior_revocation_ground"] > 0) & (codes["prior_parole_revoked"] == 1))

    def facts(self, rows: Sequence[int]) -> list[Facts]:
        """Return the Facts of vouched rows, as `facts.read` gives them."""
        picked = np.asarray(rows, dtype=np.int64)
        columns: list[list[Any]] = []
        for name, field in FIELDS.items():
            codes = self.codes[name][picked].tolist()
            decoded: list[Any]
            if field.kind == "flag":
                decoded = [_FLAGS[code] for code in codes]
            elif field.kind == "whole":
                decoded = [code - 1 if code else None for code in codes]
            elif field.kind == "date":
                decoded = [_date(code + _DAY_ZERO) if code else None for code in codes]
            else:
                values = (None, *field.values)
                decoded = [values[code] for code in codes]
            columns.append(decoded)
        counts = self.count[picked]
        starts = np.cumsum(counts) - counts
        items = np.repeat(self.first[picked] - starts, counts) + np.arange(int(counts.sum()))
        labels: list[tuple[str, str]] = [self.labels[label] for label in self.label[items].tolist()]
        dates = [_date(on) for on in self.on[items].tolist()]
        found = []
        for number, (as_of, start, count) in enumerate(
            zip(self.as_of[picked].tolist(), starts.tolist(), counts.tolist(), strict=True)
        ):
            offences = []
            for position in range(count):
                article, part = labels[start + position]
                offences.append(Offence(position, article, part, dates[start + position]))
            fields = [column[number] for column in columns]
            found.append(Facts(_date(as_of), tuple(offences), *fields))
        return found


_FLAGS = (None, False, True)
_NO_CODES = np.zeros(0, dtype=np.int64)
_known_days: dict[int, date] = {}


def _date(days: int) -> date:
    found = _known_days.get(days)
    if found is None:
        found = _known_days[days] = _UNIX + timedelta(days=days)
    return found


def _labels(items: pa.Array, labels: dict[tuple[str, str], int]) -> tuple[Ints, Bools]:
    """Return each count's stable (article, part) number and whether facts accepts the pair."""
    article = pc.dictionary_encode(pc.struct_field(items, "article"))
    part = pc.dictionary_encode(pc.struct_field(items, "part"))
    parts = len(part.dictionary) + 1
    pair = (
        (np.asarray(article.indices.fill_null(-1).to_numpy(), dtype=np.int64) + 1) * parts
        + np.asarray(part.indices.fill_null(-1).to_numpy(), dtype=np.int64)
        + 1
    )
    index, distinct = _encode(pair)
    articles, part_names = article.dictionary.to_pylist(), part.dictionary.to_pylist()
    numbers, accepted = [], []
    for key in distinct.tolist():
        a, p = key // parts - 1, key % parts - 1
        if a < 0 or p < 0:
            numbers.append(0)
            accepted.append(False)
            continue
        names = (articles[a], part_names[p])
        numbers.append(labels.setdefault(names, len(labels)))
        accepted.append(facts._label(*names))
    if not len(distinct):
        return index, np.zeros(0, dtype=np.bool_)
    return np.array(numbers, dtype=np.int64)[index], np.array(accepted, dtype=np.bool_)[index]


# --- The term, vectorised -----------------------------------------------------------------------


class Terms:
    """`term.read` for every row: whether a term is known, and its start, length, credit, end."""

    def __init__(self, columns: Columns) -> None:
        codes = columns.codes
        kind = codes["kind"]
        imprisonment = kind == 1 + FIELDS["kind"].values.index("imprisonment")
        start_known = codes["start_date"] > 0
        self.start = np.where(start_known, columns.day["start_date"], 0)
        self.life = codes["life"] == 2
        unknown_length = (codes["life"] == 0) & (codes["years"] == 0)
        unknown_length &= (codes["months"] == 0) & (codes["days"] == 0)
        custody, house = codes["pretrial_custody_days"] - 1, codes["house_arrest_days"] - 1
        known = (custody >= 0) & (house >= 0)
        level = codes["security_level"]
        none = (custody <= 0) & (house <= 0)
        credit_known = known & (none | (imprisonment & ((custody <= 0) | (level > 0))))
        # What term.read records as missing (it fails without the start, the length or the credit).
        self.missing = ~start_known | unknown_length
        self.missing |= ~unknown_length & (
            ~known | (~none & imprisonment & (custody > 0) & (level == 0))
        )
        self.known = start_known & ~unknown_length & credit_known
        on = np.where(start_known, columns.day["start_date"], columns.as_of)
        on_epoch = np.searchsorted(_BOUNDARY_DAYS, on, side="right")
        credit = np.zeros(columns.n, dtype=np.int64)
        house_num, house_den = _ratio_table("art62.credit.house_arrest")
        credit += np.where(
            house > 0, 2 * np.maximum(house, 0) * house_num[on_epoch] // house_den[on_epoch], 0
        )
        for number, name in enumerate(FIELDS["security_level"].values, 1):
            num, den = _ratio_table(f"art62.credit.{name}")
            mine = (level == number) & (custody > 0)
            credit += np.where(mine, 2 * np.maximum(custody, 0) * num[on_epoch] // den[on_epoch], 0)
        self.credit = credit
        years, months, days = (np.maximum(codes[k] - 1, 0) for k in ("years", "months", "days"))
        self.ymd = columns.ymd["start_date"]  # 1970-01-01 where the start is unknown
        end = _add_period(self.ymd, years, months, days)
        self.length = np.where(self.life, 0, end - self.start)
        release = self.start + np.maximum(0, -(-(2 * self.length - credit) // 2))
        self.end = np.where(self.life, NO_DATE, release)

    def reached(self, rows: Ints, num: Ints, den: Ints, floor: Ints | int = 0) -> Ints:
        """Return `Term.reached(num/den, floor)` for rows."""
        required = (
            np.maximum(2 * num * self.length[rows], 2 * floor * den) - den * self.credit[rows]
        )
        days = -(-required // (2 * den))
        return self.start[rows] + np.maximum(days, 0)

    def after(self, rows: Ints, years: Ints) -> Ints:
        """Return `Term.after(years)` for rows."""
        start = self.start[rows]
        calendar = _add_period(_pick(self.ymd, rows), years, 0, 0) - start
        return start + np.maximum(0, -(-(2 * calendar - self.credit[rows]) // 2))

    def floor(self, rows: Ints, months: Ints) -> Ints:
        """Return `Term.floor(months)` for rows."""
        start = self.start[rows]
        return _add_period(_pick(self.ymd, rows), 0, months, 0) - start


def _pick(ymd: Ymd, rows: Ints) -> Ymd:
    return ymd[0][rows], ymd[1][rows], ymd[2][rows]


def _ratio_table(name: str) -> tuple[Ints, Ints]:
    """Return a parameter's fraction per epoch (it changes only on epoch boundaries)."""
    days = [_UNIX + timedelta(days=int(d)) for d in _BOUNDARY_DAYS]
    representatives = [days[0] - timedelta(days=1), *days]
    values = [_PARAMS.fraction(name, on) for on in representatives]
    return (
        np.array([v.numerator for v in values], dtype=np.int64),
        np.array([v.denominator for v in values], dtype=np.int64),
    )


# --- The assessment -----------------------------------------------------------------------------


class Assessment:
    """A population's assessment, per measure (engine.MEASURES order) as columns.

    `outcome[m]` indexes finding.OUTCOMES, `earliest[m]` is a day number since 1970 (NO_DATE for
    none; `earliest_dates` gives datetime64), `decision[m]` indexes `decisions` (-1: the row's own).
    """

    def __init__(
        self,
        population: Population,
        outcome: npt.NDArray[np.int8],
        earliest: Ints,
        decision: npt.NDArray[np.int32],
        decisions: list[Any],
    ) -> None:
        self.population = population
        self.outcome = outcome
        self.earliest = earliest
        self.decision = decision
        self.decisions = decisions

    def earliest_dates(self, measure: int) -> npt.NDArray[np.datetime64]:
        """Return a measure's earliest dates as datetime64[D] (NaT for none)."""
        return self.earliest[measure].view("datetime64[D]")

    def counts(self) -> Counter[str]:
        """Count every measure's outcomes over the population."""
        found = np.bincount(self.outcome.ravel().astype(np.int64), minlength=len(OUTCOMES))
        return Counter({OUTCOMES[code]: int(k) for code, k in enumerate(found) if k})

    def counts_of(self, measure: int) -> Counter[str]:
        """Count one measure's outcomes over the population."""
        found = np.bincount(self.outcome[measure].astype(np.int64), minlength=len(OUTCOMES))
        return Counter({OUTCOMES[code]: int(k) for code, k in enumerate(found) if k})

    def brief(self, index: int) -> list[tuple[str, date | None]]:
        """Return a row's (outcome, earliest date) per measure."""
        return [
            (
                OUTCOMES[int(self.outcome[m, index])],
                None if self.earliest[m, index] == NO_DATE else _date(int(self.earliest[m, index])),
            )
            for m in range(len(DECISIONS))
        ]

    def to_arrow(self) -> pa.Table:
        """Return the columns as an Arrow table: per measure its outcome, earliest and decision."""
        outcomes = pa.array(OUTCOMES)
        arrays, names = [], []
        for m, name in enumerate(DECISIONS):
            codes = pa.array(self.outcome[m].astype(np.int32))
            arrays.append(pa.DictionaryArray.from_arrays(codes, outcomes))
            days = self.earliest[m]
            arrays.append(pa.array(days.astype(np.int32), mask=days == NO_DATE, type=pa.date32()))
            arrays.append(pa.array(self.decision[m]))
            names += [f"{name}.outcome", f"{name}.earliest", f"{name}.decision"]
        return pa.table(arrays, names=names)

    def to_json(self, index: int) -> dict[str, Any]:
        """Return row `index`'s assessment as `engine.evaluate` gives it (by running it)."""
        return engine.evaluate(self.population.document(index))


class _Rows:
    """The Facts of the representative rows of one call, read once each."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns
        self.facts: dict[int, Facts] = {}
        self.summary_of: Ints = np.zeros(0, dtype=np.int64)

    def read(self, rows: Ints) -> list[Facts]:
        """Return the Facts of rows, building those not built yet together."""
        known = self.facts
        new = [row for row in rows.tolist() if row not in known]
        if new:
            known.update(zip(new, self.columns.facts(new), strict=True))
        return [known[row] for row in rows.tolist()]

    def of(self, row: int) -> Facts:
        found = self.facts.get(row)
        if found is None:
            found = self.facts[row] = self.columns.facts([row])[0]
        return found


# (facts read, conviction attributes read, key -> decision)
_Path = tuple[tuple[str, ...], tuple[str, ...], dict[Any, int]]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its state after.

    An assessment makes many small containers (the Facts and findings of the rows decided, the
    tables' keys) and keeps most until it ends; none is garbage in a cycle that must go sooner.
    The collector's passes over them took a fifth of the time at 1,000,000 documents (1.6 of
    8.2 CPU-seconds); reference counting still frees all the rest at once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Columnar:
    """Assess populations column-wise; the decision tables are kept between calls (like Batch)."""

    profile_rows = 20_000  # above this, lookups first reduce the rows to distinct profiles

    def __init__(self, batch: Batch | None = None) -> None:
        self.batch = batch or Batch()
        self.decisions: list[Any] = []
        self._decision_ids: dict[int, int] = {}
        self.labels: dict[tuple[str, str], int] = {}
        self.count_ids = _Dense()
        self.conviction_ids = _Dense()
        self.summaries: list[Summary] = []
        self.convictions: list[conviction.Conviction] = []  # one per summary
        self.conviction_rows: dict[int, int] = {}  # dense conviction key -> summary index
        self.paths: dict[str, list[_Path]] = {memo.name: [] for memo in self.batch._memos()}
        self.long_keys: dict[tuple[tuple[str, ...], tuple[str, ...], int], _Dense] = {}
        # Per set of conviction attributes read: their values interned, and the code per summary.
        self.attributes: dict[str, tuple[dict[Any, int], list[int], Ints]] = {}
        self.attribute_sets: dict[tuple[str, ...], Ints] = {}
        self.citizenship: dict[int, int] = {}
        self.record_codes: list[int] = []  # per summary: its counts' art. 50-1 records, interned
        self.record_contents: dict[Any, int] = {}
        self.record_lists: list[list[tuple[str, Finding]]] = []
        self.liability: dict[int, int] = {}  # count key -> result bit
        self.statuses: dict[int, int] = {}  # person key -> privileged status code
        self.status_codes: dict[tuple[bool | None, tuple[str, ...]], int] = {}
        self.candidates: dict[int, int] = {}
        self.candidate_list: list[art72.Candidates] = []
        self.no_birth = -1

    def _register(self, decision: Any) -> int:
        found = self._decision_ids.get(id(decision))
        if found is None:
            found = self._decision_ids[id(decision)] = len(self.decisions)
            self.decisions.append(decision)
        return found

    def assess(self, population: Population) -> Assessment:
        """Assess every row; an invalid document raises FactsError as `Batch.assess_many` does.

        The cyclic garbage collector is paused meanwhile (`_collector_paused`).
        """
        with _collector_paused():
            return self._assess(population)

    def _assess(self, population: Population) -> Assessment:
        columns = Columns(population.table, self.labels)
        n = columns.n
        careful = np.flatnonzero(~columns.ok)
        read_carefully = []
        for row in careful.tolist():
            document = population.document(row)
            try:
                facts.read(document)
            except FactsError as error:
                raise FactsError(f"[{row}] {error.field}", error.problem) from None
            read_carefully.append((row, document))
        outcome = np.zeros((len(DECISIONS), n), dtype=np.int8)
        earliest = np.full((len(DECISIONS), n), NO_DATE, dtype=np.int64)
        decision = np.full((len(DECISIONS), n), -1, dtype=np.int32)
        rows = np.flatnonzero(columns.ok)
        if len(rows):
            self._assess_rows(columns, rows, outcome, earliest, decision)
        for row, document in read_carefully:
            compact = self.batch.assess(document)
            for m, brief in enumerate(compact.measures):
                outcome[m, row] = _O[brief.outcome]
                earliest[m, row] = NO_DATE if brief.earliest is None else _days(brief.earliest)
                decision[m, row] = self._register(brief.decision)
        return Assessment(population, outcome, earliest, decision, self.decisions)

    def _assess_rows(
        self,
        columns: Columns,
        rows: Ints,
        outcome: npt.NDArray[np.int8],
        earliest: Ints,
        decision: npt.NDArray[np.int32],
    ) -> None:
        seen = _Rows(columns)
        codes = columns.codes
        # Per count: the batch path's count key, and the age facts at the offence.
        parent = columns.parent
        birth_known = codes["birth_date"][parent] > 0
        age, boundary = _age_facts(_pick(columns.ymd["birth_date"], parent), columns.on_ymd)
        minor = np.where(
            ~birth_known,
            0,
            np.where(boundary == _MAJORITY, 2, np.where(age >= _MAJORITY, 3, 1)),
        )
        on_epoch = np.searchsorted(_BOUNDARY_DAYS, columns.on, side="right")
        count_key = (columns.label * _EPOCHS + on_epoch) * 4 + minor
        count_id = self.count_ids(count_key)
        catalogue_epoch = np.searchsorted(_CATALOGUE_DAYS, columns.as_of, side="right")
        summary_of = seen.summary_of = self._convictions(
            columns, rows, count_id, catalogue_epoch, seen
        )
        view = np.array([s.view for s in self.summaries], dtype=np.int64)[summary_of]
        time_view = np.array([s.time_view for s in self.summaries], dtype=np.int64)[summary_of]
        terms = Terms(columns)
        memos = {memo.name: memo for memo in self.batch._memos()}
        for m, name in enumerate(DECISIONS):
            memo = memos.get(name)
            if memo is None:
                continue
            chosen = self._decide(memo, columns, rows, view, seen)
            decision[m, rows] = chosen[rows]
            self._finish(m, columns, rows, chosen, terms, time_view, seen, outcome, earliest)
        m = DECISIONS.index("citizenship_deprivation")
        chosen = self._citizenship(columns, rows, summary_of, seen)
        decision[m, rows] = chosen
        self._shared(m, rows, chosen, outcome, earliest)
        m = DECISIONS.index("criminal_liability")
        self._liability(
            m, columns, rows, count_id, catalogue_epoch, age, boundary, seen, outcome, decision
        )

    # -- convictions

    def _convictions(
        self, columns: Columns, rows: Ints, count_id: Ints, catalogue_epoch: Ints, seen: _Rows
    ) -> Ints:
        """Return each row's conviction (an index into self.summaries), made on a miss."""
        counts, first = columns.count[rows], columns.first[rows]
        key = catalogue_epoch[rows] * 64 + counts
        for position in range(int(counts.max())):
            has = counts > position
            value = np.where(has, count_id[np.where(has, first + position, 0)] + 1, 0)
            key = (self.conviction_ids(key) << (DENSE_BITS + 1)) | value
        dense = self.conviction_ids(key)
        index, distinct, first = _factorize(dense)
        known = self.conviction_rows
        new = [(k, row) for k, row in zip(distinct.tolist(), rows[first].tolist(), strict=True)]
        new = [(k, row) for k, row in new if k not in known]
        read = seen.read(np.array([row for _, row in new], dtype=np.int64))
        for (k, _), f in zip(new, read, strict=True):
            # The conviction of the first row with the key stands for all: the decisions read
            # of it only what the key decides (batch.VIEW_COVERS; the parts, its time view).
            c = conviction.read(f)
            known[k] = len(self.summaries)
            self.summaries.append(self.batch.summary_of(f, c))
            self.convictions.append(c)
        summary = np.zeros(columns.n, dtype=np.int64)
        mapped = np.array([known[k] for k in distinct.tolist()], dtype=np.int64)
        summary[rows] = mapped[index]
        return summary

    # -- memoised decisions, in rounds

    def _attribute_codes(self, names: tuple[str, ...]) -> Ints:
        """Return, per summary, a code for the values of the conviction attributes named.

        `counts` and `unknown` are read only as flag_gaps reads them (batch.VIEW_COVERS), so
        their value is the gaps; `latest_offence` is compared only with the law's dates, so its
        value is its epoch.
        """
        cached = self.attribute_sets.get(names)
        if cached is not None and len(cached) == len(self.summaries):
            return cached
        key = np.zeros(len(self.summaries), dtype=np.int64)
        used = 0
        for number, name in enumerate(names):
            if used + DENSE_BITS > 62:
                key, used = (
                    self.long_keys.setdefault(((), names, number), _Dense())(key),
                    DENSE_BITS,
                )
            key = (key << DENSE_BITS) | self._attribute_column(name)
            used += DENSE_BITS
        cached = self.attribute_sets[names] = self.long_keys.setdefault(((), names, -1), _Dense())(
            key
        )
        return cached

    def _attribute_column(self, name: str) -> Ints:
        """Return, per summary, a code for the value of one conviction attribute."""
        interned, codes, cached = self.attributes.setdefault(name, ({}, [], _NO_CODES))
        if len(cached) == len(self.summaries):
            return cached
        for number in range(len(codes), len(self.summaries)):
            value = _attribute(self.convictions[number], name)
            codes.append(interned.setdefault(value, len(interned)))
        cached = np.array(codes, dtype=np.int64)
        self.attributes[name] = (interned, codes, cached)
        return cached

    def _key(self, memo: str, path: _Path, columns: Columns, rows: Ints, summary_of: Ints) -> Ints:
        """Pack a path's codes (the facts and the conviction attributes read) into one int64."""
        names, read_of_conviction, _ = path
        parts: list[tuple[Ints, int]] = []
        if read_of_conviction:
            codes = self._attribute_codes(read_of_conviction)
            parts.append((codes[summary_of[rows]], DENSE_BITS))
        for name in names:
            if name == "as_of":
                parts.append((columns.codes["as_of"][rows], _AS_OF_BITS))
            elif name in FIELDS:
                parts.append((columns.codes[name][rows], FIELDS[name].bits))
            else:
                raise RuntimeError(f"{memo} read {name}: give the columnar path its code")
        key = np.zeros(len(rows), dtype=np.int64)
        used = 0
        for number, (values, bits) in enumerate(parts):
            if used + bits > 62:
                dense = self.long_keys.setdefault((names, read_of_conviction, number), _Dense())
                key, used = dense(key), DENSE_BITS
            np.left_shift(key, bits, out=key)
            np.bitwise_or(key, values, out=key)
            used += bits
        return key

    def _decide(self, memo: Memo, columns: Columns, rows: Ints, view: Ints, seen: _Rows) -> Ints:
        """Return each row's decision (an index into self.decisions) for a memoised measure.

        Keyed on the facts and the conviction attributes each decision read (batch.Memo keys on
        the whole view instead): a decision is a function of what it read.
        """
        chosen = np.full(columns.n, -1, dtype=np.int64)
        paths = self.paths[memo.name]
        pending = rows
        trying = paths.copy()  # first every path known; then those the last round added to
        grouping: _Path | None = paths[0] if paths else None
        while len(pending):
            got = self._lookup(memo.name, trying, columns, pending, seen.summary_of)
            hit = got >= 0
            chosen[pending[hit]] = got[hit]
            pending = pending[~hit]
            if not len(pending):
                break
            if grouping is None:
                representatives = pending[:1]
            else:  # one representative per distinct key of the path most decisions took
                key = self._key(memo.name, grouping, columns, pending, seen.summary_of)
                representatives = pending[_firsts(_encode(key)[0])]
            trying, grouping = self._make(memo, columns, representatives, view, seen)
        return chosen

    def _lookup(
        self, memo: str, paths: list[_Path], columns: Columns, rows: Ints, summary_of: Ints
    ) -> Ints:
        """Return each row's decision found on the paths given (-1 where none has it).

        Many rows and paths: the rows are first reduced to one per distinct value of all the
        facts and attributes the paths read, and looked up once each.
        """
        back = None
        if len(rows) > self.profile_rows and len(paths) > 2:
            names = tuple(sorted({name for path in paths for name in path[0]}))
            attributes = tuple(sorted({name for path in paths for name in path[1]}))
            profile = self._key(memo, (names, attributes, {}), columns, rows, summary_of)
            back, _, first = _factorize(profile)
            rows = rows[first]
        got = np.full(len(rows), -1, dtype=np.int64)
        left = np.arange(len(rows))
        for path in paths:
            index, distinct = _encode(self._key(memo, path, columns, rows[left], summary_of))
            table = path[2]
            found = np.array([table.get(k, -1) for k in distinct.tolist()], dtype=np.int64)
            answer = found[index]
            hit = answer >= 0
            got[left[hit]] = answer[hit]
            left = left[~hit]
            if not len(left):
                break
        return got if back is None else got[back]

    def _make(
        self, memo: Memo, columns: Columns, rows: Ints, view: Ints, seen: _Rows
    ) -> tuple[list[_Path], _Path]:
        """Decide representative rows with Memo.make_keyed; keep each under the path it took.

        A representative that a decision made earlier in the same call already answers (two
        representatives may agree on the path the first took) is skipped.  Return the paths
        added to, and the one most of the decisions took.
        """
        as_of = columns.codes["as_of"]
        summary_of = seen.summary_of
        paths = self.paths[memo.name]
        keys: dict[int, list[int]] = {}  # id(path) -> each representative's key on it
        touched: dict[int, tuple[_Path, int]] = {}  # id(path) -> (path, decisions kept)
        made = 0
        for begin in range(0, len(rows), 1024):
            chunk = rows[begin : begin + 1024]
            for offset, (row, f) in enumerate(zip(chunk.tolist(), seen.read(chunk), strict=True)):
                number = begin + offset
                if any(keys[id(path)][number] in path[2] for path, _ in touched.values()):
                    continue
                c = self.convictions[int(summary_of[row])]
                decision, names, attributes = memo.make_keyed(int(view[row]), f, c, int(as_of[row]))
                made += 1
                for path in paths:
                    if path[0] == names and path[1] == attributes:
                        break
                else:
                    path = (names, attributes, {})
                    paths.append(path)
                if id(path) not in keys:
                    keys[id(path)] = self._key(memo.name, path, columns, rows, summary_of).tolist()
                path[2][keys[id(path)][number]] = self._register(decision)
                kept = touched.get(id(path), (path, 0))[1]
                touched[id(path)] = (path, kept + 1)
        self.batch.missed[memo.name] += made
        # The path most decisions took first: it answers the most rows, leaving fewer to the rest.
        chosen = [path for path, _ in sorted(touched.values(), key=lambda item: -item[1])]
        return chosen, chosen[0]

    # -- outcomes of shared decisions and of plans

    def _shared(
        self,
        m: int,
        rows: Ints,
        chosen: Ints,
        outcome: npt.NDArray[np.int8],
        earliest: Ints,
    ) -> None:
        """Fill the outcome and date of rows whose decision is a shared Measure."""
        index, distinct = _encode(chosen)
        codes = np.zeros(len(distinct), dtype=np.int8)
        days = np.full(len(distinct), NO_DATE, dtype=np.int64)
        for k, number in enumerate(distinct.tolist()):
            found = self.decisions[number]
            if type(found) is Measure:
                codes[k] = _O[found.outcome]
                days[k] = NO_DATE if found.earliest is None else _days(found.earliest)
        outcome[m, rows] = codes[index]
        earliest[m, rows] = days[index]

    def _finish(
        self,
        m: int,
        columns: Columns,
        rows: Ints,
        chosen: Ints,
        terms: Terms,
        time_view: Ints,
        seen: _Rows,
        outcome: npt.NDArray[np.int8],
        earliest: Ints,
    ) -> None:
        """Fill outcomes and dates: from shared decisions, or by finishing each Plan's rows."""
        picked = chosen[rows]
        self._shared(m, rows, picked, outcome, earliest)
        index, distinct = _encode(picked)
        plans = [
            (k, self.decisions[number])
            for k, number in enumerate(distinct.tolist())
            if type(self.decisions[number]) is Plan
        ]
        if not plans:
            return
        by_finish: dict[Any, list[tuple[int, Plan]]] = {}
        for k, plan in plans:
            by_finish.setdefault(plan.finish, []).append((k, plan))
        for finish, group in by_finish.items():
            local = np.full(len(distinct), -1, dtype=np.int64)
            for number, (k, _) in enumerate(group):
                local[k] = number
            which = local[index]
            mine = rows[which >= 0]
            plan_of = which[which >= 0]
            group_plans = [plan for _, plan in group]
            finisher = _FINISHERS.get(finish)
            if finisher is None:
                codes, days = self._finish_in_python(columns, mine, plan_of, group_plans, seen)
            else:
                cands = None
                if group_plans[0].candidates:
                    cands = self._candidates(columns, mine, time_view, seen)
                codes, days = finisher(self, columns, terms, mine, plan_of, group_plans, cands)
            outcome[m, mine] = codes
            earliest[m, mine] = days

    def _finish_in_python(
        self, columns: Columns, rows: Ints, plan_of: Ints, plans: list[Plan], seen: _Rows
    ) -> tuple[npt.NDArray[np.int8], Ints]:
        """Finish each row as the batch path does (a Plan this module has no vector form for)."""
        codes = np.zeros(len(rows), dtype=np.int8)
        days = np.full(len(rows), NO_DATE, dtype=np.int64)
        for k, (row, number) in enumerate(zip(rows.tolist(), plan_of.tolist(), strict=True)):
            plan = plans[number]
            f = columns.facts([row])[0]
            cands = None
            if plan.candidates:
                summary = self.batch.summary_of(f)
                cands = self.batch._candidates(f, None, summary, int(columns.codes["as_of"][row]))
            found = plan.finding.copy_into(object.__new__(Deferred))
            plan.finish(found, plan.data, f, term.reading(f), cands)
            codes[k] = _O[found.outcome]
            days[k] = NO_DATE if found.earliest is None else _days(found.earliest)
        return codes, days

    def _candidates(self, columns: Columns, rows: Ints, time_view: Ints, seen: _Rows) -> Ints:
        """Return each row's parole parts (index into candidate_list), keyed as Batch keys them.

        But for the age in the privileged status, counted as PRIVILEGED_AGES says.
        """
        codes = columns.codes
        birth = codes["birth_date"][rows] > 0
        age = _age_on(_pick(columns.ymd["birth_date"], rows), _pick(columns.as_of_ymd, rows))
        person = codes["as_of"][rows]
        for name in (
            "sex",
            "pregnant",
            "raises_disabled_child",
            "disability_group",
            "children_under_14",
            "raises_child_alone",
        ):
            person = (person << FIELDS[name].bits) | codes[name][rows]
        age = np.clip(age, *PRIVILEGED_AGES)
        person = (person << 9) | np.where(birth, age + 1, 0)
        # The privileged status of art. 72(4) per distinct person and age (PRIVILEGED_AGES).
        index, distinct, first = _factorize(person)
        statuses = self.statuses
        new = [(k, row) for k, row in zip(distinct.tolist(), rows[first].tolist(), strict=True)]
        new = [(k, row) for k, row in new if k not in statuses]
        read = seen.read(np.array([row for _, row in new], dtype=np.int64))
        for (k, row), f in zip(new, read, strict=True):
            status = self.batch._privileged(f, int(codes["as_of"][row]))
            statuses[k] = self.status_codes.setdefault(status, len(self.status_codes))
        status_of = np.array([statuses[k] for k in distinct.tolist()], dtype=np.int64)[index]
        key = (time_view[rows] << DENSE_BITS) | status_of
        for name in ("life", "cooperation_agreement", "prior_parole_revoked"):
            key = (key << 2) | codes[name][rows]
        key = (key << 3) | codes["prior_revocation_ground"][rows]
        key = (key << 3) | codes["kind"][rows]
        key = (key << _AS_OF_BITS) | codes["as_of"][rows]
        index, distinct, first = _factorize(key)
        known = self.candidates
        new = [(k, row) for k, row in zip(distinct.tolist(), rows[first].tolist(), strict=True)]
        new = [(k, row) for k, row in new if k not in known]
        read = seen.read(np.array([row for _, row in new], dtype=np.int64))
        for (k, row), f in zip(new, read, strict=True):
            number = int(seen.summary_of[row])
            found = self.batch._candidates(
                f, self.convictions[number], self.summaries[number], int(codes["as_of"][row])
            )
            known[k] = len(self.candidate_list)
            self.candidate_list.append(found)
        return np.array([known[k] for k in distinct.tolist()], dtype=np.int64)[index]

    # -- art. 50-1 and art. 15

    def _citizenship(self, columns: Columns, rows: Ints, summary_of: Ints, seen: _Rows) -> Ints:
        """Art. 50-1: keyed on the content of the counts' records and citizenship.

        `art50_1.combine` reads only the records and citizenship; counts whose records are
        alike (the same article part, before or after 2017, the same sanction) count alike.
        """
        records = self._citizenship_records(summary_of, rows, seen)
        key = (records[summary_of[rows]] << 2) | columns.codes["citizen"][rows]
        index, distinct, first = _factorize(key)
        known = self.citizenship
        new = [(k, row) for k, row in zip(distinct.tolist(), rows[first].tolist(), strict=True)]
        for k, row in new:
            if k not in known:
                citizen = _FLAGS[int(columns.codes["citizen"][row])]
                listed = self.record_lists[int(records[summary_of[row]])]
                known[k] = self._register(_shared(art50_1.combine(listed, citizen)))
                self.batch.missed["citizenship_deprivation"] += 1
        return np.array([known[k] for k in distinct.tolist()], dtype=np.int64)[index]

    def _citizenship_records(self, summary_of: Ints, rows: Ints, seen: _Rows) -> Ints:
        """Return, per summary, the interned content of its counts' art. 50-1 records."""
        codes = self.record_codes
        if len(codes) < len(self.summaries):
            _, distinct, first = _factorize(summary_of[rows])
            where = dict(zip(distinct.tolist(), rows[first].tolist(), strict=True))
            for number in range(len(codes), len(self.summaries)):
                f = seen.of(where[number])
                counts, _, _ = self.batch._count_keys(f)
                listed = self.batch._citizenship_records(
                    f, self.convictions[number], counts, epochs.catalogue_epoch(f.as_of)
                )
                content = tuple(_record_content(record) for record in listed)
                found = self.record_contents.setdefault(content, len(self.record_contents))
                if found == len(self.record_lists):
                    self.record_lists.append(listed)
                codes.append(found)
        return np.array(codes, dtype=np.int64)

    def _liability(
        self,
        m: int,
        columns: Columns,
        rows: Ints,
        count_id: Ints,
        catalogue_epoch: Ints,
        age: Ints,
        boundary: Ints,
        seen: _Rows,
        outcome: npt.NDArray[np.int8],
        decision: npt.NDArray[np.int32],
    ) -> None:
        """Art. 15: each count's result keyed on its count key, as_of's epoch and the age facts."""
        codes = columns.codes
        with_birth = rows[codes["birth_date"][rows] > 0]
        without = rows[codes["birth_date"][rows] == 0]
        if len(without):
            if self.no_birth < 0:
                row = int(without[0])
                measure = self.batch.no_birth or self.batch._no_birth(seen.of(row), None)
                self.no_birth = self._register(measure)
            found = self.decisions[self.no_birth]
            outcome[m, without] = _O[found.outcome]
            decision[m, without] = self.no_birth
        if not len(with_birth):
            return
        counts = columns.count[with_birth]
        items = np.repeat(columns.first[with_birth], counts) + (
            np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        )
        capped = age[items] >= LIABILITY_AGE_CAP
        item_age = np.where(capped, LIABILITY_AGE_CAP, age[items])
        item_boundary = np.where(capped | (boundary[items] < 0), 0, boundary[items] + 1)
        doc = np.repeat(with_birth, counts)
        key = (count_id[items] << _CATALOGUE_BITS) | catalogue_epoch[doc]
        key = (((key << 8) | item_age) << 8) | item_boundary
        index, distinct, first = _factorize(key)
        known = self.liability
        bits = {"liable": 1, "review": 2, "not_liable": 4}
        for k, item in zip(distinct.tolist(), items[first].tolist(), strict=True):
            if k in known:
                continue
            row = int(columns.parent[item])
            position = item - int(columns.first[row])
            f = seen.of(row)
            counts_of, pairs, _ = self.batch._count_keys(f)
            cat = epochs.catalogue_epoch(f.as_of)
            record = self.batch.liability_counts.get((counts_of[position], cat, pairs[position]))
            if record is None:
                record = self.batch._liability_record(
                    f, None, position, counts_of[position], cat, pairs
                )
            known[k] = bits[record[0]]
        result = np.array([known[k] for k in distinct.tolist()], dtype=np.int64)[index]
        combined = np.zeros(columns.n, dtype=np.int64)
        np.bitwise_or.at(combined, doc, result)
        names = {1: "liable", 2: "review", 4: "not_liable"}
        table = np.array(
            [_O[art15.outcome({names[b] for b in (1, 2, 4) if v & b})] for v in range(8)],
            dtype=np.int8,
        )
        outcome[m, with_birth] = table[combined[with_birth]]


def _record_content(record: tuple[str, Finding]) -> Any:
    """Return what `combine` reads of a count's record, as a key."""
    result, found = record
    return (
        result,
        tuple(found.reasons),
        tuple(found.rules),
        tuple(found.missing),
        found.review,
        tuple(found.options),
        tuple(sorted(found.extra.items())),
    )


def _attribute(c: conviction.Conviction, name: str) -> Any:
    """Return the value a decision's key holds for a conviction attribute it read."""
    if name in ("counts", "unknown"):
        return (
            c.pre_code,
            tuple((n.offence.article, n.offence.part) for n in c.counts if n.lenient_later),
            tuple((n.offence.article, n.offence.part) for n in c.unknown),
        )
    if name == "latest_offence":
        return epochs.epoch(c.latest_offence)
    value = getattr(c, name)
    if not (value is None or isinstance(value, bool | int | str)):
        raise RuntimeError(f"a decision read {name} of the conviction: give it a key")
    return value


def _age_facts(birth: Ymd, on: Ymd) -> tuple[Ints, Ints]:
    """Return `periods.age_facts` for dates: the age and the boundary (-1 for None)."""
    by, bm, bd = birth
    oy, om, od = on
    age = oy - by - ((om < bm) | ((om == bm) & (od < bd)))
    boundary = np.where((om == bm) & (od == bd), age, -1)
    leap = ((oy % 4 == 0) & (oy % 100 != 0)) | (oy % 400 == 0)
    leap_born = (bm == 2) & (bd == 29) & ~leap
    boundary = np.where(leap_born & (om == 2) & (od == 28), age + 1, boundary)
    boundary = np.where(leap_born & (om == 3) & (od == 1), age, boundary)
    return age, boundary


def _age_on(birth: Ymd, on: Ymd) -> Ints:
    return _age_facts(birth, on)[0]


# --- The finishes, one vector form per Plan.finish ----------------------------------------------

_Finisher = Callable[
    [Columnar, Columns, Terms, Ints, Ints, list[Plan], Ints | None],
    tuple[npt.NDArray[np.int8], Ints],
]


def _parts(plans: list[Plan], at: int, plan_of: Ints) -> tuple[Ints, Ints]:
    """Return the numerator and denominator of each row's plan's part (data[at])."""
    fractions = [Fraction(plan.data[at]) for plan in plans]
    num = np.array([p.numerator for p in fractions], dtype=np.int64)[plan_of]
    den = np.array([p.denominator for p in fractions], dtype=np.int64)[plan_of]
    return num, den


def _column(plans: list[Plan], value: Callable[[Plan], Any], plan_of: Ints) -> Ints:
    return np.array([int(value(plan)) for plan in plans], dtype=np.int64)[plan_of]


def _select(
    size: int, cases: list[tuple[Bools, str, Ints | None]]
) -> tuple[npt.NDArray[np.int8], Ints]:
    """Give each row the first case that holds: (condition, outcome, earliest or None)."""
    codes = np.full(size, -1, dtype=np.int8)
    days = np.full(size, NO_DATE, dtype=np.int64)
    for condition, name, day in cases:
        take = condition & (codes < 0)
        codes[take] = _O[name]
        if day is not None:
            days[take] = day[take]
    if (codes < 0).any():
        raise RuntimeError("a finish left a row without an outcome")
    return codes, days


def _term_unknown(terms: Terms, rows: Ints, missing: Ints) -> tuple[Bools, Bools]:
    """Return (no term, and with it: needs_facts rather than needs_review)."""
    unknown = ~terms.known[rows]
    return unknown, unknown & ((missing > 0) | terms.missing[rows])


def _finish_73(
    _: Columnar,
    columns: Columns,
    terms: Terms,
    rows: Ints,
    plan_of: Ints,
    plans: list[Plan],
    __: Ints | None,
) -> tuple[npt.NDArray[np.int8], Ints]:
    """art73._finish: the part of the term, then the end, the facts missing, as_of, review."""
    num, den = _parts(plans, 0, plan_of)
    missing = _column(plans, lambda p: bool(p.finding.missing), plan_of)
    review = _column(plans, lambda p: p.finding.review and bool(p.data[2]), plan_of)
    unknown, needs = _term_unknown(terms, rows, missing)
    day = terms.reached(rows, num, den)
    as_of, end = columns.as_of[rows], terms.end[rows]
    ended = (end != NO_DATE) & (as_of >= end)
    return _select(
        len(rows),
        [
            (needs, "needs_facts", None),
            (unknown, "needs_review", None),
            (ended, "not_eligible", None),
            (missing > 0, "needs_facts", day),
            (as_of < day, "not_yet", day),
            (review > 0, "needs_review", day),
            (np.ones(len(rows), dtype=np.bool_), "eligible", day),
        ],
    )


def _juvenile(
    columns: Columns, terms: Terms, rows: Ints, plan_of: Ints, plans: list[Plan], floor_at: int
) -> tuple[npt.NDArray[np.int8], Ints]:
    """art86._finish_parole (with a floor) and art87._finish (without): they decide alike."""
    num, den = _parts(plans, 0, plan_of)
    at = 1 if floor_at else 0
    missing = _column(plans, lambda p: bool(p.finding.missing), plan_of)
    review = _column(plans, lambda p: bool(p.data[at + 1]), plan_of)
    malicious = _column(plans, lambda p: {None: 0, False: 1, True: 2}[p.data[at + 2]], plan_of)
    unknown, needs = _term_unknown(terms, rows, missing)
    floor: Ints | int = 0
    if floor_at:
        months = _column(plans, lambda p: p.data[1], plan_of)
        floor = np.where(months > 0, terms.floor(rows, months), 0)
    day = terms.reached(rows, num, den, floor)
    as_of, end = columns.as_of[rows], terms.end[rows]
    ended = (end != NO_DATE) & (as_of >= end)
    return _select(
        len(rows),
        [
            (needs, "needs_facts", None),
            (unknown, "needs_review", None),
            (ended, "not_eligible", None),
            (as_of < day, "not_yet", day),
            (review > 0, "needs_review", day),
            (malicious == 0, "needs_facts", day),
            (malicious == 2, "needs_review", day),
            (np.ones(len(rows), dtype=np.bool_), "mandatory", day),
        ],
    )


def _juvenile_finisher(floor_at: int) -> _Finisher:
    """Return the finisher of art86._finish_parole (floor_at 1) or art87._finish (0)."""

    def finish(
        _: Columnar,
        columns: Columns,
        terms: Terms,
        rows: Ints,
        plan_of: Ints,
        plans: list[Plan],
        __: Ints | None,
    ) -> tuple[npt.NDArray[np.int8], Ints]:
        return _juvenile(columns, terms, rows, plan_of, plans, floor_at)

    return finish


def _parole_dates(
    assessor: Columnar, terms: Terms, rows: Ints, cands: Ints
) -> tuple[Ints, Ints, Bools, Bools]:
    """Return the lowest and highest possible day (art72._dates), and the candidates' flags.

    The flags: whether a fact the part depends on is unknown (cands.missing), and whether
    what the count is against is.
    """
    listed = assessor.candidate_list
    used = sorted(set(cands.tolist()))
    local = {k: i for i, k in enumerate(used)}
    size = max(len(listed[k].items) for k in used)
    nums = np.ones((len(used), size), dtype=np.int64)
    dens = np.ones((len(used), size), dtype=np.int64)
    sizes = np.zeros(len(used), dtype=np.int64)
    life = np.zeros(len(used), dtype=np.bool_)
    floor_months = np.zeros(len(used), dtype=np.int64)
    missing = np.zeros(len(used), dtype=np.bool_)
    for i, k in enumerate(used):
        found = listed[k]
        sizes[i], life[i], floor_months[i] = len(found.items), found.life, found.floor_months
        missing[i] = bool(found.missing)
        for j, (part, _, _) in enumerate(found.items):
            value = Fraction(part)
            nums[i, j], dens[i, j] = value.numerator, value.denominator
    which = np.array([local[k] for k in cands.tolist()], dtype=np.int64)
    months = floor_months[which]
    floor: Ints = np.where(months > 0, terms.floor(rows, np.maximum(months, 0)), 0)
    low = np.full(len(rows), np.iinfo(np.int64).max, dtype=np.int64)
    high = np.full(len(rows), np.iinfo(np.int64).min, dtype=np.int64)
    is_life = life[which]
    row_sizes = sizes[which]
    for j in range(size):
        has = np.flatnonzero(row_sizes > j)
        num, den = nums[which[has], j], dens[which[has], j]
        day = np.where(
            is_life[has],
            terms.after(rows[has], num),
            terms.reached(rows[has], num, den, floor[has]),
        )
        low[has] = np.minimum(low[has], day)
        high[has] = np.maximum(high[has], day)
    return low, high, missing[which], is_life


def _finish_adult(
    assessor: Columnar,
    columns: Columns,
    terms: Terms,
    rows: Ints,
    plan_of: Ints,
    plans: list[Plan],
    cands: Ints | None,
) -> tuple[npt.NDArray[np.int8], Ints]:
    """art72._finish_adult and _resolve_time."""
    assert cands is not None
    mandatory = _column(plans, lambda p: p.data[0] == "mandatory", plan_of)
    review = _column(plans, lambda p: bool(p.data[1]), plan_of)
    decisive = _column(plans, lambda p: bool(p.data[2]), plan_of)
    missing = _column(plans, lambda p: bool(p.finding.missing), plan_of)
    unknown, needs = _term_unknown(terms, rows, missing)
    low, high, cands_missing, _ = _parole_dates(assessor, terms, rows, cands)
    as_of, end = columns.as_of[rows], terms.end[rows]
    settled = (low == high) | (as_of >= high)
    day = np.where(as_of >= high, high, low)
    ended = (end != NO_DATE) & ((as_of >= end) | (day >= end))
    return _select(
        len(rows),
        [
            (needs, "needs_facts", None),
            (unknown, "needs_review", None),
            (~settled & ((missing > 0) | cands_missing), "needs_facts", None),
            (~settled, "needs_review", None),
            (ended, "not_eligible", None),
            ((as_of < day) & (decisive > 0), "needs_facts", day),
            (as_of < day, "not_yet", day),
            (missing > 0, "needs_facts", day),
            (review > 0, "needs_review", day),
            (mandatory > 0, "mandatory", day),
            (np.ones(len(rows), dtype=np.bool_), "eligible", day),
        ],
    )


def _finish_refused(
    assessor: Columnar,
    columns: Columns,
    terms: Terms,
    rows: Ints,
    plan_of: Ints,
    plans: list[Plan],
    cands: Ints | None,
) -> tuple[npt.NDArray[np.int8], Ints]:
    """art72._finish_refused: not eligible, with the day the time condition alone is met."""
    assert cands is not None
    low, high, _, _ = _parole_dates(assessor, terms, rows, cands)
    one = terms.known[rows] & (low == high)
    return _select(
        len(rows),
        [
            (one, "not_eligible", low),
            (np.ones(len(rows), dtype=np.bool_), "not_eligible", None),
        ],
    )


_FINISHERS: dict[Any, _Finisher] = {
    art72._finish_adult: _finish_adult,
    art72._finish_refused: _finish_refused,
    art73._finish: _finish_73,
    art86._finish_parole: _juvenile_finisher(1),
    art87._finish: _juvenile_finisher(0),
}


def assess(population: Population, assessor: Columnar | None = None) -> Assessment:
    """Assess a population column-wise (with fresh decision tables unless given an assessor)."""
    return (assessor or Columnar()).assess(population)


__all__ = [
    "NO_DATE",
    "SCHEMA",
    "Assessment",
    "Columnar",
    "Population",
    "add_period",
    "assess",
    "from_documents",
    "read_jsonl",
]
