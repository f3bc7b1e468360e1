"""The build's caches (sitebuild/build_cache.py): two builds that need the same entry at once
make it once; the second waits for the first and reads what it wrote."""
import os
import threading

from sitebuild.build_cache import cached_bytes
from tests.waiting import wait_until


def waiting_for_a_lock() -> bool:
    """Whether a thread of this process waits for a flock (Linux lists waiters with `->`)."""
    with open("/proc/locks", encoding="ascii") as locks:
        return any("->" in line and "FLOCK" in line and f" {os.getpid()} " in f" {line} ".replace(":", " ")
                   for line in locks)


def test_two_builds_that_need_the_same_entry_make_it_once(tmp_path):
    entry = tmp_path / "cache" / "0123abcd.br"
    calls, results = [], []
    making, finish = threading.Event(), threading.Event()

    def make() -> bytes:
        calls.append(threading.current_thread().name)
        making.set()
        assert finish.wait(30)
        return b"compressed"

    first = threading.Thread(target=lambda: results.append(cached_bytes(entry, make)), name="first")
    second = threading.Thread(target=lambda: results.append(cached_bytes(entry, make)), name="second")
    first.start()
    assert making.wait(30)
    second.start()
    wait_until(waiting_for_a_lock, "the second build to wait for the entry the first one makes")
    finish.set()
    first.join(30)
    second.join(30)
    assert calls == ["first"]
    assert results == [b"compressed", b"compressed"]
    assert entry.read_bytes() == b"compressed"
    assert not list(entry.parent.glob("*.part"))


def test_an_entry_made_before_is_read_not_made(tmp_path):
    entry = tmp_path / "cache" / "0123abcd.br"
    assert cached_bytes(entry, lambda: b"once") == b"once"
    assert cached_bytes(entry, lambda: b"again") == b"once"
    assert cached_bytes(None, lambda: b"uncached") == b"uncached"
