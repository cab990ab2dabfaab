from .models import Category


def navigation(request):
    """The navigation's sections: top-level categories by name."""
    # Lazy: evaluated only by templates that render the navigation.
    return {
        "nav_categories": Category.objects.filter(parent__isnull=True).order_by("name")
    }
