"""Sign-in hardening: per-device API tokens that expire, revocation on password change
or deactivation, the security log, and the request body limit (issue 18)."""
