from django import template

from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup_form(context, id_prefix):
    """Return the signup form for one block: the page's bound form if it is this block's."""
    bound = context.get("newsletter_bound_form")
    if bound is not None and bound.id_prefix == id_prefix:
        return bound
    request = context.get("request")
    return SignupForm(id_prefix=id_prefix, initial={"source_path": request.path if request else ""})
