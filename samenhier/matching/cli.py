"""``python -m samenhier.matching INSTANCE.json|- [--top-k K]``: the result JSON on stdout.

Bad input exits with status 2 and one line on stderr, never a traceback: the people who run
this are coordinators and the web app, and a traceback tells neither what to fix.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from .instance import InstanceError
from .parse import load_instance

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


def main(argv: Sequence[str] | None = None) -> int:
    # A national instance is millions of small objects that live until the end of this short
    # run; the cycle collector would walk them again and again for nothing (a third of the
    # run time). The engine makes no reference cycles worth collecting.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        text = _read(args.instance)
    except OSError as error:
        print(f"error: cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return BAD_INPUT
    try:
        instance = load_instance(text)
        from .solver import solve_instance

        result = solve_instance(instance, top_k=args.top_k)
    except InstanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return BAD_INPUT
    except MemoryError:
        print("error: out of memory while solving this instance", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
    sys.stdout.write("\n")
    return 0
