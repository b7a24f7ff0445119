"""A synchronous printer remembers the jobs it finished only as long as the queue asks."""

from __future__ import annotations

from printing.printer import FinishedJobs


def test_the_last_jobs_are_remembered_and_older_ones_forgotten():
    done = FinishedJobs(keep=3)
    for job in ("a", "b", "c", "d"):
        done.add(job)
    assert len(done) == 3
    assert "a" not in done  # the queue asked about it long ago
    assert all(job in done for job in ("b", "c", "d"))


def test_a_day_of_prints_keeps_the_memory_bounded():
    done = FinishedJobs()
    for i in range(10_000):
        done.add(f"job-{i}")
    assert len(done) == 256
    assert "job-9999" in done and "job-0" not in done
