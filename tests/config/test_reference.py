import sys
from pathlib import Path

from routeyard.config.reference import reference

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from update_readme_reference import embedded  # noqa: E402


def test_readme_reference_matches_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert embedded(readme).strip() == reference().strip(), (
        "README's config reference is stale: run python scripts/update_readme_reference.py"
    )


def test_every_field_is_described() -> None:
    rows = [r for r in reference().splitlines() if r.startswith("| `")]
    assert rows
    undocumented = [r for r in rows if r.rstrip().endswith("|  |")]
    assert undocumented == []
