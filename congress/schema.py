from drf_spectacular.openapi import AutoSchema as BaseAutoSchema


class AutoSchema(BaseAutoSchema):
    """Names nested serializers by their qualified name (MeApi.Output → MeApiOutput), so the
    one-API-class-per-action style with nested Input/Output classes gives unique components."""

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        qualname = serializer.__class__.__qualname__
        if "." in qualname and name == serializer.__class__.__name__.removesuffix("Serializer"):
            return qualname.replace(".", "")
        return name
