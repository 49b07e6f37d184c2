"""The app in Chinese: collected only by tests/tui/test_chinese.py, which runs
``pytest tests/tui_zh/zh_screens.py`` in a subprocess with FIELDCRM_LANGUAGE=zh.

The language is fixed per process before any screen class exists (key labels are
made with the classes), so these tests cannot share the English run's process.
"""

import os

from fieldcrm import i18n

if os.environ.get(i18n.ENV_VAR) == "zh":
    i18n.set_language("zh")  # before tests.tui.conftest imports the app and its screens
    import pytest  # noqa: E402

    from fieldcrm.clock import FrozenClock  # noqa: E402
    from fieldcrm.demo import DemoSize, build_demo, demo_rep  # noqa: E402
    from fieldcrm.store import Store  # noqa: E402
    from tests.conftest import TODAY  # noqa: E402
    from tests.tui.conftest import apps_as_the_rep_sees_them, app, work  # noqa: E402,F401

    @pytest.fixture
    def book_folder(tmp_path):
        """The demo a Chinese rep makes: Chinese customers and notes (tests/tui/conftest.py's, in Chinese)."""
        folder = tmp_path / "book"
        Store.create(folder, build_demo(DemoSize(60), seed=11, today=TODAY, language="zh"), rep=demo_rep("zh"),
                     clock=FrozenClock("2026-11-24T09:30:00+00:00"), demo=True)
        return folder
