"""Each preset on a small published world with drafts beside it (the demo data: test_presets_demo.py)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from events.choices import EventKind
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.reports.conftest import read_report


def run_preset(preset, **filters):
    report = Report.objects.create(kind=ReportKind.PRESET, preset=preset, filters=filters)
    report = services.run_report(report.pk)
    assert report.status == ReportStatus.DONE, report.error
    return report, read_report(report)


class TestActorDossier:
    def test_it_holds_the_actor_its_names_ties_events_and_claims_published_only(self, world):
        _report, files = run_preset("actor_dossier", actor="khalifa-haftar")
        assert [row["slug"] for row in files["actor.csv"]] == ["khalifa-haftar"]
        assert sorted(row["name"] for row in files["names.csv"]) == ["Khalifa Haftar", "خليفة حفتر"]
        assert [(row["subject"], row["kind"]) for row in files["ties.csv"]] == [("Saddam Haftar", "child_of")]
        assert [row["title"] for row in files["events.csv"]] == [
            "Haftar meets Putin (2023)",
            "Haftar meets Shoigu",
            "Haftar meets Putin at the Kremlin",
        ]
        quotes = sorted(row["quote"] for row in files["claims.csv"])
        assert quotes == sorted(
            [
                '\'=HYPERLINK("x")',
                "التقى حفتر بوتين",
                "Putin met Haftar",
                "التقى حفتر شويغو",
                "صدام حفتر نجل خليفة حفتر",
            ]
        )

    def test_its_metadata_lists_every_file_with_rows_and_checksum(self, world):
        report, files = run_preset("actor_dossier", actor=str(world.haftar.pk))
        metadata = files["metadata.json"]
        assert metadata["filters"] == {"actor": str(world.haftar.pk)}
        assert metadata["actor"]["slug"] == "khalifa-haftar"
        assert metadata["dataset_version"] and metadata["generated_at"]
        listed = {item["name"]: item for item in metadata["files"]}
        assert set(listed) == {"actor.csv", "names.csv", "ties.csv", "events.csv", "claims.csv"}
        for name, item in listed.items():
            assert item["sha256"] == hashlib.sha256(files["raw"][name]).hexdigest()
            assert item["rows"] == len(files[name])
        assert report.row_count == sum(item["rows"] for item in listed.values())

    def test_it_refuses_unknown_parameters(self, world):
        with pytest.raises(ValidationError):
            services.request_report(None, preset="actor_dossier", filters={"actor": "khalifa-haftar", "x": 1})


class TestPairTimeline:
    def test_it_holds_the_events_of_both_actors_and_counts_per_quarter_by_kind(self, world):
        _report, files = run_preset("pair_timeline", actors=["khalifa-haftar", "vladimir-putin"])
        assert [row["title"] for row in files["events.csv"]] == [
            "Haftar meets Putin (2023)",
            "Haftar meets Putin at the Kremlin",
        ]
        meetings = {
            row["quarter"]: row["events"] for row in files["quarters.csv"] if row["kind"] == "meeting"
        }
        # Every quarter from the first to the last, zeros included (the draft of 2025-Q1 is not counted).
        assert meetings == {
            "2023-Q3": "1",
            "2023-Q4": "0",
            "2024-Q1": "0",
            "2024-Q2": "0",
            "2024-Q3": "0",
            "2024-Q4": "0",
            "2025-Q1": "0",
            "2025-Q2": "1",
        }
        assert {row["kind"] for row in files["quarters.csv"]} == set(EventKind.values)

    def test_it_narrows_with_the_api_event_filters(self, world):
        _report, files = run_preset(
            "pair_timeline",
            actors=["khalifa-haftar", "vladimir-putin"],
            date_from="2023-09-15",
            date_to="2023-09-15",
        )
        assert [row["title"] for row in files["events.csv"]] == ["Haftar meets Putin (2023)"]

    def test_invalid_event_filters_are_refused_at_request_time_naming_the_filter(self, world):
        with pytest.raises(ValidationError) as caught:
            services.request_report(
                None,
                preset="pair_timeline",
                filters={"actors": ["khalifa-haftar", "vladimir-putin"], "date_from": "2025-13-45"},
            )
        assert caught.value.message_dict["filters"][0].startswith("date_from:")

    def test_it_needs_exactly_two_different_actors(self, world):
        for actors in (["khalifa-haftar"], ["khalifa-haftar", "khalifa-haftar"], "khalifa-haftar"):
            with pytest.raises(ValidationError):
                services.request_report(None, preset="pair_timeline", filters={"actors": actors})


class TestSourceAudit:
    def test_it_lists_sources_of_published_records_with_grades_counts_and_records(self, world):
        _report, files = run_preset("source_audit")
        sources = {row["title"]: row for row in files["sources.csv"]}
        assert set(sources) == {"حفتر في موسكو", "Kremlin readout"}
        article = sources["حفتر في موسكو"]
        assert (
            article["reliability"],
            article["public_claims"],
            article["events_supported"],
            article["ties_supported"],
        ) == ("C", "5", "4", "1")
        assert "Secret draft meeting" not in article["records_supported"]
        assert f"event {world.meeting_shoigu.pk}: Haftar meets Shoigu" in article["records_supported"]
        kremlin = sources["Kremlin readout"]
        assert (kremlin["reliability"], kremlin["public_claims"], kremlin["confirming"]) == ("B", "1", "1")
        assert len(files["claims.csv"]) == 6

    def test_it_shows_the_latest_link_check_of_each_source(self, world):
        from django.utils import timezone

        from reports.models import LinkCheck

        LinkCheck.objects.create(
            source=world.kremlin, url=world.kremlin.url, checked_at=timezone.now(), status_code=404
        )
        _report, files = run_preset("source_audit")
        kremlin = next(row for row in files["sources.csv"] if row["title"] == "Kremlin readout")
        assert kremlin["link_status"] == "404"


class TestDeploymentsRegister:
    def test_it_lists_published_deployments_with_place_coordinates_size_period_and_sources(self, world):
        report, files = run_preset("deployments_register")
        assert report.file.name.endswith(".csv")
        (row,) = files[report.filename]
        assert row["title"] == "Belarusian trainers at Tamanhint"
        assert (row["place"], row["latitude"], row["longitude"]) == (
            "Tamanhint Air Base",
            "27.24000",
            "14.65000",
        )
        assert (row["deployment_size_min"], row["deployment_size_max"]) == ("20", "40")
        assert (row["start"], row["start_precision"]) == ("2025-05", "month")
        assert "حفتر في موسكو" in row["sources"]


class TestSnapshot:
    def test_it_bundles_every_published_table_with_a_version_and_checksums(self, world):
        report = services.build_snapshot()
        files = read_report(report)
        metadata = files["metadata.json"]
        assert metadata["dataset_version"] in report.file.name
        assert {item["name"] for item in metadata["files"] if item["role"] == "data"} == {
            "actors.csv",
            "places.csv",
            "sources.csv",
            "events.csv",
            "ties.csv",
            "claims.csv",
        }
        assert len(files["events.csv"]) == 4
        assert "Only In Drafts" not in {row["name"] for row in files["actors.csv"]}
        assert "Draft-only source" not in {row["title"] for row in files["sources.csv"]}
