"""The project stands on its own: a clone anywhere, with nothing beside it, runs and tests."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

from events.demo import seed_story
from events.demo.loader import default_corpus_dir

ROOT = Path(settings.BASE_DIR)
# Ways a path leads out of the checkout: its parent folder, or the sibling "shared" folder.
OUTSIDE = re.compile(r"\.\./|BASE_DIR\)?\.parent\b|\.parents\[|[\"']shared[\"']|/shared/")


def tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.splitlines()]


def test_the_seed_article_is_kept_inside_the_project():
    article = default_corpus_dir() / seed_story.CORPUS_FILE
    assert article.is_file()
    assert ROOT in article.resolve().parents


def test_no_code_test_or_build_file_reads_outside_the_checkout():
    checked = [
        path
        for path in tracked_files()
        if path.suffix in {".py", ".toml", ".cfg", ".ini", ".sh"} or path.name in {"Makefile", "run"}
    ]
    assert len(checked) > 50
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in checked
        if path != Path(__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line) and "noqa: outside" not in line
    ]
    assert offenders == []
