"""Where the project's data files live (repo-root `data/`, deployed alongside the code)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
PERSONAS_DIR = DATA_DIR / "personas"
I18N_DIR = DATA_DIR / "i18n"
