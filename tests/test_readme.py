"""Numbers the README quotes from a run are the numbers the code gives."""

import re
from collections import Counter
from pathlib import Path

from aptheory.checking.registry import registry
from aptheory.checking.search import PROFILES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_claim_counts_by_status_match_the_registry_and_the_audit(audit_results):
    m = re.search(
        r"`aptheory audit` checks (\d+) claims \(profile `quick`: (\d+) examples each; "
        r"`thorough`: (\d+)\)\..*?\((\d+) hold, (\d+) conditional, (\d+) expected to fail\)",
        README,
        re.S,
    )
    assert m, "the README's audit sentence changed shape: update this test with it"
    total, quick, thorough, holds, conditional, fails = map(int, m.groups())
    claims = registry()
    assert total == len(claims)
    assert (quick, thorough) == (PROFILES["quick"], PROFILES["thorough"])
    documented = Counter(c.expected for c in claims)
    found = Counter(r.status for r in audit_results.values())
    for counts in (documented, found):
        assert (holds, conditional, fails) == (
            counts["holds"],
            counts["conditional"],
            counts["fails"],
        )


def test_every_notebook_the_readme_names_exists():
    names = set(re.findall(r"`(\d\d_[a-z_]+)`", README))
    on_disk = {p.stem for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")}
    assert names and names <= on_disk
