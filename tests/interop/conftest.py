import pytest

from fieldcrm.cli import main


@pytest.fixture
def run(capsys):
    """``run("import", "vcard", path, ...)`` -> (exit code, stdout, stderr), in this process."""
    def _run(*args):
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run
