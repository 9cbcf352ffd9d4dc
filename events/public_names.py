"""Names and titles in the interface's language, for the public pages.

Actors and places keep their other names in ``names`` (ActorName, PlaceName); events and ties
keep an Arabic title beside the English one. Where the interface's language has none, the
English name is shown. The pages prefetch ``names`` so that this reads no database.
"""

from django.utils import translation

from actors.choices import NameKind


def interface_language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def local_name(record) -> str:
    """An actor's or place's name in the interface's language: its official name in that
    language first, else any name in it, else the canonical English name."""
    if record is None:
        return ""
    language = interface_language()
    if language != "en":
        names = [name for name in record.names.all() if name.language == language]
        names.sort(key=lambda name: (name.kind != NameKind.OFFICIAL, name.pk))
        if names:
            return names[0].name
    return record.name


def local_title(record) -> str:
    """An event's or tie's title in the interface's language (``title_ar`` in Arabic)."""
    if interface_language() == "ar" and getattr(record, "title_ar", ""):
        return record.title_ar
    return record.title


def local_title_language(record) -> str:
    """The language the title ``local_title`` gives is written in (for ``lang=``)."""
    return "ar" if interface_language() == "ar" and getattr(record, "title_ar", "") else "en"
