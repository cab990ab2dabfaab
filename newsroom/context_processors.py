from .pagecache import carries_identity


def identity(request):
    """`identified`: the request may belong to someone (a session cookie).

    Templates look at the user or the messages only then: for anyone else,
    doing so would make the page vary on cookies and keep it out of shared
    caches (newsroom/pagecache.py).
    """
    return {"identified": carries_identity(request)}
