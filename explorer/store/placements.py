"""The user's placements of events on further lanes: put a selection also on a lane, or take it off.

Placements live in event_extra_tracks beside the corpus's own (the paper's, each with its reason).
A row the user made has a reason starting with USER_REASON, so that merging a newer corpus keeps it
(explorer.store.workspace replaces only the corpus's rows) and so that taking a selection off a lane
removes only what the user put there: a placement the paper justifies stays, and is counted in the
sentence. Every write is one transaction returning one `Change` of `Placement` rows for undo.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from explorer.store.annotations import AnnotationStore
from explorer.store.changes import PLACEMENT, Change, Placement, write_state
from explorer.store.errors import InvalidAnnotation

#: The reason of a placement the user made (what follows it is theirs to write, empty for now).
USER_REASON = "user:"
#: The same, as a LIKE pattern for SQL.
USER_LIKE = "user:%"


def is_user_placement(reason: str) -> bool:
    """True for a placement the user made (not the corpus's, not an imported file's)."""
    return reason.startswith(USER_REASON)


def placements(db: sqlite_utils.Database, ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Event id -> {track id: reason} of its placements besides its home lane."""
    out: dict[str, dict[str, str]] = {}
    for eid, tid, reason in db.execute(
        "SELECT event_id, track_id, reason FROM event_extra_tracks"
        " WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, track_id",
        [json.dumps(list(ids))],
    ):
        out.setdefault(eid, {})[tid] = reason
    return out


def _events(n: int) -> str:
    return f"{n:,} event{'' if n == 1 else 's'}"


def _track_names(db: sqlite_utils.Database, tracks: Sequence[str]) -> dict[str, str]:
    names = dict(
        db.execute(
            "SELECT id, name FROM tracks WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(tracks))],
        ).fetchall()
    )
    missing = [t for t in tracks if t not in names]
    if missing:
        raise InvalidAnnotation(f"There is no lane “{missing[0]}”; nothing was changed.")
    return names


def set_placements(
    store: AnnotationStore, event_ids: Sequence[str], add: Sequence[str] = (), remove: Sequence[str] = ()
) -> Change:
    """Put every event given also on the lanes `add` and take it off the lanes `remove`, in one step.

    An event is never placed on its home lane (it is drawn there already); only placements the
    user made are taken off.
    """
    ids = list(dict.fromkeys(event_ids))
    add, remove = list(dict.fromkeys(add)), [t for t in dict.fromkeys(remove) if t not in add]
    db = store.db
    before: list[Placement] = []
    after: list[Placement] = []
    parts: list[str] = []
    with store._writing():
        names = _track_names(db, [*add, *remove])
        home = dict(
            db.execute(
                "SELECT id, track FROM events WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
            ).fetchall()
        )
        if len(home) < len(ids):
            gone = next(i for i in ids if i not in home)
            raise InvalidAnnotation(f"There is no event with the id “{gone}”; nothing was changed.")
        now_on = placements(db, ids)
        for tid in add:
            new = [
                Placement(e, tid, USER_REASON) for e in ids if home[e] != tid and tid not in now_on.get(e, {})
            ]
            after += new
            if new:
                parts.append(f"Put {_events(len(new))} also on “{names[tid]}”")
        for tid in remove:
            mine = [e for e in ids if is_user_placement(now_on.get(e, {}).get(tid, "-"))]
            kept = sum(1 for e in ids if tid in now_on.get(e, {})) - len(mine)
            before += [Placement(e, tid, now_on[e][tid]) for e in mine]
            if mine:
                parts.append(f"Take {_events(len(mine))} off “{names[tid]}”")
            if kept:
                parts.append(f"Keep {_events(kept)} on “{names[tid]}”, where the source places them")
        write_state(db, before, after)
    label = "; ".join(parts[:1] + [p[0].lower() + p[1:] for p in parts[1:]]) or (
        f"Nothing to change for the {_events(len(ids))}"
    )
    return Change.of(PLACEMENT, label, before, after)


def user_placements_of(db: sqlite_utils.Database, ids: Sequence[str]) -> list[Placement]:
    """The placements the user made on these events (kept aside before the events are replaced)."""
    return [
        Placement(*r)
        for r in db.execute(
            "SELECT event_id, track_id, reason FROM event_extra_tracks WHERE reason LIKE ?"
            " AND event_id IN (SELECT value FROM json_each(?))",
            [USER_LIKE, json.dumps(list(ids))],
        )
    ]


def follow_renamed(db: sqlite_utils.Database, kept: Sequence[Placement], id_map: dict[str, str]) -> int:
    """Put placements kept from records that were renamed onto their new ids; how many were put back."""
    rows = [
        (new, p.track_id, p.reason)
        for p in kept
        if (new := id_map.get(p.event_id))
        and (home := db.execute("SELECT track FROM events WHERE id = ?", [new]).fetchone())
        and home[0] != p.track_id
        and db.execute("SELECT 1 FROM tracks WHERE id = ?", [p.track_id]).fetchone()
    ]
    with db.atomic():
        db.conn.executemany(
            "INSERT OR IGNORE INTO event_extra_tracks (event_id, track_id, reason) VALUES (?, ?, ?)", rows
        )
    return len(rows)


def add_user_placements(db: sqlite_utils.Database, pairs: Sequence[tuple[str, str]]) -> int:
    """Place events on lanes as the user's own (caller holds the transaction); how many were new.

    A pair whose lane does not exist, is the event's home lane or holds the event already is skipped:
    an import of one's own export brings back the placements one made, and no more.
    """
    before = db.conn.total_changes
    db.conn.executemany(
        "INSERT OR IGNORE INTO event_extra_tracks (event_id, track_id, reason)"
        " SELECT e.id, t.id, ? FROM events e JOIN tracks t ON t.id = ?"
        " WHERE e.id = ? AND e.track <> t.id",
        [(USER_REASON, track, eid) for eid, track in pairs],
    )
    return db.conn.total_changes - before
