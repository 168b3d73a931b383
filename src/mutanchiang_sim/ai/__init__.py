"""Computer players: the Policy protocol, baselines and the doctrine policies of both sides."""

from .policy import Policy, make_policy, policy_names

__all__ = ["Policy", "make_policy", "policy_names"]
