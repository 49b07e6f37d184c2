"""The app in Chinese: collected only by tests/tui/test_chinese.py, which runs
``pytest tests/tui_zh/zh_screens.py`` in a subprocess with FIELDCRM_LANGUAGE=zh.

The language is fixed per process before any screen class exists (key labels are
made with the classes), so these tests cannot share the English run's process.
"""

import os

from fieldcrm import i18n

if os.environ.get(i18n.ENV_VAR) == "zh":
    i18n.set_language("zh")  # before tests.tui.conftest imports the app and its screens
    from tests.tui.conftest import apps_as_the_rep_sees_them, app, book_folder, work  # noqa: E402,F401
