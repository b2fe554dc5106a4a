"""A Jupyter kernel for adv: a wrapper kernel driving one long-lived `adv kernel` process.

See kernel.py for the kernel and Sources/AdvREPL/Kernel/ for the protocol it speaks.
"""

__version__ = "0.1.0"
