"""Demo content for `manage.py seed_demo`: the text as data, and its pictures."""
