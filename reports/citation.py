"""What a snapshot says about itself: how to cite it (``CITATION.cff``) and its licence.

Both are written into the zip from the snapshot's manifest (``metadata.json`` before its file
list), so the citation names the very snapshot, version and day of the file it is in. The
licence and the credits are settings (``SNAPSHOT_*``, README): CC BY 4.0 by default.
"""

import yaml
from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

LICENCE_FILE = "LICENCE.txt"
CFF_VERSION = "1.2.0"


def absolute(path):
    """``path`` on the public site where SNAPSHOT_BASE_URL says where that is; else as it is."""
    base = settings.SNAPSHOT_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else path


def snapshot_urls(snapshot_id):
    return (
        absolute(reverse("snapshot-detail", args=[snapshot_id])),
        absolute(reverse("snapshot-download", args=[snapshot_id])),
    )


def _version(metadata):
    from reports.snapshot import snapshot_version

    return snapshot_version(metadata["dataset_version"], parse_datetime(metadata["generated_at"]))


def citation(metadata):
    """The Citation File Format (1.2.0) record of the snapshot described by ``metadata``."""
    generated_at = parse_datetime(metadata["generated_at"])
    version = _version(metadata)
    detail, download = snapshot_urls(metadata["report"])
    record = {
        "cff-version": CFF_VERSION,
        "message": "If you use this dataset, please cite this snapshot as below.",
        "type": "dataset",
        "title": settings.SNAPSHOT_TITLE,
        "version": version,
        "date-released": generated_at.date(),
        "authors": [{"name": settings.SNAPSHOT_AUTHOR}],
        "abstract": (
            f"Snapshot {metadata['report']} of the published record of {settings.SNAPSHOT_AUTHOR}, "
            f"taken {generated_at:%Y-%m-%d %H:%M:%S} UTC (dataset version {metadata['dataset_version']}). "
            f"It is described at {detail} and downloaded from {download}; metadata.json in the file "
            "lists the SHA-256 of each file."
        ),
        "identifiers": [
            {
                "type": "other",
                "value": f"snapshot-{metadata['report']}",
                "description": "This snapshot's id in the API (/api/v1/snapshots/<id>/).",
            }
        ],
    }
    if detail.startswith(("https://", "http://")):
        record["url"] = detail
        record["identifiers"].append(
            {"type": "url", "value": download, "description": "Where this snapshot is downloaded."}
        )
    if settings.SNAPSHOT_LICENCE:
        record["license"] = settings.SNAPSHOT_LICENCE
    if settings.SNAPSHOT_LICENCE_URL:
        record["license-url"] = settings.SNAPSHOT_LICENCE_URL
    return record


def citation_cff(metadata):
    text = yaml.safe_dump(citation(metadata), sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def licence_text(metadata):
    """The licence's own text (SNAPSHOT_LICENCE_FILE), or a notice naming it and its legal code."""
    if settings.SNAPSHOT_LICENCE_FILE:
        with open(settings.SNAPSHOT_LICENCE_FILE, "rb") as handle:
            return handle.read()
    name = settings.SNAPSHOT_LICENCE_NAME or settings.SNAPSHOT_LICENCE
    lines = [
        f"{settings.SNAPSHOT_TITLE}, version {_version(metadata)}",
        f"Copyright {settings.SNAPSHOT_AUTHOR}.",
        "",
        f"This dataset is made available under the {name} licence"
        + (f" ({settings.SNAPSHOT_LICENCE})." if name != settings.SNAPSHOT_LICENCE else "."),
    ]
    if settings.SNAPSHOT_LICENCE_URL:
        lines += ["", f"The licence's legal code: {settings.SNAPSHOT_LICENCE_URL}"]
    if settings.SNAPSHOT_LICENCE == "CC-BY-4.0":
        lines += [
            "",
            "You may share and adapt it for any purpose, commercial ones included, provided that you",
            f"credit {settings.SNAPSHOT_AUTHOR} (CITATION.cff says how), link to the licence and say",
            "whether you changed the data. The quotes it holds remain their sources' own words.",
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")
