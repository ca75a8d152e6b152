"""How many threads a hot loop uses: the BLAS thread policy.

Per-step matrix products are small: waking the BLAS threads at every step
costs more than they save, and on a busy machine a multi-threaded per-step
product can stall. The recurrences and the RLS update run their loops in the
contexts given here (threadpoolctl, a scikit-learn dependency).
"""

import os
from contextlib import nullcontext

#: A per-step product of fewer floating point operations than this runs on one
#: BLAS thread: waking the other threads at every step costs more than they
#: save, and on a busy machine a multi-threaded per-step product can stall
#: (a 1000 x 1000 matvec measured 0.36 ms idle, 7.9 ms under load).
BLAS_SINGLE_THREAD_MAX_FLOPS = 1e7

#: Decompositions and Gram sums of fewer features than this run on one BLAS
#: thread: a 301 x 301 ``eigh`` took 0.03 s on one thread and 1.6 s on two
#: while other processes held the cores (2-core machine, load average 7.8);
#: idle, ``RidgeReadout.fit`` on 989 x 200 states took 2.1 to 2.4 ms on one
#: thread against 7.6 to 13 ms on two (the ``syrk`` and the Cholesky wake
#: the other thread for too little work).
ONE_THREAD_MAX_FEATURES = 1000

#: RLS on fewer features than this runs on one BLAS thread: the rank-1
#: updates of a small P gain nothing from more (bench_force: N=100 0.0124 s
#: on one thread against 0.0195 s on two; N=500 0.072 s on two against
#: 0.097 s on one).
RLS_THREADS_MIN_FEATURES = 250

_THREADPOOLS = {}


def blas_threads_for(flops_per_step):
    """A context in which per-step products of ``flops_per_step`` use fitting BLAS threads.

    One thread below :data:`BLAS_SINGLE_THREAD_MAX_FLOPS`, the BLAS library's
    own setting above.
    """
    if flops_per_step >= BLAS_SINGLE_THREAD_MAX_FLOPS:
        return nullcontext()
    return one_blas_thread()


def blas_threads_for_features(n_features, n_rows=None):
    """A context for the sums and factorisations of ``n_features`` features.

    One BLAS thread below :data:`ONE_THREAD_MAX_FEATURES`, the BLAS
    library's own setting above; with ``n_rows`` (the rows of a Gram sum),
    also the library's own where the sum is under a million products, too
    small for BLAS to wake its threads (the switch's own cost is saved).
    """
    small_work = n_rows is not None and n_rows * n_features**2 < 1e6
    if n_features >= ONE_THREAD_MAX_FEATURES or small_work:
        return nullcontext()
    return one_blas_thread()


def one_blas_thread():
    """A context in which BLAS runs on one thread (threadpoolctl)."""
    if "controller" not in _THREADPOOLS:
        from threadpoolctl import ThreadpoolController

        _THREADPOOLS["controller"] = ThreadpoolController()
    return _THREADPOOLS["controller"].limit(limits=1, user_api="blas")


#: After this many pieces on the faster of the threaded and the one-thread
#: kernel, one piece runs on the other, so that a change of load is seen;
#: each probe that loses doubles the interval (up to :data:`REPROBE_MAX`),
#: one that wins resets it.
REPROBE_EVERY = 8
REPROBE_MAX = 512

#: Seconds per unit of work of each kernel, per kind of loop
#: (an exponential average of the pieces measured), and the probe schedule.
_SECONDS_PER_WORK = {}


def run_adaptive(kind, run, parallel, serial, n_items, chunk, work=None, probe=None,
                 shortest_probe=None, parallel_ready=None):
    """Run items ``0 .. n_items - 1`` in pieces, each on the kernel that measures faster.

    ``run(kernel, start, stop)`` runs items ``start:stop`` with ``kernel``.
    A threaded region loses to one thread when other processes hold the
    cores (each thread waits for the slowest, and a descheduled thread holds
    all of them up: a 500-unit step measured 15 to 60 times slower threaded
    than on one thread with both cores taken): so the items run in pieces of
    ``chunk``, each on whichever kernel took less time per unit of ``work``
    (``work[i]``: the cost of item ``i``, 1 by default). A kernel not yet
    measured, and the slower one every :data:`REPROBE_EVERY` pieces (an
    interval that doubles while it keeps losing), runs a short piece of
    ``probe`` items (``chunk // 64`` by default), so that a probe costs
    little; a probe's timing replaces the kernel's earlier one. With
    ``shortest_probe``, a probe of a kernel measured ``r`` times slower than
    the other is shortened to ``probe / r`` items (not below
    ``shortest_probe``): it then costs about as long as ``probe`` items of
    the faster kernel (a threaded series measured 15 to 60 times slower
    under load), while a probe of a kernel about as fast stays long enough
    to measure it warm. The
    timings are remembered per ``kind`` from one call to the next. The
    first piece a kernel runs for a ``kind`` is a warm-up, not measured: its
    time holds one-off costs (the kernel loaded from numba's cache, the
    threads started; a first serial probe of 16 steps measured 0.45 s,
    28 ms a step against 4 us warm, so that a threaded kernel stalling at
    10 ms a step on busy cores won and kept a first ``ESNForecaster`` fit
    at 6.4 s), and the kernel is probed again. Without
    ``parallel`` (numba on one thread) everything runs on ``serial`` in one
    piece.

    With ``parallel_ready`` (see :func:`compiled_in_background`), the serial
    kernel runs first, and ``parallel`` is used only from the piece at which
    ``parallel_ready()`` says it is compiled: a first call with an empty
    numba cache then compiles the one-thread kernel alone, while the
    threaded one compiles in a background thread.
    """
    if parallel is None:
        run(serial, 0, n_items)
        return
    import time

    probe = max(1, chunk // 64) if probe is None else probe
    rates = _SECONDS_PER_WORK.setdefault(kind, {"parallel": None, "serial": None,
                                                "since": 0, "interval": REPROBE_EVERY})
    kernels = {"parallel": parallel, "serial": serial}
    start = 0
    while start < n_items:
        if parallel_ready is not None and (rates["serial"] is None or not parallel_ready()):
            name, probing = "serial", rates["serial"] is None  # threads still compiling
        else:
            name, probing = _pick(rates)
        length = probe if probing else chunk
        if probing and shortest_probe is not None and None not in (rates["parallel"],
                                                                   rates["serial"]):
            slowdown = rates[name] / max(min(rates["parallel"], rates["serial"]), 1e-300)
            length = max(shortest_probe, min(probe, int(probe / slowdown)))
        stop = min(start + length, n_items)
        if n_items - stop < probe:  # no small last piece
            stop = n_items
        began = time.perf_counter()
        run(kernels[name], start, stop)
        seconds = time.perf_counter() - began
        warmed = rates.setdefault("warmed", set())
        if rates[name] is None and name not in warmed:
            warmed.add(name)  # its first piece: one-off costs, not its rate; probed again
            start = stop
            continue
        amount = stop - start if work is None else float(sum(work[start:stop]))
        if amount > 0:
            rate = seconds / amount
            old = rates[name]
            # a probe replaces what the kernel measured before: that rate is
            # from pieces long ago (a first call's page faults had kept the
            # threaded panel kernel measured at 4x its rate, and every later
            # probe averaged with it lost); pieces run back to back average
            rates[name] = rate if old is None or probing else 0.5 * (old + rate)
        if probing:
            rates["since"] = 0
            other = "serial" if name == "parallel" else "parallel"
            lost = rates[other] is not None and rates[name] > rates[other]
            rates["interval"] = (min(2 * rates["interval"], REPROBE_MAX) if lost
                                 else REPROBE_EVERY)
        else:
            rates["since"] += 1
        start = stop


def _pick(rates):
    """The kernel of the next piece and whether it is a probe.

    The untried one (parallel first), else the faster, and the slower when
    its interval has passed.
    """
    if rates["parallel"] is None:
        return "parallel", True
    if rates["serial"] is None:
        return "serial", True
    faster, slower = (("parallel", "serial") if rates["parallel"] <= rates["serial"]
                      else ("serial", "parallel"))
    if rates["since"] >= rates["interval"]:
        return slower, True
    return faster, False


#: Whether :func:`compiled_in_background` compiles in a background thread; when
#: False it compiles in the foreground and answers True (the test suite's
#: setting: each kernel test then runs the kernel it names, not the fallback
#: taken while that kernel compiles).
BACKGROUND_COMPILATION = True

#: The background compilations started by :func:`compiled_in_background`,
#: by (dispatcher, argument types).
_COMPILING = {}


def compiled_in_background(dispatcher, args, start=True):
    """Whether the numba ``dispatcher`` is compiled for the types of ``args``.

    True also where numba's disk cache holds it (a call loads it in a
    fraction of a second). If it is not, its compilation for those types
    starts in a background thread (once; not with ``start=False``), and
    False is returned until it has ended. Numba's
    kernels release the GIL, so the compilation (about 1.2 s for the
    threaded series loop with an empty cache) runs beside the one-thread
    kernel that does the work meanwhile, on the other core, instead of
    before it (``python benchmarks/run.py --only jit``). A compilation that
    failed counts as ended: the next call then compiles in the foreground,
    and raises there. The thread is not a daemon: the interpreter waits for
    it at exit (numba then writes its cache), and a fork waits for it first
    (a child must not inherit numba's compiler lock held).
    """
    import numba

    if not hasattr(dispatcher, "overloads"):
        return True  # a plain function (NUMBA_DISABLE_JIT=1): nothing to compile
    signature = tuple(numba.typeof(arg) for arg in args)
    if signature in dispatcher.overloads:
        return True
    if not BACKGROUND_COMPILATION:
        dispatcher.compile(signature)
        return True
    key = (dispatcher, signature)
    thread = _COMPILING.get(key)
    if thread is None and _in_disk_cache(dispatcher, signature):
        return True
    if thread is None and not start:
        return False
    if thread is None:
        import threading

        _keep_compile_threads_off_warnings()

        def compile_quietly():
            try:
                dispatcher.compile(signature)
            except Exception:  # noqa: BLE001 - compiled (and raised) in the foreground then
                pass

        thread = threading.Thread(target=compile_quietly, name=COMPILE_THREAD_NAME,
                                  daemon=False)
        try:
            thread.start()
        except RuntimeError:  # no new thread (at interpreter shutdown from Python 3.12)
            return False  # the one-thread kernel runs on
        _COMPILING[key] = thread
        return False
    return not thread.is_alive()


#: What :func:`loaded_in_background`'s ``load`` functions gave, by key (None: it failed).
_LOADED = {}


def loaded_in_background(key, load):
    """``load()``'s result (a compiled kernel), or None while a background thread makes it.

    For a kernel of a path that runs without numba until then (NVAR's
    windows): ``load`` imports numba and compiles, and the first call
    starts it in a thread (once per ``key``), so that neither numba's
    import (about 0.4 s) nor the compilation (about 1 s with an empty
    cache) holds the caller up; the numpy path serves meanwhile. The thread
    is one of :func:`compiled_in_background`'s (named, not a daemon, waited
    for before a fork, off the warning state). A ``load`` that raised gives
    None for good (the numpy path then serves every call). Without
    :data:`BACKGROUND_COMPILATION` (the test suite's setting) ``load`` runs
    in the foreground, errors included.
    """
    if key in _LOADED:
        return _LOADED[key]
    if not BACKGROUND_COMPILATION:
        _LOADED[key] = result = load()
        return result
    if key in _COMPILING:
        return None  # running
    import threading

    def load_quietly():
        try:
            _keep_compile_threads_off_warnings()
            result = load()
        except Exception:  # noqa: BLE001 - the numpy path serves then
            result = None
        _LOADED[key] = result

    thread = threading.Thread(target=load_quietly, name=COMPILE_THREAD_NAME, daemon=False)
    try:
        thread.start()
    except RuntimeError:  # no new thread (at interpreter shutdown from Python 3.12)
        _LOADED[key] = None
        return None
    _COMPILING[key] = thread
    return None


#: The name of the threads of :func:`compiled_in_background`.
COMPILE_THREAD_NAME = "skreservoir-compile"


def _keep_compile_threads_off_warnings():
    """Keep numba's compilations in :func:`compiled_in_background`'s threads off Python's
    warning state.

    Numba's type inference wraps its passes in ``warnings.catch_warnings(record=True)``
    (``numba.core.errors.WarningsFixer.catch_warnings``), which replaces the
    process's warning filters and display while it runs and puts back, when it
    ends, those it found: not thread-safe (before Python 3.14). In a
    background compilation the warnings the main thread raised meanwhile
    were recorded into numba's list instead of the caller's (a forecast held
    at the divergence bound with no ForecastDivergenceWarning, the first time
    a process compiled the kernels), and a caller's ``catch_warnings`` that
    ended meanwhile had its filters put back by numba's exit. In skreservoir's
    compilation threads that context does nothing (numba's warnings about the
    library's own kernels, none expected, are raised as they come); in every
    other thread it is numba's. Left as numba's where its internals differ.
    """
    try:
        from numba.core import errors

        original = errors.WarningsFixer.catch_warnings
    except (ImportError, AttributeError):
        return
    if getattr(original, "_skreservoir_compile_threads", False):
        return
    import contextlib
    import threading

    @contextlib.contextmanager
    def catch_warnings(self, filename=None, lineno=None):
        if threading.current_thread().name == COMPILE_THREAD_NAME:
            yield
            return
        with original(self, filename, lineno):
            yield

    catch_warnings._skreservoir_compile_threads = True
    errors.WarningsFixer.catch_warnings = catch_warnings


def _in_disk_cache(dispatcher, signature):
    """Whether numba's disk cache holds ``dispatcher`` compiled for ``signature``.

    Read from the cache's index (numba's own ``Cache`` object); False where
    that cannot be read (another numba version: the compilation then runs
    in the background, as for an empty cache).
    """
    try:
        cache = dispatcher._cache
        key = cache._index_key(signature, dispatcher.targetctx.codegen())
        return key in cache._cache_file._load_index()
    except Exception:  # noqa: BLE001 - an internal API: no cache then
        return False


def _join_compilations():
    """Wait for the background compilations (before a fork)."""
    for thread in list(_COMPILING.values()):
        thread.join()


os.register_at_fork(before=_join_compilations)
