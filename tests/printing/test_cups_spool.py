"""Reading PreserveJobFiles from a cupsd.conf as cupsd itself would."""

from __future__ import annotations

import pytest

from printing.cups_spool import keeps_documents, preserve_job_files


@pytest.mark.parametrize("conf,value", [
    ("LogLevel warn\n", "86400"),  # absent: cupsd keeps documents a day
    ("PreserveJobFiles No\n", "No"),
    ("preservejobfiles off\nPreserveJobFiles Yes\n", "Yes"),  # the last one wins
    ("  PreserveJobFiles   0  \n", "0"),
    ("<Policy default>\n  PreserveJobFiles No\n</Policy>\n", "86400"),  # not a server setting
    ("# PreserveJobFiles No\n", "86400"),
])
def test_effective_value(conf, value):
    assert preserve_job_files(conf) == value


@pytest.mark.parametrize("value,keeps", [
    ("No", False), ("off", False), ("FALSE", False), ("disabled", False), ("0", False),
    ("Yes", True), ("on", True), ("86400", True), ("1h", True),
])
def test_keeps_documents(value, keeps):
    assert keeps_documents(value) is keeps
