"""The operator's side: importing the export, revoking, marking used, purging, counting, the
demo registry, and the command line around them."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from codecheck.app import create_app
from codecheck.cli import main
from codecheck.demo import DEMO_CODES, DEMO_UNKNOWN, NotADemoRegistry, install_demo
from codecheck.operations import MalformedFile, change_status, counts, import_export, numbered_lines, purge
from codecheck.registry import open_registry
from codecheck.settings import Settings
from codecheck.store import StoredStatus
from tests.codecheck.support import CODES, TODAY, VALIDITY, Api, csv_of, run


@pytest.fixture
def registry(make_settings):
    registry = open_registry(make_settings())
    yield registry
    registry.close()


def answers(registry, codes) -> dict[str, str]:
    return {code: run(registry.check(registry.canonical(code))).status for code in codes}


def test_import_a_good_export(registry) -> None:
    report = import_export(registry, csv_of(CODES))
    assert report.applied and (report.added, report.updated, report.unchanged) == (6, 0, 0)
    assert answers(registry, CODES) == {
        "VALIDCODE001": "valid", "ISSUEDTODAY1": "valid", "LASTDAYCODE1": "valid",
        "EXPIREDCODE1": "expired", "USEDCODE0001": "used", "REVOKEDCODE1": "revoked",
    }
    c = counts(registry)
    assert (c.total, c.issued_since, c.issued - c.issued_since, c.used, c.revoked) == (6, 3, 1, 1, 1)


def test_a_swiss_spreadsheet_export(registry) -> None:
    data = (
        "\ufeffCode;Issue date;Status;Member number\r\n"
        "ugyd-ehex-ese6;01.01.2026;Issued;123.456\r\n"
        "\r\n"
        "\"ABCD EFGH 2345\";2026-05-01;USED;\"78\n9\"\r\n"
        "WXYZ23456789;15.06.2026;revoked;1\r\n"
    ).encode("utf-8")
    report = import_export(registry, data)
    assert report.applied and report.added == 3 and not report.rejected
    assert answers(registry, ["UGYDEHEXESE6", "ABCDEFGH2345", "WXYZ23456789"]) == {
        "UGYDEHEXESE6": "expired", "ABCDEFGH2345": "used", "WXYZ23456789": "revoked",
    }


def test_rejected_lines_are_reported_and_nothing_is_imported(registry) -> None:
    data = (
        "code,issued_on,status\n"
        "GOODCODE0001,2026-06-01,issued\n"
        "SHORT,2026-06-01,issued\n"  # line 3
        "GOODCODE0002,2026-02-30,issued\n"  # line 4: no such day
        "GOODCODE0003,2026-06-01,valid\n"  # line 5: not a stored status
        "GOODCODE0004,2026-06-16,issued\n"  # line 6: after TODAY
        "good-code-0001,2026-06-01,issued\n"  # line 7: line 2 again
        "GOODCODE0005,2026-06-01\n"  # line 8: a column short
        "\"GOOD\nCODE0006\",2026-06-01,issued\n"  # lines 9-10: a quoted newline (white space: dropped)
        "GOODCODE0007,2026-13-01,issued\n"  # line 11: no 13th month
    ).encode()
    report = import_export(registry, data)
    assert not report.applied
    assert [(r.line, r.reason.split(" ")[1]) for r in report.rejected] == [
        (3, "code"), (4, "issue"), (5, "status"), (6, "issue"), (7, "same"), (8, "columns"), (11, "issue"),
    ]
    assert "line 7: the same code as line 2" in [str(r) for r in report.rejected]
    assert counts(registry).total == 0
    for rejected in report.rejected:
        assert "GOOD" not in rejected.reason.upper()


def test_skip_rejected_imports_the_good_lines(registry) -> None:
    data = b"code,issued_on,status\nGOODCODE0001,2026-06-01,issued\nBAD,2026-06-01,issued\n"
    report = import_export(registry, data, skip_rejected=True)
    assert report.applied and report.added == 1 and [r.line for r in report.rejected] == [3]


def test_a_dry_run_imports_nothing(registry) -> None:
    report = import_export(registry, csv_of(CODES), dry_run=True)
    assert not report.applied and report.added == 6
    assert counts(registry).total == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "line 1 must name the columns"),
        (b"GOODCODE0001,2026-06-01,issued\n", "line 1 must name the columns"),
        (b"code,date\nGOODCODE0001,2026-06-01\n", "line 1 must name the columns"),
        (b"code,issued_on,status\nGOODCODE0001,2026-06-01,issued\nGOOD\xe9CODE0002,2026-06-01,issued\n", "line 3: the file is not UTF-8"),
        (b"code,issued_on,status\nGOODCODE0001,2026-06-01,issued\nGOOD\x00CODE0002,2026-06-01,issued\n", "line 3: the file holds a NUL"),
        (b"code,issued_on,status\nGOODCODE0001,2026-06-01,issued\n\"GOODCODE0002\"x,2026-06-01,issued\n", "line 3: not readable as CSV"),
        ("code,issued_on,status\nGOODCODE0001,2026-06-01,issued\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_a_malformed_file_imports_nothing(registry, data: bytes, message: str) -> None:
    with pytest.raises(MalformedFile, match=message):
        import_export(registry, data)
    assert counts(registry).total == 0


def test_reimport_moves_statuses_forward_only(registry) -> None:
    import_export(registry, csv_of(CODES))
    later = dict(CODES)
    later["VALIDCODE001"] = (CODES["VALIDCODE001"][0], "used")  # moved on
    later["REVOKEDCODE1"] = (CODES["REVOKEDCODE1"][0], "issued")  # an older export: stays revoked
    report = import_export(registry, csv_of(later))
    assert report.applied and (report.added, report.updated, report.unchanged) == (0, 1, 5)
    assert answers(registry, ["VALIDCODE001", "REVOKEDCODE1"]) == {"VALIDCODE001": "used", "REVOKEDCODE1": "revoked"}


def test_reimport_with_another_issue_date_is_rejected(registry) -> None:
    import_export(registry, csv_of(CODES))
    changed = {"VALIDCODE001": (TODAY - timedelta(days=1), "issued"), "NEWCODE00001": (TODAY, "issued")}
    report = import_export(registry, csv_of(changed))
    assert not report.applied
    assert [str(r) for r in report.rejected] == ["line 2: the code is registered with another issue date"]
    assert counts(registry).total == len(CODES)


def test_revoke_and_mark_used(registry) -> None:
    import_export(registry, csv_of(CODES))
    report = change_status(registry, numbered_lines("validcode001\n\nUSED-CODE-0001\n"), StoredStatus.REVOKED)
    assert report.applied and report.updated == 2
    report = change_status(registry, numbered_lines("ISSUEDTODAY1\nREVOKEDCODE1\n"), StoredStatus.USED)
    assert not report.applied and [str(r) for r in report.rejected] == ["line 2: the code is revoked already"]
    assert answers(registry, ["ISSUEDTODAY1"]) == {"ISSUEDTODAY1": "valid"}  # nothing changed
    report = change_status(registry, numbered_lines("ISSUEDTODAY1\nNOTACODE\nUNKNOWNCODE1\n"), StoredStatus.USED)
    assert [str(r) for r in report.rejected] == [
        "line 2: not the form of an access code", "line 3: the code is not in the registry",
    ]
    report = change_status(registry, numbered_lines("ISSUEDTODAY1\nLASTDAYCODE1\n"), StoredStatus.USED)
    assert report.applied and (report.updated, report.unchanged) == (2, 0)
    report = change_status(registry, numbered_lines("ISSUEDTODAY1\n"), StoredStatus.USED)
    assert report.applied and (report.updated, report.unchanged) == (0, 1)
    assert answers(registry, ["ISSUEDTODAY1", "VALIDCODE001"]) == {"ISSUEDTODAY1": "used", "VALIDCODE001": "revoked"}


def test_purge_codes_expired_long_ago(registry) -> None:
    old = {
        "OLDCODE00001": (TODAY - timedelta(days=VALIDITY + 31), "issued"),  # expired 31 days ago
        "OLDCODE00002": (TODAY - timedelta(days=VALIDITY + 30), "revoked"),  # expired 30 days ago
    }
    import_export(registry, csv_of({**CODES, **old}))
    assert purge(registry, 30, dry_run=True) == 1
    assert counts(registry).total == 8
    assert purge(registry, 30) == 1
    assert answers(registry, old) == {"OLDCODE00001": "unknown", "OLDCODE00002": "revoked"}
    assert purge(registry, 0) == 2  # EXPIREDCODE1 (yesterday) and OLDCODE00002
    assert counts(registry).total == 5


def test_demo_registry_gives_one_answer_per_status(make_settings) -> None:
    settings = make_settings(enabled=False)
    registry = open_registry(settings)
    install_demo(registry)
    install_demo(registry)  # again: idempotent
    registry.close()
    api = Api(create_app(settings))
    for demo in DEMO_CODES:
        assert api.check(demo.code).json()["status"] == demo.answer, demo.code
    assert api.check("DEMOLASTDAY1").json()["days_left"] == 0
    assert api.check(DEMO_UNKNOWN).json()["status"] == "unknown"


def test_demo_refuses_a_registry_with_other_codes(registry) -> None:
    import_export(registry, csv_of({"REALCODE0001": (TODAY, "issued")}))
    with pytest.raises(NotADemoRegistry):
        install_demo(registry)
    install_demo(registry, force=True)
    assert counts(registry).total == 1 + len(DEMO_CODES)


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CODECHECK_DB", str(tmp_path / "reg" / "codes.sqlite3"))
    monkeypatch.setenv("CODECHECK_SECRET_FILE", str(tmp_path / "keys" / "codecheck.secret"))
    return tmp_path


def today_in_service() -> date:
    return Settings.from_env().today_function()()


def cli(capsys, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_import_stats_revoke_purge(cli_env: Path, capsys, monkeypatch) -> None:
    today = today_in_service()
    export = cli_env / "export.csv"
    export.write_text(
        "code,issued_on,status\n"
        f"CLIVALID0001,{today.isoformat()},issued\n"
        f"CLIOLD000001,{(today - timedelta(days=VALIDITY + 400)).isoformat()},issued\n"
        f"CLIUSED00001,{today.isoformat()},used\n"
    )
    assert cli(capsys, "import", str(export)) == (0, "Imported: 3 new, 0 updated, 0 unchanged; 0 lines rejected.\n", "")
    status, out, _ = cli(capsys, "stats")
    assert status == 0 and "codes:   3" in out and "valid:   1" in out and "expired: 1" in out
    status, out, err = cli(capsys, "revoke", stdin="cli-valid-0001\n", monkeypatch=monkeypatch)
    assert (status, out) == (0, "Revoked: 1 codes; 0 were revoked already.\n")
    codes_file = cli_env / "used.txt"
    codes_file.write_text("CLIVALID0001\n")
    status, out, err = cli(capsys, "mark-used", str(codes_file))
    assert status == 1 and err == "line 1: the code is revoked already\n"
    assert cli(capsys, "purge", "--older-than-days", "365", "--dry-run")[1].startswith("Would delete 1 codes")
    assert cli(capsys, "purge")[1].startswith("Deleted 1 codes")
    assert "codes:   2" in cli(capsys, "stats")[1]
    assert (cli_env / "keys" / "codecheck.secret").stat().st_mode & 0o777 == 0o600


def test_cli_reports_rejected_lines_and_imports_nothing(cli_env: Path, capsys) -> None:
    export = cli_env / "export.csv"
    export.write_text("code,issued_on,status\nCLIVALID0001,2026-01-01,issued\nCLI-BAD,2026-01-01,issued\n")
    status, out, err = cli(capsys, "import", str(export))
    assert status == 1
    assert err == "line 3: the code does not have the form of an access code\n"
    assert out.startswith("Nothing imported: 1 lines rejected")
    assert "CLIVALID0001" not in out + err and "CLI-BAD" not in out + err
    assert "codes:   0" in cli(capsys, "stats")[1]
    export.write_bytes(b"code;issued_on;status\n\xff\xfe\n")
    status, out, err = cli(capsys, "import", str(export))
    assert status == 2 and err.startswith("Nothing imported: line 2: the file is not UTF-8")


def test_cli_demo(cli_env: Path, capsys) -> None:
    status, out, _ = cli(capsys, "demo")
    assert status == 0
    for demo in DEMO_CODES:
        assert f"{demo.code}  {demo.answer}" in out
    assert "codes:   5" in cli(capsys, "stats")[1]


def test_cli_settings_errors(cli_env: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CODECHECK_CLIENT_CHECKS", "many")
    status, _, err = cli(capsys, "stats")
    assert status == 2 and "CODECHECK_CLIENT_CHECKS must be a whole number" in err
