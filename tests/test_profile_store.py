"""Parsed profile.yaml values kept on disk (profile/stored.py): a kept parse is validated
again, a changed file is parsed again, and a profile with a problem is never kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.errors import ProfileError
from reportgen.profile import loading
from reportgen.profile.stored import StoredProfile

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "sundsvall"
    shutil.copytree(ROOT / "templates" / "sundsvall", folder)
    return folder


def load(folder: Path) -> object:
    loading._load_profile_dir.cache_clear()  # a new process, as far as the loader knows
    return loading.load_profile_dir(folder)


def test_a_loaded_profile_is_kept_and_read_back_without_the_yaml_parser(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(profile_dir)
    assert StoredProfile(profile_dir / "profile.yaml").values() is not None

    def no_parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("profile.yaml parsed again")

    monkeypatch.setattr("reportgen.yamlio.read_yaml_file", no_parse)
    assert load(profile_dir) == first


def test_a_changed_profile_is_parsed_again(profile_dir: Path) -> None:
    load(profile_dir)
    path = profile_dir / "profile.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("namn: ", "namn: Ändrat ", 1), encoding="utf-8"
    )
    assert load(profile_dir).name.startswith("Ändrat ")  # type: ignore[attr-defined]


def test_a_profile_with_a_problem_is_never_kept_and_keeps_its_line(profile_dir: Path) -> None:
    path = profile_dir / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("kontaktplatser:")].count("\n") + 1
    path.write_text(text.replace("kontaktplatser: ", "kontaktplatser: många # ", 1), "utf-8")
    with pytest.raises(ProfileError, match=rf"profile\.yaml:{line}: förbundsprofilen"):
        load(profile_dir)
    assert StoredProfile(path).values() is None


def test_a_kept_profile_is_checked_again_against_the_folder(profile_dir: Path) -> None:
    profile = load(profile_dir)
    profile.template_path.unlink()  # type: ignore[attr-defined]
    with pytest.raises(ProfileError, match="pekar på mallen"):
        load(profile_dir)


def test_damaged_or_switched_off_storage_means_parsing_as_before(
    profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(profile_dir)
    for kept in (tmp_path / "cache" / "profiler").glob("*.bin"):
        kept.write_bytes(b"trasig")
    assert load(profile_dir) == first
    monkeypatch.setenv("REPORTGEN_CACHE", "0")
    assert StoredProfile(profile_dir / "profile.yaml").values() is None
    assert load(profile_dir) == first
