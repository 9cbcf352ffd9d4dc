"""CSV columns for actors (the table helpers are in ``alliance_tracker.tables``)."""

from alliance_tracker.parents import public_parent
from alliance_tracker.tables import Column, joined


def _names(actor_or_place):
    """Every name, by language: "ar: خليفة حفتر; en: Khalifa Haftar; en: Hifter"."""
    return joined(f"{name.language}: {name.name}" for name in actor_or_place.names.all())


ACTOR_COLUMNS = [
    Column("id", lambda a: a.pk),
    Column("slug", lambda a: a.slug),
    Column("name", lambda a: a.name),
    Column("kind", lambda a: a.kind),
    Column("category", lambda a: a.category),
    Column("country", lambda a: a.country.code if a.country else ""),
    Column("parent_id", lambda a: public_parent(a).pk if public_parent(a) else None),
    Column("parent", lambda a: public_parent(a).name if public_parent(a) else ""),
    Column("wikidata_id", lambda a: a.wikidata_id),
    Column("names", _names),
    Column("description", lambda a: a.description),
    Column("updated_at", lambda a: a.updated_at),
]
