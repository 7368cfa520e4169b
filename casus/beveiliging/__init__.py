"""HTTP hardening, log-in throttling and server-side sessions (BIO / ASVS level 2)."""
