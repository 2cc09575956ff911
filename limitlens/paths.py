"""Where the project's data files live.

In a checkout that is the repo's top-level `data/` (beside app.py, where the design card puts it and
where Streamlit Community Cloud deploys it). An installed wheel carries the same folder inside the
package as `limitlens/data/` (pyproject.toml's force-include), so `limitlens inspect FILE` works
from any directory. The installed copy wins when both exist.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent  # the checkout root (in an installed wheel: site-packages)


def _data_dir() -> Path:
    installed = PACKAGE_DIR / "data"
    return installed if installed.is_dir() else ROOT / "data"


DATA_DIR = _data_dir()
PERSONAS_DIR = DATA_DIR / "personas"
I18N_DIR = DATA_DIR / "i18n"
