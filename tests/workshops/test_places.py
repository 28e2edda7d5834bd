import pytest
from django.core.management import CommandError, call_command

from workshops.demo import PLACES_CSV
from workshops.models import Desa, Kecamatan

pytestmark = pytest.mark.django_db


def write_csv(tmp_path, rows):
    path = tmp_path / "wilayah.csv"
    path.write_text("kode,kecamatan,desa\n" + "".join(f"{r}\n" for r in rows))
    return path


def test_shipped_csv_loads_nine_kecamatan_and_123_desa():
    call_command("load_places", str(PLACES_CSV), verbosity=0)

    assert Kecamatan.objects.count() == 9
    assert Desa.objects.count() == 123
    rasau = Kecamatan.objects.get(name="Rasau Jaya")
    assert rasau.code == "61.12.07"
    assert rasau.desa.count() == 6


def test_loading_the_same_csv_twice_changes_nothing():
    call_command("load_places", verbosity=0)
    before = list(Desa.objects.values_list("pk", "code", "name", "kecamatan_id"))

    call_command("load_places", verbosity=0)

    assert list(Desa.objects.values_list("pk", "code", "name", "kecamatan_id")) == (
        before
    )
    assert Kecamatan.objects.count() == 9


def test_a_bad_row_is_named_by_line_and_nothing_is_loaded(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "61.12.01.2001,Sungai Raya,Sungai Raya",
            "61.12.01.2002,Sungai Raya,Sungai Ambangah",
            "61-12-01,Sungai Raya,Kuala Dua",
            "61.12.02.2001,Kuala Mandor B,",
        ],
    )

    with pytest.raises(CommandError) as error:
        call_command("load_places", str(path), verbosity=0)

    message = str(error.value)
    assert "Baris 4" in message and "61-12-01" in message
    assert "Baris 5" in message
    assert "Baris 2" not in message
    assert Kecamatan.objects.count() == 0
    assert Desa.objects.count() == 0


def test_a_kecamatan_with_two_names_is_refused(tmp_path):
    path = write_csv(
        tmp_path,
        ["61.12.01.2001,Sungai Raya,Sungai Raya", "61.12.01.2002,Sei Raya,Limbung"],
    )

    with pytest.raises(CommandError, match="Baris 3"):
        call_command("load_places", str(path), verbosity=0)
    assert Desa.objects.count() == 0


def test_another_regency_loads_its_own_places(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "61.04.01.2001,Sungai Pinyuh,Sungai Pinyuh",
            "61.04.01.2002,Sungai Pinyuh,Galang",
        ],
    )

    call_command("load_places", str(path), verbosity=0)

    assert list(Desa.objects.values_list("name", flat=True)) == [
        "Galang",
        "Sungai Pinyuh",
    ]


def test_a_file_without_the_right_columns_is_refused(tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text("nama,alamat\nBudi,Sungai Raya\n")

    with pytest.raises(CommandError, match="Baris 1"):
        call_command("load_places", str(path), verbosity=0)
