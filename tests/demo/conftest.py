"""The demo tests seed into a temporary media folder, with shared pictures."""

from functools import cache

import pytest

from demo import pictures
from demo.management.commands import seed_demo

# Drawing is deterministic, so tests may share the pictures: the bytes are the
# real ones, drawn once per test session instead of once per test.
_draw_feature = cache(pictures.draw_feature)
_draw_avatar = cache(pictures.draw_avatar)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _draw_once(monkeypatch):
    monkeypatch.setattr(seed_demo, "draw_feature", _draw_feature)
    monkeypatch.setattr(seed_demo, "draw_avatar", _draw_avatar)
