"""SymphAIny: an AI platform that walks a business team from raw files to an actionable proposal."""

import os

# One OpenBLAS thread per NumPy operation unless the operator says otherwise: the server already
# runs requests and jobs on several threads, and on a busy machine OpenBLAS's own workers spin
# against them (embedding a 36-page PDF: 8.5 s of CPU with one thread, 17-21 s with the
# default; wall time the same). Set before NumPy is first imported, which every entry point
# does after importing this package.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
