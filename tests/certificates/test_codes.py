from certificates.codes import ALPHABET, format_code, new_code, normalise_code


def test_codes_use_no_letters_that_can_be_misread():
    for confusable in "0O1IL":
        assert confusable not in ALPHABET
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 10 and set(code) <= set(ALPHABET) for code in codes)


def test_a_code_is_shown_in_groups_and_typed_any_way():
    assert format_code("K7QF3MXD9R") == "K7QF-3MXD-9R"
    for typed in ["K7QF-3MXD-9R", "k7qf3mxd9r", " k7qf 3mxd 9r ", "K7QF-3mxd-9R"]:
        assert normalise_code(typed) == "K7QF3MXD9R"


def test_impossible_codes_are_recognised_without_a_lookup():
    for typed in ["K7QF-3MXD", "K7QF-3MXD-9R0", "O7QF-3MXD-9R", "<script>", ""]:
        assert normalise_code(typed) is None
