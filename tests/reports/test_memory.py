"""Export memory: the peak of Python allocations while a report is written stays flat as rows grow.

tracemalloc measures the allocations of this process during the export only; the rows are
generated in the test. A linear export (rows collected in a list, a queryset cached) would need
about four times the memory for 20,000 claims as for 5,000.
"""

import tracemalloc

import pytest

from events.choices import RecordStatus
from events.models import Claim
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.factories import ActorFactory, ClaimFactory, EventFactory, ParticipantFactory, SourceFactory


def claims_on_a_published_event(count):
    event = EventFactory(status=RecordStatus.PUBLISHED, title="A long-running deployment")
    ParticipantFactory(event=event, actor=ActorFactory())
    source = SourceFactory()
    quote = "قال مصدر عسكري إن المدربين وصلوا إلى القاعدة الجوية " * 3
    Claim.objects.bulk_create(
        Claim(
            source=source,
            event=event,
            quote=f"{quote} {n}",
            quote_language="ar",
            translation=f"Quote {n}",
            credibility=3,
            search_key="",
        )
        for n in range(count)
    )


def peak_while_exporting():
    report = Report.objects.create(kind=ReportKind.EXPORT, endpoint="claims")
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        done = services.run_report(report.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.status == ReportStatus.DONE
    return done.row_count, peak - before


@pytest.mark.django_db
def test_exporting_four_times_the_rows_does_not_take_four_times_the_memory(settings):
    settings.REPORTS_CHUNK_SIZE = 500
    ClaimFactory()  # warm up imports and caches outside the measurement
    claims_on_a_published_event(5_000)
    small_rows, small_peak = peak_while_exporting()
    claims_on_a_published_event(15_000)
    large_rows, large_peak = peak_while_exporting()
    assert (small_rows, large_rows) == (5_000, 20_000)
    # Chunked streaming keeps the peak to about one chunk of rows; allow generous slack.
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
