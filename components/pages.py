"""The app's pages, in menu order: the one list the shell's navigation, the guide's path and the
tests read. Plain data (no streamlit import), so a test or a script can read it too.

A page is its script under `pages/` (Home is `app.py`), its entry here, and its texts in every
language: `ui.nav.<id>` (the menu), `ui.<id>.title` and `guide.path.to_<id>` (the next-step
link). README "Adding a page" walks through it; `tests/unit/test_new_page.py` proves it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class Page:
    id: str
    script: str  # relative to the app root, as st.page_link and AppTest.switch_page take it
    icon: str

    @property
    def url(self) -> str:
        """The address Streamlit serves it at: "" for Home, else the script's name without
        its number (pages/1_data.py -> "data")."""
        if self.script == HOME_SCRIPT:
            return ""
        return PurePosixPath(self.script).stem.split("_", 1)[-1]

    @property
    def text_keys(self) -> tuple[str, ...]:
        """The i18n keys the page needs in every language."""
        return (f"ui.nav.{self.id}", f"ui.{self.id}.title", f"guide.path.to_{self.id}")


@dataclass(frozen=True)
class Spot:
    """A place on a page the guide sends a newcomer to as a step of its own (the profile is a
    tab of the Data page): after `page` on the path, linked with `?tab=<tab>`."""

    id: str
    page: str
    tab: str
    icon: str


HOME_SCRIPT = "app.py"
PAGES: tuple[Page, ...] = (
    Page("home", HOME_SCRIPT, ":material/home:"),
    Page("data", "pages/1_data.py", ":material/upload_file:"),
    Page("factors", "pages/2_factors.py", ":material/insights:"),
    Page("whatif", "pages/3_whatif.py", ":material/tune:"),
    Page("plan", "pages/4_plan.py", ":material/flag:"),
    Page("method", "pages/5_method.py", ":material/menu_book:"),
)
SPOTS: tuple[Spot, ...] = (Spot("profile", page="data", tab="profile", icon=":material/person:"),)


def by_id() -> dict[str, Page]:
    return {p.id: p for p in PAGES}


def ids() -> tuple[str, ...]:
    return tuple(p.id for p in PAGES)


def path() -> tuple[str, ...]:
    """The steps a newcomer walks, in order: every page, each followed by its spots."""
    return tuple(step for p in PAGES for step in (p.id, *(s.id for s in SPOTS if s.page == p.id)))


def spot(step: str) -> Spot | None:
    return next((s for s in SPOTS if s.id == step), None)


def script_of(step: str) -> str:
    """The script a page or a spot is on."""
    place = spot(step)
    return by_id()[place.page if place else step].script


def icon_of(step: str) -> str:
    place = spot(step)
    return place.icon if place else by_id()[step].icon


def problems(root: Path) -> list[str]:
    """What a half-added or half-removed page lacks, one line each: a script under `pages/` the
    list does not have (or the reverse), a script that does not open with its own
    `shell.page("<id>")`, a text missing in a language."""
    from limitlens.i18n import LANGS, catalog

    out = []
    listed = {p.script for p in PAGES}
    for script in sorted(str(s.relative_to(root)) for s in (root / "pages").glob("*.py")):
        if script not in listed:
            out.append(f"{script} is not in components/pages.py PAGES")
    for p in PAGES:
        file = root / p.script
        if not file.is_file():
            out.append(f"{p.id}: no script {p.script}")
        elif f'shell.page("{p.id}")' not in file.read_text(encoding="utf-8"):
            out.append(f'{p.script} does not call shell.page("{p.id}")')
        for lang in LANGS:
            out += [
                f"{p.id}: no text {key} in {lang}"
                for key in p.text_keys
                if key not in catalog(lang)
            ]
    return out
