"""Benchmark: each of our read paths beside its physical limit, on the same data, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench

Fill the database first with ``manage.py generate_dataset --events 1000000``. Every figure is
the median of several runs after a warm-up; ratios (ours ÷ limit) are what to compare across
machines, since absolute times are noisy. Results go to ``bench/results/latest.{md,json}``.
"""

import argparse
import base64
import datetime
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_tracker.settings")
# The benchmark reads as a client would; throttling would only measure the limiter.
os.environ.setdefault("API_THROTTLE_ANON", "1000000/second")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actors.models import ActorName
from actors.search import normalize, searchable_sound_key
from events.models import Event, Participant

RESULTS = ROOT / "bench" / "results"


def timed(function, runs, warmup=1):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "median_s": statistics.median(times),
        "p95_s": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "runs": runs,
    }


def peak_memory(function):
    """Peak Python heap growth (bytes) while ``function`` runs, by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


class Bench:
    def __init__(self, runs):
        self.runs = runs
        self.client = Client()
        self.rows = []
        self.plans = {}
        self.facts = {}

    # Helpers

    def get(self, url):
        response = self.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if response.streaming:
            size = 0
            lines = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                lines += chunk.count(b"\n")
            return lines - 1  # minus the header
        return response

    def first_row(self, url):
        """Time to the first data row of a streamed answer (the header leaves before any query),
        then the rest left unread: the client hangs up, as a curl stopped at once would."""
        started = time.perf_counter()
        response = self.client.get(url)
        lines = 0
        try:
            for chunk in response.streaming_content:
                lines += chunk.count(b"\n")
                if lines >= 2:
                    break
            return time.perf_counter() - started
        finally:
            response.close()

    def time_to_first_row(self, url, runs):
        self.first_row(url)
        times = sorted(self.first_row(url) for _ in range(runs))
        return {
            "median_s": statistics.median(times),
            "p95_s": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "runs": runs,
        }

    def queries_of(self, function):
        with CaptureQueriesContext(connection) as context:
            function()
        return len(context.captured_queries), [q["sql"] for q in context.captured_queries]

    def explain(self, name, sql):
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            self.plans[name] = "\n".join(row[0] for row in cursor.fetchall())

    def add(self, name, ours, limit=None, **extra):
        row = {"name": name, "ours": ours, "limit": limit, **extra}
        if limit:
            row["ratio"] = ours["median_s"] / limit["median_s"] if limit["median_s"] else None
        self.rows.append(row)
        ratio = f"  ratio {row['ratio']:.2f}" if limit else ""
        print(f"{name:38} ours {ours['median_s'] * 1000:9.1f} ms{ratio}  {extra or ''}", flush=True)

    def raw(self, sql, params=()):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    def raw_page(self, ids_sql, params):
        """The limit of an API page: the ids by hand-written SQL, then the rows shown with them."""

        def run():
            with connection.cursor() as cursor:
                cursor.execute(ids_sql, params)
                ids = [row[0] for row in cursor.fetchall()]
                cursor.execute("SELECT * FROM events_event WHERE id = ANY(%s)", [ids])
                cursor.fetchall()
                cursor.execute(
                    "SELECT p.*, a.name FROM events_participant p JOIN actors_actor a ON a.id = p.actor_id "
                    "WHERE p.event_id = ANY(%s)",
                    [ids],
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT c.*, s.title, s.reliability FROM events_claim c JOIN events_source s "
                    "ON s.id = c.source_id WHERE c.event_id = ANY(%s)",
                    [ids],
                )
                cursor.fetchall()

        return run

    # Choices of data: the busiest actor, a pair that often meets, a country with 100k+ events.

    def pick(self):
        published = Event.objects.published()
        top = (
            Participant.objects.filter(event__status="published")
            .values("actor")
            .annotate(n=Count("id"))
            .order_by("-n")[:2]
        )
        self.actor_a, self.actor_b = (row["actor"] for row in top)
        self.facts["events"] = Event.objects.count()
        self.facts["published_events"] = published.count()
        self.facts["top_actor_events"] = published.filter(participants__actor=self.actor_a).count()
        countries = (
            published.exclude(place=None).values("place__country").annotate(n=Count("id")).order_by("-n")
        )
        self.country = countries[0]["place__country"]
        self.facts["busiest_country"] = self.country
        # The Arabic name of a person in few events, for a search on two words.
        quiet = (
            Participant.objects.filter(event__status="published", actor__kind="person")
            .values("actor")
            .annotate(n=Count("id"))
            .order_by("n", "actor")
            .first()
        )
        self.rare_name = ActorName.objects.filter(actor=quiet["actor"], language="ar").first().name
        self.facts["rare_name"] = self.rare_name
        self.facts["rare_name_events"] = quiet["n"]
        print("data:", self.facts, flush=True)

    # The cases

    def api_page(self):
        url = f"/api/v1/events/?actor={self.actor_a}&date_from=2015-01-01&date_to=2020-12-31&page_size=100"
        ours = timed(lambda: self.get(url), self.runs)
        count, sqls = self.queries_of(lambda: self.get(url))
        main = next(sql for sql in sqls if 'FROM "events_event"' in sql and "LIMIT" in sql)
        self.explain("API page: actor + date range", main)
        # The best hand-written SQL knows no event starts before date_from - the longest span.
        ids_sql = (
            "SELECT e.id FROM events_event e WHERE e.status = 'published' AND e.date_hi >= %s "
            "AND e.date_lo >= %s - (SELECT max(date_span) FROM events_event) "
            "AND e.date_lo <= %s AND EXISTS (SELECT 1 FROM events_participant p WHERE p.event_id = e.id "
            "AND p.actor_id = %s) ORDER BY e.date_lo, e.id LIMIT 100"
        )
        start = datetime.date(2015, 1, 1)
        params = (start, start, datetime.date(2020, 12, 31), self.actor_a)
        limit = timed(self.raw_page(ids_sql, params), self.runs)
        self.add("API page of 100 (actor + dates)", ours, limit, queries=count)
        small = self.queries_of(lambda: self.get(url.replace("page_size=100", "page_size=1")))[0]
        self.facts["queries_page_size_1_vs_100"] = [small, count]

    def deep_page(self):
        """A page 200,000 events into the timeline, and into the sync order (every generated
        event shares one updated_at, as after a bulk import): the cursor seeks it, where page
        numbers made the database count and skip every row before it."""
        depth = 200_000
        for ordering, column in [("date", "date_lo"), ("updated_at", "updated_at")]:
            first = self.get(f"/api/v1/events/?ordering={ordering}&page_size=100").json()
            cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
            state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            row = Event.objects.published().order_by(column, "id").values_list(column, "id")[depth - 1]
            state["position"] = [row[0].isoformat(), row[1]]
            deep = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
            url = "/api/v1/events/?" + urlencode({"ordering": ordering, "page_size": 100, "cursor": deep})
            ours = timed(lambda url=url: self.get(url), self.runs)
            seek = (
                f"SELECT id FROM events_event WHERE status = 'published' AND ({column}, id) > (%s, %s) "
                f"ORDER BY {column}, id LIMIT 100"
            )
            limit = timed(self.raw_page(seek, row), self.runs)
            offset = timed(
                self.raw(
                    f"SELECT id FROM events_event WHERE status = 'published' ORDER BY {column}, id "
                    "LIMIT 100 OFFSET %s",
                    (depth,),
                ),
                self.runs,
            )
            count, sqls = self.queries_of(lambda url=url: self.get(url))
            self.add(
                f"API page {depth:,} events deep, ordering={ordering} (cursor)",
                ours,
                limit,
                queries=count,
                raw_offset_ms=round(offset["median_s"] * 1000, 1),
            )
            page_sql = next(s for s in sqls if "LIMIT" in s and "events_event" in s)
            self.explain(f"deep page by cursor, ordering={ordering}", page_sql)

    def pair_and_rollup(self):
        pair = f"/api/v1/events/?actor={self.actor_a}&actor={self.actor_b}&page_size=100"
        ours = timed(lambda: self.get(pair), self.runs)
        limit = timed(
            self.raw(
                "SELECT e.id FROM events_event e WHERE e.status = 'published' "
                "AND EXISTS (SELECT 1 FROM events_participant p WHERE p.event_id = e.id AND p.actor_id = %s) "
                "AND EXISTS (SELECT 1 FROM events_participant p WHERE p.event_id = e.id AND p.actor_id = %s) "
                "ORDER BY e.date_lo, e.id LIMIT 100",
                (self.actor_a, self.actor_b),
            ),
            self.runs,
        )
        self.add("pair query (page of 100)", ours, limit)
        sqls = self.queries_of(lambda: self.get(pair))[1]
        self.explain("pair query", next(s for s in sqls if "LIMIT" in s and "events_event" in s))

        rollup = f"/api/v1/events/?actor={self.actor_a}&include_ties=true&page_size=100"
        ours = timed(lambda: self.get(rollup), self.runs)
        self.add("roll-up through ties (page of 100)", ours)
        sqls = self.queries_of(lambda: self.get(rollup))[1]
        self.explain("roll-up through ties", next(s for s in sqls if "LIMIT" in s and "events_event" in s))

    def arabic_search(self):
        """Text search: a common Arabic name with diacritics, a Latin spelling found by its sound,
        and the two-word name of a person in few events (other people share it, so it matches
        more); each beside hand-written SQL reading the same search documents."""
        ids_sql = (
            "SELECT id FROM events_event WHERE status = 'published' "
            "AND (search_document LIKE %s OR sound_document LIKE %s) ORDER BY date_lo, id LIMIT 100"
        )
        for label, term in [
            ("Arabic", "حَفْتَر"),
            ("Latin spelling", "Hifter"),
            ("two-word name", self.rare_name),
        ]:
            url = "/api/v1/events/?" + urlencode({"q": term, "page_size": 100})
            ours = timed(lambda url=url: self.get(url), self.runs)
            params = (f"%{normalize(term)}%", f"%{searchable_sound_key(term) or normalize(term)}%")
            limit = timed(self.raw_page(ids_sql, params), self.runs)
            count, sqls = self.queries_of(lambda url=url: self.get(url))
            self.add(f"{label} search q={term} (page of 100)", ours, limit, queries=count)
            self.explain(f"{label} search", next(s for s in sqls if "LIMIT" in s and "events_event" in s))
        actors = "/api/v1/actors/?" + urlencode({"q": "حفتر"})
        self.add("actor name search q=حفتر", timed(lambda: self.get(actors), self.runs))

    def admin_changelists(self):
        user, _ = get_user_model().objects.get_or_create(
            username="benchmark", defaults={"is_staff": True, "is_superuser": True}
        )
        self.client.force_login(user)
        pages = [
            ("events", "/admin/events/event/"),
            ("events, search حفتر", "/admin/events/event/?" + urlencode({"q": "حفتر"})),
            ("claims", "/admin/events/claim/"),
        ]
        for name, url in pages:
            ours = timed(lambda url=url: self.get(url), max(3, self.runs // 2))
            count = self.queries_of(lambda url=url: self.get(url))[0]
            self.add(f"admin changelist: {name}", ours, queries=count)
        self.client.logout()

    def csv_export(self):
        url = f"/api/v1/events/?country={self.country}&format=csv"
        lines = self.get(url)
        ours = timed(lambda: self.get(url), max(3, self.runs // 3))
        # Time to first byte of data: the first row of the whole unfiltered export, which must
        # not wait for the rest (issue 15: it took 48.7 s on a million events).
        for name, first_url in [
            ("CSV first row, whole export", "/api/v1/events/?format=csv"),
            (f"CSV first row, country={self.country}", url),
        ]:
            self.add(name, self.time_to_first_row(first_url, max(3, self.runs // 3)))
        if connection.vendor != "postgresql":
            self.add(
                f"CSV export, country={self.country}",
                ours,
                rows=lines,
                rows_per_s=round(lines / ours["median_s"]),
            )
            return
        from events import exports
        from events.copy_export import copy_csv_lines
        from events.filtersets import EventFilterSet

        queryset = EventFilterSet({"country": self.country}, queryset=Event.objects.published()).qs
        # A lower bound too: the same events with only their own columns and plain lists of
        # participants and quotes, without formatting, corroboration or formula escaping.
        bare = (
            "SELECT e.id, e.kind, e.title, e.title_ar, e.start_date, e.end_date, e.date_lo, e.date_hi, "
            "(SELECT string_agg(a.name || ' (' || p.role || ')', '; ') FROM events_participant p "
            " JOIN actors_actor a ON a.id = p.actor_id WHERE p.event_id = e.id), "
            "(SELECT string_agg(c.quote, '; ') FROM events_claim c WHERE c.event_id = e.id) "
            "FROM events_event e WHERE e.id IN (" + queryset.values("pk").query.sql_with_params()[0] + ") "
            "ORDER BY e.date_lo, e.id",
            queryset.values("pk").query.sql_with_params()[1],
        )

        def copy(statement):
            def run():
                with connection.cursor() as cursor:
                    sql = cursor.mogrify(*statement)
                    count = 0
                    with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as stream:
                        for block in stream:
                            count += bytes(block).count(b"\n")
                    return count

            return run

        def same_copy():
            # The export's own COPY path (ids by cursor, one COPY a chunk), without HTTP.
            for _ in copy_csv_lines(exports.EVENT_COLUMNS, queryset):
                pass

        same = timed(same_copy, max(3, self.runs // 3))
        lower = timed(copy(bare), max(3, self.runs // 3))
        self.add(
            f"CSV export, country={self.country}",
            ours,
            same,
            rows=lines,
            rows_per_s=round(lines / ours["median_s"]),
            copy_same_select_rows_per_s=round(lines / same["median_s"]),
            copy_bare_columns_rows_per_s=round(lines / lower["median_s"]),
        )

    def network_exports(self):
        """The graph and entity exports (issue 13) and the /network/ page, over the busiest
        actor's events of six years: aggregates by pair in the database, so the time follows
        the number of pairs, not of events."""
        query = urlencode({"actor_any": self.actor_a, "date_from": "2015-01-01", "date_to": "2020-12-31"})
        for name, url in [
            ("network.gexf", f"/api/v1/exports/network.gexf?{query}"),
            ("network.graphml", f"/api/v1/exports/network.graphml?{query}"),
            ("ftm.jsonl", f"/api/v1/exports/ftm.jsonl?{query}"),
        ]:
            lines = self.get(url)
            ours = timed(lambda url=url: self.get(url), max(3, self.runs // 3))
            count = self.queries_of(lambda url=url: self.get(url))[0]
            self.add(f"export {name}, busiest actor 2015-2020", ours, lines=lines + 1, queries=count)
        page = "/network/?" + urlencode(
            {"kind": "meeting", "date_from": "2019-01-01", "date_to": "2019-12-31"}
        )
        ours = timed(lambda: self.get(page), max(3, self.runs // 3))
        self.add("page /network/, meetings of 2019", ours, queries=self.queries_of(lambda: self.get(page))[0])

    def geojson_export(self):
        """The located events of the busiest country as GeoJSON, and the map page of that country."""
        url = f"/api/v1/exports/events.geojson?country={self.country}"
        # One feature a line, between the opening and closing lines (events.api.exports).
        features = self.get(url) - 1
        ours = timed(lambda: self.get(url), max(3, self.runs // 3))
        self.add(
            f"GeoJSON export, country={self.country}",
            ours,
            features=features,
            features_per_s=round(features / ours["median_s"]) if features else 0,
        )
        page = f"/map/?country={self.country}"
        ours = timed(lambda: self.get(page), max(3, self.runs // 2))
        self.add(
            f"map page, country={self.country}", ours, queries=self.queries_of(lambda: self.get(page))[0]
        )

    def csv_memory(self):
        """Peak memory of the CSV export as rows grow: it must stay flat."""
        published = Event.objects.published().order_by("date_lo", "id")
        total = published.count()
        for size in (10_000, 100_000, 1_000_000):
            if size > total:
                size = total
            boundary = published.values_list("date_lo", flat=True)[size - 1]
            url = f"/api/v1/events/?date_to={boundary.isoformat()}&format=csv"
            lines = [0]

            def run(url=url, lines=lines):
                lines[0] = self.get(url)

            peak = peak_memory(run)
            self.rows.append({"name": f"CSV memory, {lines[0]:,} rows", "peak_bytes": peak, "rows": lines[0]})
            print(f"CSV memory at {lines[0]:>9,} rows: peak {peak / 2**20:7.1f} MiB", flush=True)
            if size == total:
                break


def write_results(bench):
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores",
        "runs": bench.runs,
        **bench.facts,
    }
    (RESULTS / "latest.json").write_text(
        json.dumps({"meta": meta, "results": bench.rows, "plans": bench.plans}, indent=2, default=str)
    )
    lines = [
        f"Run {meta['when']} on {meta['database']}, {meta['machine']}, "
        f"{meta.get('events', 0):,} events ({meta.get('published_events', 0):,} published); "
        f"median of {bench.runs} runs after a warm-up.",
        "",
        "| path | ours (median) | ours (p95) | limit (median) | ours ÷ limit | notes |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in bench.rows:
        if "ours" not in row:
            lines.append(f"| {row['name']} | | | | | peak {row['peak_bytes'] / 2**20:.1f} MiB |")
            continue
        ours, limit = row["ours"], row.get("limit")
        notes = ", ".join(
            f"{k.replace('_', ' ')} {v:,}" if isinstance(v, int) else f"{k.replace('_', ' ')} {v}"
            for k, v in row.items()
            if k not in {"name", "ours", "limit", "ratio"} and v is not None
        )
        lines.append(
            f"| {row['name']} | {ours['median_s'] * 1000:.1f} ms | {ours['p95_s'] * 1000:.1f} ms | "
            + (f"{limit['median_s'] * 1000:.1f} ms | {row['ratio']:.2f} |" if limit else " | |")
            + f" {notes} |"
        )
    lines += ["", "EXPLAIN plans of the main queries are in `bench/results/latest.md` below the table.", ""]
    for name, plan in bench.plans.items():
        lines += [f"### {name}", "", "```", plan, "```", ""]
    (RESULTS / "latest.md").write_text("\n".join(lines))
    print("\n".join(lines[: 4 + len(bench.rows)]))
    print(f"\nWritten to {RESULTS / 'latest.md'} and latest.json")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="timed runs per case (after one warm-up)")
    parser.add_argument(
        "--cases",
        default="api_page,deep_page,pair_and_rollup,arabic_search,admin_changelists,csv_export,"
        "geojson_export,network_exports,csv_memory",
        help="comma-separated cases to run (default: all)",
    )
    options = parser.parse_args()
    if not Event.objects.exists():
        sys.exit("The database is empty: run `manage.py generate_dataset --events 1000000` first.")
    settings.DEBUG = False
    reset_queries()
    bench = Bench(options.runs)
    bench.pick()
    for case in options.cases.split(","):
        getattr(bench, case.strip())()
    write_results(bench)


if __name__ == "__main__":
    main()
