"""tests/demo.py loads the demo data once per session and puts its rows back for each test."""

from events.demo.loader import load_demo_data


def test_the_rows_put_back_are_exactly_what_the_loader_writes(demo_data):
    # Apart from test_demo_data.py's own loading (a module of its own): a second load finds nothing to do.
    report = load_demo_data()
    assert (report.total("created"), report.total("updated")) == (0, 0)
    assert report.total("unchanged") > 100
