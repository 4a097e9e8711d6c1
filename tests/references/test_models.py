from references.models import Reference


def test_one_use_has_one_unlabelled_backlink():
    assert Reference(number=3, uses=1).backlinks() == [("", "#cite_ref-3")]


def test_several_uses_are_lettered_like_mediawiki():
    assert Reference(number=2, uses=3).backlinks() == [
        ("a", "#cite_ref-2-0"),
        ("b", "#cite_ref-2-1"),
        ("c", "#cite_ref-2-2"),
    ]


def test_unused_reference_has_no_backlink():
    assert Reference(number=5, uses=0).backlinks() == []
    assert Reference(number=5).anchor == "cite_note-5"
