"""How many threads a hot loop uses: the BLAS thread policy.

Per-step matrix products are small: waking the BLAS threads at every step
costs more than they save, and on a busy machine a multi-threaded per-step
product can stall. The recurrences and the RLS update run their loops in the
contexts given here (threadpoolctl, a scikit-learn dependency).
"""

from contextlib import nullcontext

#: A per-step product of fewer floating point operations than this runs on one
#: BLAS thread: waking the other threads at every step costs more than they
#: save, and on a busy machine a multi-threaded per-step product can stall
#: (a 1000 x 1000 matvec measured 0.36 ms idle, 7.9 ms under load).
BLAS_SINGLE_THREAD_MAX_FLOPS = 1e7

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


def one_blas_thread():
    """A context in which BLAS runs on one thread (threadpoolctl)."""
    if "controller" not in _THREADPOOLS:
        from threadpoolctl import ThreadpoolController

        _THREADPOOLS["controller"] = ThreadpoolController()
    return _THREADPOOLS["controller"].limit(limits=1, user_api="blas")
