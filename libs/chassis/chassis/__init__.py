"""The suite's chassis: plumbing every service and the gateway share. No domain code."""
