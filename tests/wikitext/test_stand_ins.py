"""The characters a reading borrows (wikitext.stand_ins): chosen from those the page does not hold."""

from wikitext.stand_ins import StandIns


def test_the_first_three_the_page_does_not_hold_are_taken():
    assert (StandIns("甲").guard, StandIns("甲").open, StandIns("甲").close) == ("\ufffc", "\u2e2e", "\u2e4e")
    held = StandIns("\ufffc 甲")
    assert (held.guard, held.open, held.close) == ("\u2e2e", "\u2e4e", "\u2e4f")
    # Written as a character reference, a stand-in is held too: pulldown-cmark decodes it.
    assert StandIns("&#xFFFC;").guard == "\u2e2e"


def test_protect_guards_asterisks_beside_cjk_and_marks_markers():
    stand_ins = StandIns("甲**乙** \\[3\\]")
    assert stand_ins.protect("甲**乙** \\[3\\]") == "甲\ufffc**\ufffc乙\ufffc**\ufffc \u2e2e3\u2e4e".replace(
        "\ufffc \u2e2e", " \u2e2e"
    )


def test_each_kind_of_string_gets_its_own_characters_back():
    stand_ins = StandIns("x")
    assert stand_ins.literal_text("\ufffca\u2e2e1\u2e4e") == "a\\[1\\]"
    assert stand_ins.unescaped_text("\ufffca\u2e2e1\u2e4e") == "a[1]"


def test_a_page_holding_every_one_borrows_none():
    everything = "\ufffc\u2e2e\u2e4e\u2e4f\ua60f\u2e3b 甲**乙**"
    stand_ins = StandIns(everything)
    assert not stand_ins.active
    assert stand_ins.protect(everything) == everything
