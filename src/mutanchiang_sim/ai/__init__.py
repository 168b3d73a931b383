"""Computer players: the Policy protocol, baselines and the doctrine policies of both sides."""

from .policy import Policy
from .registry import POLICIES, default_policies, make_policy, policy_names

__all__ = ["POLICIES", "Policy", "default_policies", "make_policy", "policy_names"]
