"""Rights in one place: "may this user do X to this object" and the SQL filters
for "which objects may this user see" (domain.md section 1, docs/toegang.md)."""
