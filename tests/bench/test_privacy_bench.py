"""Smoke test of the privacy guard benchmark (bench/privacy.py, issue 24; RULINGS.md 3: long runs
are bench scripts with a small smoke test in the suite). Its core on a tiny set — xlsx, csv and
docx files, each unmasked, masked and clean; no LibreOffice, no OCR, no database — must find every
planted number and nothing in the masked and clean files; and a planted value the detector
cannot see must come out as a miss, not vanish."""

from __future__ import annotations

import random

from bench import privacy

PARAGRAPHS = [
    "第一条 为了规范社会救助，保障公民的基本生活，促进社会公平，维护社会和谐稳定，根据宪法，制定本办法。",
    "第二条 社会救助制度坚持托底线、救急难、可持续，与其他社会保障制度相衔接，社会救助水平与经济社会发展水平相适应。",
]


def test_tiny_set_recall_is_complete_and_masked_and_clean_files_give_nothing() -> None:
    samples = privacy.generate(random.Random(7), 9, PARAGRAPHS, formats=("xlsx", "csv", "docx"), rows=(6, 10))
    assert sorted((s.kind, s.group) for s in samples) == sorted(
        (kind, group) for kind in ("xlsx", "csv", "docx") for group in privacy.GROUPS
    )
    outcomes = [privacy.read_and_screen(sample) for sample in samples]
    planted = [v for o in outcomes for v in o.sample.planted]
    assert {v.kind for v in planted} == {privacy.ID, privacy.MOBILE, privacy.CARD}
    assert [(o.sample.name, v.shown) for o in outcomes for v in o.missed] == []
    assert sum(len(o.found) for o in outcomes) == len(planted) >= 18
    for o in outcomes:
        if o.sample.group != privacy.UNMASKED:
            assert o.hits == [], (o.sample.name, o.hits)
        assert o.extra == [], (o.sample.name, o.extra)
    rows = privacy.tally(outcomes)
    assert all(row.recall().endswith("(100.0%)") for row in rows.values())


def test_a_value_hidden_from_the_detector_is_reported_missed() -> None:
    """The bench must be able to see a miss: a card number with its digits run into a word."""
    rng = random.Random(3)
    roster = privacy.roster_list(rng, 3)
    card = roster.people[0].card
    hidden = privacy.Value(card.kind, card.digits, "No" + card.digits, card.masked)
    people = [privacy.Person(**{**vars(roster.people[0]), "card": hidden}), *roster.people[1:]]
    data = privacy.csv_file(rng, privacy.RosterList(roster.title, roster.intro, people), False, None)
    sample = privacy.Sample("hidden.csv", "csv", "csv", privacy.UNMASKED, data, [v for p in people for v in p.values()])
    outcome = privacy.read_and_screen(sample)
    assert outcome.missed == [hidden]
    assert len(outcome.found) == 8
    assert card.digits in privacy.read_as(outcome, hidden)
