"""Data-subject rights (inzage) and retention (bewaartermijn), for the privacy role."""
