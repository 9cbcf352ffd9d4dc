"""Public versioned snapshots (issue 14): listed and downloaded by anyone, documented inside,
kept by count, and never gone without a tombstone."""

import csv
import hashlib
import io
import zipfile

import pytest
import yaml
from django.contrib.auth.models import User
from django.utils import translation

from events.choices import EventKind, Stance
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from reports.snapshot import snapshot_tables
from tests.reports.conftest import csv_rows

API = "/api/v1/snapshots/"
DATA_FILES = {"actors.csv", "places.csv", "sources.csv", "events.csv", "ties.csv", "claims.csv"}


def unzip(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def download(client, snapshot_id):
    response = client.get(f"{API}{snapshot_id}/download/")
    assert response.status_code == 200, response.content
    return response, b"".join(response.streaming_content)


def codebook(contents):
    return csv_rows(contents["codebook.csv"])


@pytest.fixture
def snapshot(world):
    report = services.build_snapshot()
    assert report.status == ReportStatus.DONE
    return report


class TestAnonymousResearcher:
    def test_lists_and_downloads_a_snapshot_whose_sha256_matches_and_which_documents_itself(
        self, client, snapshot
    ):
        listed = client.get(API)
        assert listed.status_code == 200
        (item,) = listed.json()["results"]
        assert item["id"] == snapshot.pk
        assert item["status"] == "available"
        assert item["dataset_version"] == snapshot.metadata["dataset_version"]
        assert item["version"] == f"{item['date']}+{item['dataset_version']}"
        assert item["as_of"].startswith(item["date"])
        assert item["row_counts"] == {
            name: queryset.count() for name, _columns, _model, queryset in snapshot_tables()
        }
        assert item["row_counts"]["events.csv"] == 4
        assert item["row_count"] == sum(item["row_counts"].values())
        assert item["download_url"] == f"http://testserver{API}{snapshot.pk}/download/"

        response, data = download(client, snapshot.pk)
        assert response["Content-Type"] == "application/zip"
        assert hashlib.sha256(data).hexdigest() == item["sha256"] == response["X-Checksum-SHA256"]
        assert len(data) == item["size"]

        contents = unzip(data)
        assert set(contents) == DATA_FILES | {"CITATION.cff", "LICENCE.txt", "codebook.csv", "metadata.json"}
        # The manifest: every other file, with the checksum and size of its very bytes.
        import json

        manifest = json.loads(contents["metadata.json"])
        assert {entry["name"] for entry in manifest["files"]} == set(contents) - {"metadata.json"}
        for entry in manifest["files"]:
            assert entry["sha256"] == hashlib.sha256(contents[entry["name"]]).hexdigest()
            assert entry["bytes"] == len(contents[entry["name"]])
        assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == {
            entry["name"]: entry["sha256"] for entry in item["files"]
        }
        for name in DATA_FILES:
            assert len(csv_rows(contents[name])) == item["row_counts"][name]

        # The codebook describes every column of every CSV in the zip, in order.
        described = codebook(contents)
        columns = [(row["file"], row["column"]) for row in described if not row["code"]]
        expected = []
        for name in sorted(DATA_FILES):
            header = next(csv.reader(io.StringIO(contents[name].decode("utf-8-sig"))))
            expected += [(name, column) for column in header]
        assert sorted(columns) == sorted(expected)
        assert all(row["type"] and row["meaning"] for row in described if not row["code"])

        citation = yaml.safe_load(contents["CITATION.cff"])
        assert citation["cff-version"] == "1.2.0"
        assert citation["type"] == "dataset"
        assert citation["version"] == item["version"]
        assert str(citation["date-released"]) == item["date"]
        assert citation["license"] == "CC-BY-4.0"
        assert citation["authors"] == [{"name": "Alliance Tracker"}]
        assert {"type": "other", "value": f"snapshot-{snapshot.pk}"}.items() <= citation["identifiers"][
            0
        ].items()
        licence = contents["LICENCE.txt"].decode()
        assert "Creative Commons Attribution 4.0 International" in licence
        assert "https://creativecommons.org/licenses/by/4.0/legalcode" in licence

    def test_a_snapshot_is_described_at_its_own_address(self, client, snapshot):
        response = client.get(f"{API}{snapshot.pk}/")
        assert response.status_code == 200
        assert response.json()["sha256"] == snapshot.sha256
        assert response.json()["url"] == f"http://testserver{API}{snapshot.pk}/"

    def test_only_finished_snapshots_are_public(self, client, snapshot, researcher):
        running = Report.objects.create(kind=ReportKind.SNAPSHOT, status=ReportStatus.RUNNING)
        failed = Report.objects.create(kind=ReportKind.SNAPSHOT, status=ReportStatus.FAILED, error="boom")
        export = services.run_report(
            Report.objects.create(kind=ReportKind.EXPORT, endpoint="events", requested_by=researcher).pk
        )
        assert [item["id"] for item in client.get(API).json()["results"]] == [snapshot.pk]
        for other in (running, failed, export):
            assert client.get(f"{API}{other.pk}/").status_code == 404
            assert client.get(f"{API}{other.pk}/download/").status_code == 404

    def test_the_list_is_read_only(self, client, snapshot):
        assert client.post(API, {}).status_code == 405
        assert client.delete(f"{API}{snapshot.pk}/").status_code == 405


class TestBadInput:
    def test_a_snapshot_that_never_existed_is_404(self, client, snapshot):
        for path in (f"{API}{snapshot.pk + 100}/", f"{API}{snapshot.pk + 100}/download/"):
            response = client.get(path)
            assert response.status_code == 404
            assert "detail" in response.json()

    def test_a_malformed_id_or_an_unknown_parameter_is_never_a_500(self, client, snapshot):
        assert client.get(f"{API}abc/").status_code == 404
        response = client.get(API, {"colour": "red"})
        assert response.status_code == 400
        assert "colour" in response.json()

    def test_a_deleted_snapshot_is_410_with_its_tombstone(self, client, snapshot, settings):
        path = settings.MEDIA_ROOT / snapshot.file.name
        services.delete_file(snapshot, "Withdrawn for a test.")
        assert not path.exists()
        for address in (f"{API}{snapshot.pk}/", f"{API}{snapshot.pk}/download/"):
            response = client.get(address)
            assert response.status_code == 410
            tombstone = response.json()["tombstone"]
            assert tombstone["id"] == snapshot.pk
            assert tombstone["status"] == "deleted"
            assert tombstone["sha256"] == snapshot.sha256
            assert tombstone["row_counts"]["events.csv"] == 4
            assert tombstone["download_url"] is None
            assert tombstone["deletion_reason"] == "Withdrawn for a test."
            assert tombstone["deleted_at"] is not None
        # Still listed: a deletion is never silent.
        (item,) = client.get(API).json()["results"]
        assert (item["id"], item["status"]) == (snapshot.pk, "deleted")


class TestRetention:
    def test_snapshots_beyond_the_configured_count_become_tombstones(self, client, world, settings):
        settings.SNAPSHOT_RETENTION = 2
        built = [services.build_snapshot() for _ in range(4)]
        for report in built:
            report.refresh_from_db()
        oldest, older, *kept = built
        for report in (oldest, older):
            assert report.expired_at is not None and not report.file
            assert report.sha256 and report.metadata["files"]
            assert "SNAPSHOT_RETENTION" in report.expiry_reason
            assert client.get(f"{API}{report.pk}/download/").status_code == 410
        for report in kept:
            assert report.downloadable
            assert (settings.MEDIA_ROOT / report.file.name).exists()
            assert client.get(f"{API}{report.pk}/download/").status_code == 200
        listed = client.get(API).json()["results"]
        assert [(item["id"], item["status"]) for item in listed] == [
            (kept[1].pk, "available"),
            (kept[0].pk, "available"),
            (older.pk, "deleted"),
            (oldest.pk, "deleted"),
        ]
        # The nightly clean-up keeps the same count and deletes nothing more.
        assert services.clean_up_reports() == 0

    def test_a_smaller_retention_is_applied_by_the_nightly_clean_up(self, world, settings):
        settings.SNAPSHOT_RETENTION = 3
        built = [services.build_snapshot() for _ in range(3)]
        settings.SNAPSHOT_RETENTION = 1
        assert services.clean_up_reports() == 2
        assert [Report.objects.get(pk=report.pk).downloadable for report in built] == [False, False, True]

    def test_deleting_a_snapshot_in_the_admin_leaves_its_tombstone(self, snapshot, settings):
        from django.contrib.admin.sites import site

        admin = site._registry[Report]
        superuser = User.objects.create_superuser("root", "root@example.org", "x")
        request = type("Request", (), {"user": superuser})()
        admin.delete_queryset(request, Report.objects.filter(pk=snapshot.pk))
        snapshot.refresh_from_db()
        assert snapshot.expired_at is not None and not snapshot.file
        assert "root" in snapshot.expiry_reason


class TestPublishedDataOnly:
    def test_no_draft_or_retracted_record_is_in_a_snapshot(self, client, world):
        world.meeting_shoigu.status = "retracted"
        world.meeting_shoigu.save()
        snapshot = services.build_snapshot()
        _response, data = download(client, snapshot.pk)
        contents = unzip(data)
        text = b"".join(contents[name] for name in DATA_FILES).decode("utf-8")
        for secret in (
            "Secret draft meeting",
            "Draft deployment",
            "Only In Drafts",
            "Draft-only source",
            "draft quote",
            "draft tie quote",
            "Haftar meets Shoigu",
        ):
            assert secret not in text

    def test_its_csvs_are_the_public_exports(self, client, snapshot):
        _response, data = download(client, snapshot.pk)
        contents = unzip(data)
        for endpoint in ("events", "ties", "claims", "actors", "sources", "places"):
            exported = csv_rows(
                b"".join(client.get(f"/api/v1/{endpoint}/", {"format": "csv"}).streaming_content)
            )
            in_snapshot = csv_rows(contents[f"{endpoint}.csv"])
            assert sorted(in_snapshot, key=lambda row: int(row["id"])) == sorted(
                exported, key=lambda row: int(row["id"])
            ), endpoint


class TestCodebook:
    def test_every_code_has_its_english_and_arabic_label(self, snapshot):
        contents = unzip(snapshot.file.open("rb").read())
        codes = {(row["file"], row["column"], row["code"]): row for row in codebook(contents) if row["code"]}
        for kind in EventKind:
            row = codes["events.csv", "kind", kind.value]
            assert row["label"] == kind.label
            with translation.override("ar"):
                assert row["label_ar"] == translation.gettext(kind.label) != kind.label
        assert codes["claims.csv", "stance", Stance.DENIES.value]["label_ar"]
        assert codes["places.csv", "country", "LY"]["label_ar"] == "ليبيا"
        assert ("events.csv", "cameo_code", "04") in codes


def test_the_schema_documents_the_snapshots_and_their_410(client):
    paths = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()["paths"]
    assert "get" in paths[API]
    for path in (f"{API}{{id}}/", f"{API}{{id}}/download/"):
        responses = paths[path]["get"]["responses"]
        assert {"200", "404", "410"} <= set(responses)
        assert responses["410"]["content"]["application/json"]["schema"]["$ref"].endswith("/SnapshotGone")
    assert "application/zip" in paths[f"{API}{{id}}/download/"]["get"]["responses"]["200"]["content"]
    assert "security" not in paths[API]["get"] or {} in paths[API]["get"]["security"]
