"""Rewrite the config reference embedded in README.md from the schema."""

from pathlib import Path

from routeyard.config.reference import BEGIN, END, reference

README = Path(__file__).resolve().parents[1] / "README.md"


def embedded(text: str) -> str:
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = text.replace(embedded(text), "\n\n" + reference() + "\n")
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
