"""Operations that change workshop data. Views and commands call these, nothing else."""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from workshops.models import Desa, Kecamatan

DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
PLACES_COLUMNS = ("kode", "kecamatan", "desa")


class PlacesImportError(Exception):
    """The file has bad rows; `errors` names each one by its line number."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PlacesImportResult:
    kecamatan_created: int = 0
    desa_created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read_places(text):
    """Check every row first: a bad file is refused whole, every problem named."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in PLACES_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PlacesImportError(
            [
                _("Line 1: the header must have the columns %(columns)s.")
                % {"columns": ", ".join(PLACES_COLUMNS)}
            ]
        )
    errors, kecamatan, desa = [], {}, {}
    for row in reader:
        line = reader.line_num
        code = (row["kode"] or "").strip()
        kecamatan_name = (row["kecamatan"] or "").strip()
        desa_name = (row["desa"] or "").strip()
        if not DESA_CODE.match(code):
            errors.append(
                _(
                    "Line %(line)d: the code '%(code)s' is not a desa code like "
                    "61.12.01.2001."
                )
                % {"line": line, "code": code}
            )
            continue
        if not kecamatan_name or not desa_name:
            errors.append(
                _("Line %(line)d: the kecamatan and desa names must not be empty.")
                % {"line": line}
            )
            continue
        if code in desa:
            errors.append(
                _("Line %(line)d: the code %(code)s appears twice.")
                % {"line": line, "code": code}
            )
            continue
        kecamatan_code = code.rsplit(".", 1)[0]
        known_name = kecamatan.setdefault(kecamatan_code, kecamatan_name)
        if known_name != kecamatan_name:
            errors.append(
                _(
                    "Line %(line)d: kecamatan %(code)s is called '%(name)s' here but "
                    "'%(known)s' above."
                )
                % {
                    "line": line,
                    "code": kecamatan_code,
                    "name": kecamatan_name,
                    "known": known_name,
                }
            )
            continue
        desa[code] = (desa_name, kecamatan_code)
    if not desa and not errors:
        errors.append(_("The file has no rows."))
    if errors:
        raise PlacesImportError(errors)
    return kecamatan, desa


def places_import_csv(*, text: str) -> PlacesImportResult:
    """Create or update kecamatan and desa from CSV text; all rows or none."""
    kecamatan_names, desa_rows = _read_places(text)
    result = PlacesImportResult()
    with transaction.atomic():
        kecamatan_by_code = {}
        for code, name in kecamatan_names.items():
            obj, created = Kecamatan.objects.get_or_create(
                code=code, defaults={"name": name}
            )
            if created:
                result.kecamatan_created += 1
            elif obj.name != name:
                obj.name = name
                obj.save(update_fields=["name"])
                result.updated += 1
            kecamatan_by_code[code] = obj
        existing = {d.code: d for d in Desa.objects.filter(code__in=desa_rows)}
        for code, (name, kecamatan_code) in desa_rows.items():
            parent = kecamatan_by_code[kecamatan_code]
            current = existing.get(code)
            if current is None:
                Desa.objects.create(code=code, name=name, kecamatan=parent)
                result.desa_created += 1
            elif current.name != name or current.kecamatan_id != parent.pk:
                current.name, current.kecamatan = name, parent
                current.save(update_fields=["name", "kecamatan"])
                result.updated += 1
            else:
                result.unchanged += 1
    return result
