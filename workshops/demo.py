from pathlib import Path

from workshops.services import places_import_csv

PLACES_CSV = Path(__file__).resolve().parent / "data" / "kubu_raya_wilayah.csv"


def load_places():
    return places_import_csv(text=PLACES_CSV.read_text(encoding="utf-8"))
