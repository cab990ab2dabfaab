"""Demo content for `manage.py seed_demo`, kept out of the installed package.

See demo/README.md for the data files under demo/content/.
"""
