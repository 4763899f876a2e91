from services.models.enterprises import Enterprise

__all__ = ["Enterprise"]
