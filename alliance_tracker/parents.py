"""The public parent of a record (an actor's organization, an event's visit)."""


def public_parent(record):
    """The parent researchers may see, else None.

    ``parent_is_public`` is annotated by the model's ``for_api()``, from the rule of
    ``events.visibility``; a record loaded without it shows no parent rather than a hidden one.
    """
    return record.parent if record.parent_id and getattr(record, "parent_is_public", False) else None
