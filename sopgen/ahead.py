"""Work the build needs later, done in a second process while MkDocs builds the pages.

MkDocs converts and renders pages one at a time, on one core. What sopgen adds to the site (each
page's box, the generated pages, the calendars) depends only on the check result and the list of
files, both settled once the navigation is: a forked process renders all of it meanwhile, and
the build takes it when it reaches it. Where forking is unsafe (a live-reloading server runs
threads), unavailable or not worth it (a small wiki), the same work runs in this process when
first asked for. The second process is only ever a way to be quicker: if it fails in any way,
this process does the work itself, so an error (a site's template override that does not
render, say) is raised here, as it would be without it.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
# Seconds the second process is given to stop (and end its pool) before it is killed.
STOP_WAIT = 5.0


def may_fork() -> bool:
    """Return whether this process can be forked safely: the platform can, and no other thread
    runs (a fork copies every lock as it is, a live-reloading server's held ones too)."""
    import multiprocessing as mp  # here: a small wiki's check never needs it (~6 ms)

    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block makes many objects that all live on."""
    # Thousands of pages are tens of thousands of objects: each collection walks them all again
    # and frees nothing (pages hold no cycles). Measured: 0.3 s of a 5,000-page check.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Ahead(Generic[T]):
    """The result of `work`: started now in a forked process when `fork`, else on first use."""

    def __init__(self, work: Callable[[], T], fork: bool) -> None:
        self._work = work
        self._done = False
        self._value: T | None = None
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        if fork and may_fork():
            import multiprocessing as mp

            context = mp.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            # Forked, not spawned: the process starts with this one's memory (the pages, the
            # files, the templates) and nothing is pickled on the way in.
            process = context.Process(target=_run, args=(work, send, receive), daemon=True)
            try:
                process.start()
            except OSError:  # no process to spare (a process limit, no memory): work here
                receive.close()
            else:
                self._process, self._conn = process, receive
            finally:
                send.close()

    def get(self) -> T:
        """Return the work's result, waiting for the second process or doing the work here."""
        if not self._done:
            value, ok = self._collect()
            self._value = value if ok else self._work()
            self._done = True
        return self._value  # type: ignore[return-value]

    def _collect(self) -> tuple[T | None, bool]:
        if self._conn is None:
            return None, False
        try:
            # The result is thousands of objects that all live on: a collection while they are
            # unpickled walks them for nothing (20 ms of a 1,000-page build, measured).
            with paused_gc():
                ok, value = self._conn.recv()
        except (EOFError, OSError, ValueError):  # it died, or sent what cannot be read back
            ok, value = False, None
        self.close()
        return value, ok

    def close(self) -> None:
        """Stop the second process, if it still runs (the build failed or ended early)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
                # It unwinds on SIGTERM (see _run), which waits for a long C call to return:
                # a while, then no more asking.
                self._process.join(STOP_WAIT)
                if self._process.is_alive():
                    self._process.kill()
            self._process.join()
            self._process = None


def _run(work: Callable[[], object], send: Connection, receive: Connection) -> None:
    # Forked with the build's end of the pipe: close it, or, the build killed (kill PID, the
    # OOM killer), this process would wait forever to send a result nobody can read.
    receive.close()
    # Ctrl-C goes to the whole process group: the build stops this process (close), not it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The work may use a pool of its own, which multiprocessing refuses a daemon process. The
    # build still sees it as one: it is ended with the build (close, or multiprocessing's
    # exit handler), and its pool's workers end when it does.
    import multiprocessing as mp

    mp.current_process().daemon = False
    # Stopped by the build (close, or multiprocessing's exit handler after Ctrl-C): unwind, so
    # that a pool of the work's ends its workers rather than leave them to finish on their own
    # and print a traceback to a closed pipe.
    signal.signal(signal.SIGTERM, _stop)
    try:
        payload: tuple[bool, object] = (True, work())
    except SystemExit:
        return  # stopped: nobody waits for a result
    except BaseException:  # anything: the build redoes the work and raises it there
        payload = (False, None)
    try:
        send.send(payload)
    except OSError:  # the build is gone
        pass
    except Exception:  # a result that cannot be pickled: the build redoes it
        with contextlib.suppress(OSError):
            send.send((False, None))
    finally:
        send.close()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
