"""What applies at a place (documents/domain/applicability.py), on the places of the seed as
the 2025 reform changed them: phường Việt Hưng of quận Long Biên (until 30/06/2025) and the
ward of Hà Nội formed from it on 01/07/2025."""

from __future__ import annotations

import datetime as dt

from documents.domain.applicability import (
    ABOVE,
    BEFORE,
    BEFORE_ABOVE,
    HERE,
    MAX_GENERATIONS,
    Place,
    Predecessor,
    applicable_places,
)

REFORM = dt.date(2025, 7, 1)
VN, HANOI, LONG_BIEN, OLD_VIET_HUNG, OLD_GIANG_BIEN, NEW_VIET_HUNG, GIA_LAM, OLD_X = range(1, 9)

PLACES = {
    VN: Place(VN, "Việt Nam"),
    HANOI: Place(HANOI, "Hà Nội", (VN,)),
    LONG_BIEN: Place(LONG_BIEN, "quận Long Biên", (VN, HANOI)),
    GIA_LAM: Place(GIA_LAM, "huyện Gia Lâm", (VN, HANOI)),
    OLD_VIET_HUNG: Place(OLD_VIET_HUNG, "phường Việt Hưng (cũ)", (VN, HANOI, LONG_BIEN)),
    OLD_GIANG_BIEN: Place(OLD_GIANG_BIEN, "phường Giang Biên (cũ)", (VN, HANOI, LONG_BIEN)),
    OLD_X: Place(OLD_X, "xã X (cũ)", (VN, HANOI, GIA_LAM)),
    NEW_VIET_HUNG: Place(NEW_VIET_HUNG, "phường Việt Hưng", (VN, HANOI)),
}
FORMED_FROM = {
    NEW_VIET_HUNG: [Predecessor(PLACES[OLD_VIET_HUNG], REFORM),
                    Predecessor(PLACES[OLD_GIANG_BIEN], REFORM),
                    Predecessor(PLACES[OLD_X], REFORM)],
}


def batch(formed_from):
    calls = []

    def predecessors_of(ids):
        calls.append(list(ids))
        return {pk: formed_from[pk] for pk in ids if pk in formed_from}

    predecessors_of.calls = calls
    return predecessors_of


def walk(place_id, formed_from=FORMED_FROM):
    return applicable_places(PLACES[place_id], batch(formed_from))


def test_a_ward_before_the_reform_follows_itself_then_its_district_city_and_the_centre():
    found = walk(OLD_VIET_HUNG)
    assert [(e.place_id, e.relation) for e in found] == [
        (OLD_VIET_HUNG, HERE), (LONG_BIEN, ABOVE), (HANOI, ABOVE), (VN, ABOVE)]


def test_a_new_ward_follows_what_it_was_formed_from_and_their_districts_as_they_were():
    found = {e.place_id: e for e in walk(NEW_VIET_HUNG)}
    assert [e.relation for e in walk(NEW_VIET_HUNG)] == [
        HERE, ABOVE, ABOVE, BEFORE, BEFORE, BEFORE, BEFORE_ABOVE, BEFORE_ABOVE]
    assert found[NEW_VIET_HUNG].relation == HERE
    # Hà Nội and the centre are above it today: named once, as above, not as "before".
    assert found[HANOI].relation == ABOVE and found[VN].relation == ABOVE
    assert found[OLD_VIET_HUNG].relation == BEFORE and found[OLD_VIET_HUNG].date == REFORM
    assert found[OLD_VIET_HUNG].through == PLACES[NEW_VIET_HUNG]
    # quận Long Biên once, through the first former ward that lay in it.
    assert found[LONG_BIEN].relation == BEFORE_ABOVE
    assert found[LONG_BIEN].through == PLACES[OLD_VIET_HUNG] and found[LONG_BIEN].date == REFORM
    assert found[GIA_LAM].through == PLACES[OLD_X]


def test_a_place_never_formed_from_another_has_no_before():
    assert {e.relation for e in walk(HANOI)} == {HERE, ABOVE}
    assert [(e.place_id, e.relation) for e in walk(VN)] == [(VN, HERE)]


def test_successions_are_followed_back_generation_by_generation_and_a_cycle_ends():
    older = Place(20, "phường cũ hơn", (VN, HANOI, LONG_BIEN))
    formed_from = dict(FORMED_FROM)
    formed_from[OLD_VIET_HUNG] = [Predecessor(older, dt.date(2019, 12, 1))]
    formed_from[20] = [Predecessor(PLACES[NEW_VIET_HUNG], REFORM)]  # bad data: a cycle
    found = {e.place_id: e for e in walk(NEW_VIET_HUNG, formed_from)}
    assert found[20].relation == BEFORE and found[20].through == PLACES[OLD_VIET_HUNG]
    assert found[20].date == dt.date(2019, 12, 1)
    assert found[NEW_VIET_HUNG].relation == HERE


def test_the_walk_back_is_bounded():
    chain = {n: [Predecessor(Place(n + 1, f"đơn vị {n + 1}", (VN,)), REFORM)]
             for n in range(100, 200)}
    reader = batch(chain)
    found = applicable_places(Place(100, "đơn vị 100", (VN,)), reader)
    assert len([e for e in found if e.relation == BEFORE]) == MAX_GENERATIONS
    assert len(reader.calls) == MAX_GENERATIONS  # one read per generation


def test_one_read_per_generation_however_many_units_a_place_was_formed_from():
    reader = batch(FORMED_FROM)
    applicable_places(PLACES[NEW_VIET_HUNG], reader)
    assert reader.calls == [[NEW_VIET_HUNG], [OLD_VIET_HUNG, OLD_GIANG_BIEN, OLD_X]]
