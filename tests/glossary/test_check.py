

def test_english_plurals_of_an_approved_term_count():
    from portal.glossary.check import _occurrences

    assert _occurrences("plans and decisions", "plan", "en") == [(0, 5)]
    assert _occurrences("the people's committees of", "people's committee", "en") == [(4, 23)]
    assert _occurrences("planning", "plan", "en") == []
