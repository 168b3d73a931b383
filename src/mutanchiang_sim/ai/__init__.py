"""Computer players: the Policy protocol, baselines and the doctrine policies of both sides."""

from .policy import Policy
from .registry import POLICIES, make_policy, policy_names

__all__ = ["POLICIES", "Policy", "make_policy", "policy_names"]
