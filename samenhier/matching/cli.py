"""``python -m samenhier.matching INSTANCE.json|- [--top-k K]``: the result JSON on stdout.

Bad input exits with status 2 and one line on stderr, never a traceback: the people who run
this are coordinators and the web app, and a traceback tells neither what to fix.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .instance import InstanceError
from .parse import load_instance
from .solver import solve_instance

BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the usage too; one line is the contract.
        self.exit(BAD_INPUT, f"error: {message} (usage: {self.format_usage().strip()[7:]})\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m samenhier.matching",
        description="Propose which group welcomes which household (MATCHING.md).",
    )
    parser.add_argument("instance", help="instance JSON file, or - for standard input")
    parser.add_argument(
        "--top-k",
        type=_non_negative,
        default=3,
        metavar="K",
        help="alternatives per household (default 3)",
    )
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--top-k must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--top-k must be >= 0, got {value}")
    return value


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def main(argv: Sequence[str] | None = None, *, exit_process: bool = False) -> int:
    """Run the command; return its exit status. With ``exit_process`` (``python -m``), end
    the process right after the result is written instead of returning."""
    # A national instance is millions of small objects that live until the end of this short
    # run; the cycle collector would walk them again and again for nothing (a third of the
    # run time). The engine makes no reference cycles worth collecting.
    gc.disable()
    if exit_process:
        _keep_freed_memory()
    alive: list[object] = []
    try:
        code = _main(argv, alive)
        if exit_process:
            # Freeing the instance and the result object by object takes a tenth of a second
            # of a national run, for memory the operating system takes back at once anyway.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        return code
    finally:
        gc.enable()


# glibc's mallopt parameter for the memory kept at the top of the heap (malloc.h).
_M_TOP_PAD = -2
_TOP_PAD_BYTES = 64 << 20


def _keep_freed_memory() -> None:
    """Ask the C allocator (glibc) to keep 64 MiB of freed memory instead of handing it back
    to the operating system at once.

    Each block's score matrices are allocated and freed in turn; by default glibc returns
    the freed top of its heap every time, and the next block's arrays fault the same pages
    in again: a national run took 130,000 page faults and 0.4 s in the kernel, against
    33,000 and 0.12 s with this. Elsewhere (another C library, no ctypes) it does nothing.
    """
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_TOP_PAD, _TOP_PAD_BYTES)
    except (ImportError, OSError, AttributeError):
        pass


def _main(argv: Sequence[str] | None, alive: list[object]) -> int:
    """The command; the large objects it makes are appended to ``alive``."""
    args = _parser().parse_args(argv)
    try:
        text = _read(args.instance)
    except OSError as error:
        print(f"error: cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return BAD_INPUT
    try:
        instance = load_instance(text)
        alive.append(instance)
        result = solve_instance(instance, top_k=args.top_k)
        alive.append(result)
    except InstanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    except MemoryError:
        print("error: out of memory while solving this instance", file=sys.stderr)
        return 1
    _write(result.to_json_bytes() + b"\n")
    return 0


def _write(data: bytes) -> None:
    """UTF-8 bytes to standard output, through its binary buffer when it has one."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode())
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
