"""An enterprise found by its credit code, or created with the name given."""

from services.enterprises.models import Enterprise


def enterprise_for(credit_code, name):
    """The enterprise with this credit code, created with ``name`` when it is new."""
    credit_code = credit_code.strip().upper()
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
    if enterprise is None:
        enterprise = Enterprise(credit_code=credit_code, name=name.strip())
        enterprise.full_clean()
        enterprise.save()
    return enterprise
