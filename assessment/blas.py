"""Run NumPy's linear algebra on one thread where the matrices are small.

OpenBLAS starts a thread per core for every call. On the gate's and the
close's matrices (tens of rows) the hand-off costs far more than the
arithmetic, and on a busy machine the spinning threads wait for cores: an
eigendecomposition of a 65 x 65 matrix took 21 ms of CPU on two threads and
0.3 ms on one. The results are the same; only the scheduling differs.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit BLAS/LAPACK to one thread inside the block (about 0.6 ms to enter)."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
