"""The matching engine of MATCHING.md: pure Python, numpy and scipy, no Django.

In-process use (the web app)::

    from samenhier.matching import InstanceError, solve

    try:
        result = solve(instance_json, top_k=3)  # dict in the result format
    except InstanceError as error:
        show(str(error))  # one line naming the field and id

Typed use: ``parse_instance(data) -> Instance`` (or ``load_instance(json_text)``, faster),
``solve_instance(instance) -> Result``; ``Result.to_json()`` is what ``solve`` returns.
"""

from .instance import Group, Household, HousingUnit, Instance, InstanceError, Weights
from .parse import load_instance, parse_instance
from .result import Alternative, Assignment, Criteria, Objective, Result, Unmatched
from .solver import solve, solve_instance

__all__ = [
    "Alternative",
    "Assignment",
    "Criteria",
    "Group",
    "Household",
    "HousingUnit",
    "Instance",
    "InstanceError",
    "Objective",
    "Result",
    "Unmatched",
    "Weights",
    "load_instance",
    "parse_instance",
    "solve",
    "solve_instance",
]
